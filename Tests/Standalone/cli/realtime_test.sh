#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `analyze --realtime`: a 3 s file plays for at least 2.8 s of wall time (a lower bound, not a
# benchmark), stdout gets each line as it happens, an oscdump receiver gets the stream and a
# terminal gets a progress bar;
# `--osc` without --realtime sends the same slow messages as fast as the analysis runs.
set -euo pipefail
cli="$1"; work="$2"
rm -rf "$work"; mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
pids=()
source "$(dirname "$0")/../../support/stop_processes.sh"
cleanup() { stop_processes "${pids[@]}"; }
trap cleanup EXIT

"$cli" demo --seconds 3 --write "$work/three.wav" 2>/dev/null

source "$(dirname "$0")/../../support/oscdump_receiver.sh"
receiver() {
  oscdump_start "$1" || fail "no receiver"
  pids+=("$OSCDUMP_PID")
  port="$OSCDUMP_PORT"
}

receiver "$work/osc.txt"
start=$(date +%s.%N)
"$cli" analyze --realtime --interval 1 --osc "127.0.0.1:$port" "$work/three.wav" >"$work/rt.jsonl" 2>"$work/rt.err" \
  || fail "realtime exit $?: $(cat "$work/rt.err")"
end=$(date +%s.%N)
wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
echo "realtime: 3 s file took $wall s"
awk -v w="$wall" 'BEGIN { exit !(w >= 2.8) }' || fail "--realtime finished a 3 s file in $wall s (< 2.8 s)"
jq -e -s 'map(.type) == ["frame","frame","frame","summary"]' "$work/rt.jsonl" >/dev/null \
  || fail "realtime stdout: 3 frames (1 s interval) and a summary"
receiver_settle "$work/osc.txt"
kill "$OSCDUMP_PID" 2>/dev/null || true

# fast messages at up to 60 Hz over 3 s, slow ones after the warm-up (frames at 3 s only: 8 s window)
levels=$(grep -c " /moodscope/level " "$work/osc.txt" || true)
[ "$levels" -ge 30 ] || fail "only $levels /moodscope/level messages in 3 s of playback"
grep -E " /moodscope/fingerprint f{25} " "$work/osc.txt" >"$work/fp.txt" || fail "no /moodscope/fingerprint with 25 floats"
grep -q " /moodscope/fp/tempo_bpm f " "$work/osc.txt" || fail "no /moodscope/fp/tempo_bpm"
# the fingerprint's LUFS (8th value, after time tag, address and type tags) is the demo's loudness, not a placeholder
awk '{ if (!($11 > -30 && $11 < -5)) exit 1 }' "$work/fp.txt" || fail "fingerprint lufs out of range: $(head -n1 "$work/fp.txt")"

# the progress bar: drawn on stderr when it is a terminal (a pty from script(1)), and absent
# from the piped stderr of the run above
! grep -q "ETA" "$work/rt.err" || fail "progress bar on a stderr that is not a terminal"
script -qec "'$cli' analyze --realtime --osc 127.0.0.1:$port '$work/three.wav' >/dev/null" /dev/null >"$work/tty.txt" \
  || fail "realtime under a pty exit $?"
tr '\r' '\n' <"$work/tty.txt" | grep -E '^\[#+-*\] +[0-9]+%  0/1 files  00:0[0-3]/00:03 audio  elapsed 00:0[0-9]  ETA' \
  >/dev/null || fail "no progress bar on a terminal: $(tr '\r' '\n' <"$work/tty.txt" | head -n 5)"

# --osc without --realtime: done long before playback time would be, same slow messages
receiver "$work/fast.txt"
"$cli" demo --seconds 20 --write "$work/twenty.wav" 2>/dev/null
start=$(date +%s.%N)
"$cli" analyze --osc "127.0.0.1:$port" "$work/twenty.wav" >"$work/fast.jsonl" 2>/dev/null || fail "--osc exit $?"
end=$(date +%s.%N)
receiver_settle "$work/fast.txt"
kill "$OSCDUMP_PID" 2>/dev/null || true
wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
echo "osc without --realtime: 20 s file took $wall s"
awk -v w="$wall" 'BEGIN { exit !(w < 15) }' || fail "--osc alone should not play at playback speed ($wall s)"
frames=$(jq -s 'map(select(.type == "frame" and .warming_up == false)) | length' "$work/fast.jsonl")
fps=$(grep -cE " /moodscope/fingerprint f{25} " "$work/fast.txt" || true)
[ "$fps" -eq "$frames" ] || fail "--osc alone: $fps /fingerprint messages for $frames frames"
echo "realtime: all checks passed"
