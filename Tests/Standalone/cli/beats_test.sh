#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `analyze --beats`: one line per pulse of the causal beat tracker, the same pulses (count and
# strength, in order) that the OSC stream sends as /beat for the same file; counted from 1
# without a gap, bar positions advancing one a beat (the downbeat may move a few times while it
# settles), at the demo's 120 BPM once locked, none in leading silence; the same with
# several workers and in CSV.
set -euo pipefail
cli="$1"; work="$2"
rm -rf "$work"; mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
source "$(dirname "$0")/../../support/oscdump_receiver.sh"

"$cli" demo --seconds 20 --write "$work/demo.wav" 2>/dev/null
# 4 s of silence, then the demo: no pulse in the silence
sox -n -r 44100 -c 2 -b 16 "$work/silence.wav" trim 0 4
sox "$work/silence.wav" "$work/demo.wav" "$work/late.wav"

"$cli" analyze --beats --summary-only "$work/demo.wav" "$work/late.wav" >"$work/beats.jsonl"
jq -e -s 'map(select(.type == "beat")) | length > 0' "$work/beats.jsonl" >/dev/null || fail "no beat lines"
for f in demo late; do
  jq -s --arg f "$work/$f.wav" 'map(select(.type == "beat" and .file == $f))' "$work/beats.jsonl" >"$work/$f.json"
  n=$(jq length "$work/$f.json")
  # 20 s at 120 BPM: 40 beats, the first ones spent locking
  [ "$n" -ge 30 ] && [ "$n" -le 41 ] || fail "$f: $n pulses for 40 beats"
  jq -e '[.[].count] == [range(1; length + 1)]' "$work/$f.json" >/dev/null || fail "$f: counts skip or repeat"
  jq -e '[.[] | .bar_position] | all(. >= 1 and . <= 4)' "$work/$f.json" >/dev/null || fail "$f: bar positions"
  jq -e '[range(1; length) as $i | (.[$i].bar_position - .[$i - 1].bar_position + 4) % 4] | map(select(. != 1)) | length <= 4' \
    "$work/$f.json" >/dev/null || fail "$f: bar positions do not advance one a beat: $(jq -c '[.[].bar_position]' "$work/$f.json")"
  jq -e '[range(1; length) as $i | .[$i].time - .[$i - 1].time] | all(. > 0)' "$work/$f.json" >/dev/null \
    || fail "$f: times do not increase"
  jq -e '.[-10:] | all(.bpm > 118 and .bpm < 122 and .strength > 0)' "$work/$f.json" >/dev/null \
    || fail "$f: the last pulses are not at 120 BPM with a strength: $(jq -c '.[-10:] | map([.bpm, .strength])' "$work/$f.json")"
  # beat spacing once locked: 0.5 s within a hop
  jq -e '.[-20:] | [range(1; length) as $i | .[$i].time - .[$i - 1].time] | all(. > 0.48 and . < 0.52)' \
    "$work/$f.json" >/dev/null || fail "$f: spacing: $(jq -c '.[-20:] | map(.time)' "$work/$f.json")"
done
jq -e '.[0].time >= 4' "$work/late.json" >/dev/null || fail "a pulse in the leading silence: $(jq -c '.[0]' "$work/late.json")"
grep -q '"type":"summary"' "$work/beats.jsonl" || fail "no summary line"
! grep -q '"type":"frame"' "$work/beats.jsonl" || fail "--summary-only printed frames"

# the same pulses as the OSC stream's /beat messages, in order (count, strength)
oscdump_start "$work/osc.txt"
trap 'kill "$OSCDUMP_PID" 2>/dev/null || true' EXIT
"$cli" analyze --summary-only --osc "127.0.0.1:$OSCDUMP_PORT" --osc-no-slow "$work/demo.wav" >/dev/null 2>&1
receiver_settle "$work/osc.txt"
grep -E '/beat i' "$work/osc.txt" | awk '{ printf "%d %.4f\n", $4, $5 }' >"$work/osc-beats.txt"
jq -r '.[] | "\(.count) \(.strength)"' "$work/demo.json" | awk '{ printf "%d %.4f\n", $1, $2 }' >"$work/file-beats.txt"
[ -s "$work/osc-beats.txt" ] || fail "no /beat over OSC: $(head -3 "$work/osc.txt")"
diff "$work/file-beats.txt" "$work/osc-beats.txt" >"$work/diff.txt" || fail "pulses differ from OSC: $(head "$work/diff.txt")"

# several workers: the same lines; CSV: the same pulses, four more columns on every row
"$cli" analyze --beats --summary-only --jobs 2 "$work/demo.wav" "$work/late.wav" >"$work/beats2.jsonl"
cmp -s "$work/beats.jsonl" "$work/beats2.jsonl" || fail "--jobs 2 differs from --jobs 1"
"$cli" analyze --beats --format csv "$work/demo.wav" >"$work/beats.csv"
head -1 "$work/beats.csv" | grep -q ',beat_count,beat_bar_position,beat_strength,beat_bpm$' || fail "CSV header"
[ "$(awk -F, '{ print NF }' "$work/beats.csv" | sort -u)" = "$(head -1 "$work/beats.csv" | awk -F, '{ print NF }')" ] \
  || fail "CSV rows of different widths"
[ "$(grep -c '^beat,' "$work/beats.csv")" -eq "$(jq length "$work/demo.json")" ] || fail "CSV beat rows"
[ "$(grep -c '^frame,' "$work/beats.csv")" -ge 9 ] || fail "CSV frames"
echo "beats: 4 passed, 0 failed"
