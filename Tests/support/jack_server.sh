# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the tests that run their own JACK server (jalv, `moodscope live`, the standalone app).
#
# JACK keeps the names of its servers in a registry in /dev/shm with room for 8. The entry of a
# server that has exited is only reclaimed when its pid no longer exists, so on a machine where
# many checkouts have run their tests (new server names) and pids are being reused, a new server
# cannot register and jackd quits without a word. Each test therefore re-runs itself in a private
# mount namespace with its own /dev/shm: JACK's registry, sockets and semaphores start empty, go
# away with the test, and two checkouts testing at once never meet. Where that is not allowed,
# the test runs on the shared /dev/shm under a fixed name and a lock file.

# jack_private_reexec SERVER_NAME SCRIPT ARGS...: call first thing in the test script.
jack_private_reexec() {
  local name="$1"; shift
  export JACK_DEFAULT_SERVER="$name" JACK_NO_AUDIO_RESERVATION=1
  [ -n "${MOODSCOPE_JACK_PRIVATE:-}" ] && return 0
  export MOODSCOPE_JACK_PRIVATE=1
  local inner='mount -t tmpfs -o size=1g,mode=1777 moodscope_shm /dev/shm && exec bash "$@"'
  local ns
  for ns in "--mount" "--user --map-root-user --mount"; do
    # shellcheck disable=SC2086 # the options are meant to split
    if unshare $ns --propagation private bash -c 'mount -t tmpfs tmpfs /dev/shm' 2>/dev/null; then
      # shellcheck disable=SC2086
      exec unshare $ns --propagation private bash -c "$inner" bash "$@"
    fi
  done
  MOODSCOPE_JACK_PRIVATE=shared
  echo "note: no private /dev/shm here (unshare not permitted); JACK server '$name' shares the machine's registry" >&2
  exec 9>"/tmp/moodscope-jack-$name.lock"
  flock -w 300 9 || { echo "another test holds JACK server '$name'" >&2; exit 1; }
}

# jack_start LOG: starts a dummy-driver server at 48 kHz in the background (its pid in JACKD_PID)
# and waits until clients can connect; on failure prints the server's log and returns 1.
jack_start() {
  local log="$1" period="${2:-256}"
  jackd --no-realtime -d dummy -r 48000 -p "$period" >"$log" 2>&1 &
  JACKD_PID=$!
  if ! jack_wait -w -t 20 >>"$log.wait" 2>&1; then
    echo "jackd (server '$JACK_DEFAULT_SERVER') did not accept clients within 20 s; its log:"
    cat "$log"
    return 1
  fi
}

# jack_wait_moodscope: waits up to 10 s for `moodscope live` to register its two JACK inputs;
# returns 1 if it did not.
jack_wait_moodscope() {
  local _
  for _ in $(seq 1 100); do jack_lsp 2>/dev/null | grep -q "^moodscope:in_2" && return 0; sleep 0.1; done
  return 1
}

# jack_metro_into_moodscope LOG: starts jack_metro's 120 BPM clicks (its pid in METRO_PID) and
# connects them to both moodscope inputs.
jack_metro_into_moodscope() {
  local _ metro
  jack_metro -n metro -b 120 -f 880 -A 0.8 -D 50 >"$1" 2>&1 &
  METRO_PID=$!
  for _ in $(seq 1 50); do jack_lsp | grep -q "^metro:" && break; sleep 0.1; done
  metro=$(jack_lsp | grep "^metro:" | head -n1)
  jack_connect "$metro" moodscope:in_1
  jack_connect "$metro" moodscope:in_2
}
