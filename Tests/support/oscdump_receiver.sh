# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the shell tests that need a real OSC receiver: liblo's `oscdump -L` (line-buffered).

# oscdump_start OUT [PORT]: starts oscdump writing to OUT, on PORT or else on a random free UDP
# port (another test may hold one), and waits until it is listening. Sets OSCDUMP_PORT and
# OSCDUMP_PID; returns 1 when no port could be bound.
oscdump_start() {
  local out="$1" want="${2:-}" attempt
  for attempt in 1 2 3 4 5 6 7 8; do
    OSCDUMP_PORT="${want:-$((20000 + (RANDOM % 40000)))}"
    oscdump -L "$OSCDUMP_PORT" >"$out" 2>"$out.err" &
    OSCDUMP_PID=$!
    sleep 0.3
    kill -0 "$OSCDUMP_PID" 2>/dev/null && return 0
    # a fixed port that is still held by the previous receiver frees up within a moment
    [ -n "$want" ] && sleep 0.5
  done
  echo "oscdump could not listen: $(cat "$out.err")"
  return 1
}

# receiver_settle OUT: returns once OUT has stopped growing for 0.3 s (at most 10 s), i.e. the
# receiver has written out what the sender sent; a fixed sleep is too short on a busy machine.
receiver_settle() {
  local out="$1" last=-1 size _
  for _ in $(seq 1 100); do
    size=$(wc -c <"$out" 2>/dev/null || echo 0)
    if [ "$size" = "$last" ]; then
      sleep 0.2
      [ "$(wc -c <"$out" 2>/dev/null || echo 0)" = "$size" ] && return 0
    fi
    last="$size"
    sleep 0.1
  done
}
