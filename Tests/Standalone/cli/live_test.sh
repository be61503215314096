#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `moodscope live` on a private dummy JACK server: it starts on the (silent) system capture,
# then jack_metro's 120 BPM clicks are connected to its inputs. The status lines and the OSC
# that an oscdump receives must show the floor first, then the signal's loudness and tempo.
set -euo pipefail
cli="$1"; work="$2"
rm -rf "$work"; mkdir -p "$work"
fail() { echo "FAIL: $*"; [ -f "$work/live.err" ] && cat "$work/live.err"; exit 1; }
source "$(dirname "$0")/../../support/jack_server.sh"
jack_private_reexec moodscope_cli_test "$0" "$@"

pids=()
source "$(dirname "$0")/../../support/stop_processes.sh"
cleanup() { stop_processes "${pids[@]}"; }
trap cleanup EXIT

jack_start "$work/jackd.log" 512 || fail "jackd did not start"
pids+=("$JACKD_PID")

source "$(dirname "$0")/../../support/oscdump_receiver.sh"
oscdump_start "$work/osc.txt" || fail "no OSC receiver"
pids+=("$OSCDUMP_PID")
port="$OSCDUMP_PORT"

"$cli" live --type jack --seconds 14 --interval 1 --window 6 --osc "127.0.0.1:$port" \
  >"$work/status.txt" 2>"$work/live.err" &
live=$!
pids+=("$live")
jack_wait_moodscope || fail "moodscope live did not register its JACK inputs"
# 4 s of silence (the dummy capture), then the metronome on both inputs
sleep 4
jack_metro_into_moodscope "$work/metro.log"
pids+=("$METRO_PID")
set +e
wait "$live"; code=$?
set -e
[ "$code" -eq 0 ] || fail "live exited with $code"
cat "$work/status.txt"

value() { sed -n "s/.*[ ^]$1=\([^ ]*\).*/\1/p"; }
lines=$(wc -l <"$work/status.txt")
[ "$lines" -ge 10 ] || fail "expected a status line per 1 s interval over 14 s, got $lines"
grep -q '^time=.* lufs=.* short_term_lufs=.* tempo=.* state=.* label=".*" key=.* osc_msgs_per_s=.* osc_errors=0 overruns=' \
  "$work/status.txt" || fail "status line format"
# silence first: the window past its warm-up reads the -70 LUFS floor
head -n 3 "$work/status.txt" | value lufs | grep -qx -- "-70.0" || fail "no silent status line before the metronome"
# then the clicks: loud, and 120 BPM once the window holds a few seconds of them
tail -n 3 "$work/status.txt" | value lufs | awk '{ if (!($1 > -30)) exit 1 }' || fail "the level never rose above the floor"
tail -n 3 "$work/status.txt" | value short_term_lufs | awk '{ if (!($1 > -30)) exit 1 }' \
  || fail "short-term loudness never rose"
tail -n 3 "$work/status.txt" | value tempo | awk '{ if (!($1 > 117 && $1 < 123)) exit 1 }' \
  || fail "tempo not near 120 BPM"
tail -n 1 "$work/status.txt" | value osc_msgs_per_s | awk '{ if (!($1 > 10)) exit 1 }' || fail "OSC message rate"

# the OSC stream reacts too: short-term loudness at the floor, later well above it
receiver_settle "$work/osc.txt"
grep " /moodscope/loudness ff " "$work/osc.txt" | awk '{ print $5 }' >"$work/short.txt"
[ "$(awk '$1 <= -69.9' "$work/short.txt" | wc -l)" -ge 20 ] || fail "no silent /moodscope/loudness messages"
[ "$(awk '$1 > -30' "$work/short.txt" | wc -l)" -ge 20 ] || fail "no loud /moodscope/loudness messages"
grep " /moodscope/fp/tempo_bpm f " "$work/osc.txt" | tail -n 1 | awk '{ if (!($4 > 117 && $4 < 123)) exit 1 }' \
  || fail "/moodscope/fp/tempo_bpm not near 120"
echo "live: all checks passed"
