#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The standalone app against a real JACK server (jackd -d dummy) on a private X server:
# run 1 is started with --audio-api JACK and --osc pointing at oscdump; jack_metro feeds its
# input; the published level must rise from the floor and fingerprints must arrive. The app
# is stopped (SIGINT) and started again without options: the saved settings (JACK device,
# OSC target, window) must bring it back to the same state. HOME and XDG_CONFIG_HOME point
# into the work directory, so the user's own settings are never touched.
set -euo pipefail
app="$1"; work="$2"
rm -rf "$work"; mkdir -p "$work/home/.config"
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config"
source "$(dirname "$0")/../../support/jack_server.sh"
jack_private_reexec moodscope_standalone_test "$0" "$@"
settings="$XDG_CONFIG_HOME/Moodscope.settings"

pids=()
source "$(dirname "$0")/../../support/stop_processes.sh"
cleanup() { stop_processes "${pids[@]}"; }
trap cleanup EXIT
fail() { echo "standalone test: FAIL: $*"; for f in "$work"/*.log; do echo "== $f"; tail -n 30 "$f"; done; exit 1; }
wait_for() { # seconds, command...
  local t=$(( $1 * 10 )); shift
  for _ in $(seq 1 "$t"); do "$@" && return 0; sleep 0.1; done
  return 1
}

jack_start "$work/jackd.log" || fail "jackd did not start"
pids+=("$JACKD_PID")

# A private X display; -displayfd reports the number it picked.
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
pids+=($!)
wait_for 10 test -s "$work/display" || fail "Xvfb did not start"
export DISPLAY=":$(head -n1 "$work/display")"

source "$(dirname "$0")/../../support/oscdump_receiver.sh"
# oscdump -L lines: [TIMETAG] ADDRESS TYPES VALUES... (a timetag when the message came in a bundle)
level_max() { awk '{ a = ($1 ~ /^\//) ? 1 : 2 } $a ~ /\/level$/ { v = $(a + 2); if (m == "" || v > m) m = v }
                   END { print (m == "" ? -999 : m) }' "$1"; }
# lufs is the 8th of the 25 fingerprint values
fp_lufs_max() { awk '{ a = ($1 ~ /^\//) ? 1 : 2 } $a ~ /\/fingerprint$/ && NF - a == 26 { v = $(a + 9); if (m == "" || v > m) m = v }
                     END { print (m == "" ? -999 : m) }' "$1"; }
fingerprints() { awk '{ a = ($1 ~ /^\//) ? 1 : 2 } $a ~ /\/fingerprint$/ && NF - a == 26' "$1" | wc -l; }

start_app() { # log, args...
  local log="$1"; shift
  "$app" "$@" >"$log" 2>&1 &
  app_pid=$!
  pids+=($app_pid)
  wait_for 30 bash -c 'jack_lsp 2>/dev/null | grep -q "^Moodscope:in_1$"' || fail "the app did not register on JACK"
  wait_for 10 grep -q "Moodscope: audio" "$log" || fail "the app did not report its audio device"
}
stop_app() {
  kill -INT "$app_pid"
  for _ in $(seq 1 100); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$app_pid" 2>/dev/null; then kill -KILL "$app_pid"; fail "the app did not quit on SIGINT"; fi
  wait "$app_pid" 2>/dev/null || true
}
connect_metro() {
  for p in Moodscope:in_1 Moodscope:in_2; do jack_connect "$metro_port" "$p"; done
}

# ---- run 1: options on the command line
oscdump_start "$work/osc1.txt" || fail "no OSC receiver"
dump1=$OSCDUMP_PID port=$OSCDUMP_PORT
pids+=("$dump1")
start_app "$work/app1.log" --audio-api JACK --osc "127.0.0.1:$port" --window 4 --interval 0.5 \
  --wled 127.0.0.1:21988 --link
grep -q "audio JACK" "$work/app1.log" || fail "the app did not open JACK"
jack_lsp -c | tee "$work/ports1.txt" >/dev/null

# Unfed input (the dummy server's capture ports are silent): level at the floor.
wait_for 20 grep -q "/level " "$work/osc1.txt" || fail "no /level messages arrived"
sleep 1
silent=$(level_max "$work/osc1.txt")
echo "standalone test: level with a silent input: $silent dBFS"
awk -v v="$silent" 'BEGIN { exit !(v < -90) }' || fail "level $silent dBFS with nothing connected"

jack_metro -n metro -b 120 -f 880 -A 0.8 -D 60 >"$work/metro.log" 2>&1 &
pids+=($!)
wait_for 10 bash -c 'jack_lsp | grep -q "^metro:"' || fail "jack_metro did not start"
metro_port=$(jack_lsp | grep "^metro:" | head -n1)
mark=$(wc -l <"$work/osc1.txt")
connect_metro
has_fingerprint_after() { [ "$(tail -n +"$2" "$1" | fingerprints /dev/stdin)" -gt 0 ]; }
wait_for 30 has_fingerprint_after "$work/osc1.txt" "$mark" \
  || fail "no full fingerprint after the metronome was connected"
sleep 2
tail -n +"$mark" "$work/osc1.txt" >"$work/osc1.fed.txt"
fed=$(level_max "$work/osc1.fed.txt")
n_fp=$(fingerprints "$work/osc1.fed.txt")
echo "standalone test: run 1: level with the metronome: $fed dBFS; $n_fp fingerprints"
awk -v v="$fed" 'BEGIN { exit !(v > -40) }' || fail "level $fed dBFS did not react to the metronome"
fp_lufs=$(fp_lufs_max "$work/osc1.fed.txt")
echo "standalone test: run 1: window loudness in the fingerprint: $fp_lufs LUFS (silence: -70)"
awk -v v="$fp_lufs" 'BEGIN { exit !(v > -50) }' || fail "the fingerprint's loudness $fp_lufs did not react"
grep -m1 "/fingerprint" "$work/osc1.fed.txt" | cut -c1-200
stop_app
[ -s "$settings" ] || fail "no settings file at $settings"
grep -q 'filterState' "$settings" || fail "plugin state not saved"
grep -q 'JACK' "$settings" || fail "audio device type not saved"

# ---- run 2: no options; everything comes from the saved settings
kill "$dump1"; wait "$dump1" 2>/dev/null || true # frees the port for the second listener
oscdump_start "$work/osc2.txt" "$port" || fail "the saved OSC port $port could not be listened on again"
pids+=("$OSCDUMP_PID")
start_app "$work/app2.log"
grep -q "audio JACK" "$work/app2.log" || fail "run 2 did not reopen JACK from the saved settings"
connect_metro
wait_for 30 has_fingerprint_after "$work/osc2.txt" 1 \
  || fail "run 2 sent no fingerprint to the saved OSC target"
sleep 1
fed2=$(level_max "$work/osc2.txt")
echo "standalone test: run 2 (saved settings): level $fed2 dBFS; $(fingerprints "$work/osc2.txt") fingerprints"
awk -v v="$fed2" 'BEGIN { exit !(v > -40) }' || fail "run 2 level $fed2 dBFS did not react"
stop_app
# The window and interval given on run 1's command line came back from the saved state.
grep -q "window 4.0 s, interval 0.5 s" "$work/app2.log" || fail "the window/interval settings did not survive"
grep -q "OSC 127.0.0.1:$port" "$work/app2.log" || fail "the OSC target did not survive"
grep -q "WLED 127.0.0.1:21988, Link on" "$work/app2.log" || fail "the WLED target and Link switch did not survive"
echo "standalone test: JACK input analyzed, OSC published, settings survived a restart"
