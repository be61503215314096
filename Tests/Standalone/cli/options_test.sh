#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `analyze` options: --summary-only, folders, --no-tempo, --jobs (output independent of the
# worker count), and bad usage (exit 2 with a message) for every kind of bad value.
set -euo pipefail
cli="$1"; work="$2"
rm -rf "$work"; mkdir -p "$work/folder" "$work/empty"
fail() { echo "FAIL: $*"; exit 1; }

"$cli" demo --seconds 8 --write "$work/folder/b.wav" 2>/dev/null
"$cli" demo --seconds 5 --write "$work/folder/a.flac" 2>/dev/null
"$cli" demo --seconds 6 --write "$work/c.ogg" 2>/dev/null
echo "not audio" >"$work/folder/notes.txt"

# 1. --summary-only: exactly one line per file, each a summary; a folder expands to its
#    audio files in name order (notes.txt ignored)
"$cli" analyze --summary-only "$work/folder" "$work/c.ogg" >"$work/summary.jsonl" 2>"$work/summary.err" \
  || fail "summary-only exit $?"
[ "$(wc -l <"$work/summary.jsonl")" -eq 3 ] || fail "--summary-only: expected 3 lines, got $(wc -l <"$work/summary.jsonl")"
jq -e -s --arg w "$work" 'map(.type) == ["summary","summary","summary"]
      and map(.file) == [$w + "/folder/a.flac", $w + "/folder/b.wav", $w + "/c.ogg"]
      and (map(.duration | round) == [5, 8, 6])' "$work/summary.jsonl" >/dev/null \
  || fail "--summary-only with a folder: $(jq -c -s 'map([.file, .duration])' "$work/summary.jsonl")"
"$cli" analyze --summary-only --format csv "$work/folder" >"$work/summary.csv" 2>/dev/null
[ "$(wc -l <"$work/summary.csv")" -eq 3 ] && [ "$(grep -c '^summary,' "$work/summary.csv")" -eq 2 ] \
  || fail "--summary-only --format csv: a header and one row per file"

# 2. an empty folder is a failed argument (exit 1, message) while the others are analyzed
set +e
"$cli" analyze --summary-only "$work/empty" "$work/c.ogg" >"$work/empty.jsonl" 2>"$work/empty.err"; code=$?
set -e
[ "$code" -eq 1 ] || fail "empty folder: exit $code, expected 1"
grep -q "empty: no audio files" "$work/empty.err" || fail "empty folder: no message"
[ "$(wc -l <"$work/empty.jsonl")" -eq 1 ] || fail "empty folder: the other file was not analyzed"

# 3. --no-tempo: no tempo anywhere (frames and summary report 0), the rest is still measured;
#    without it the same file is at 120 BPM
"$cli" analyze --no-tempo "$work/folder/b.wav" >"$work/lazy.jsonl" 2>/dev/null || fail "--no-tempo exit $?"
jq -e -s 'map(select(.warming_up != true) | .fingerprint.tempo_bpm) | length == 4 and all(. == 0)' \
  "$work/lazy.jsonl" >/dev/null || fail "--no-tempo: tempo_bpm should be 0 in frames and summary"
jq -e -s 'last | .type == "summary" and (.fingerprint | length) == 25
          and .fingerprint.lufs < -5 and .fingerprint.lufs > -30' "$work/lazy.jsonl" >/dev/null \
  || fail "--no-tempo: the other dimensions are still there"
"$cli" analyze --summary-only "$work/folder/b.wav" 2>/dev/null \
  | jq -e '.fingerprint.tempo_bpm > 119 and .fingerprint.tempo_bpm < 121' >/dev/null || fail "tempo without --no-tempo"
# the 0 is flagged (SPEC §4 lazy tempo): tempo_skipped on every frame (warm-up ones too) and the
# summary, true with --no-tempo and false without, in JSON lines and as a 0/1 CSV column
jq -e -s 'length == 5 and all(.tempo_skipped == true)' "$work/lazy.jsonl" >/dev/null \
  || fail "--no-tempo: every line should carry \"tempo_skipped\":true"
"$cli" analyze "$work/folder/b.wav" 2>/dev/null | jq -e -s 'length == 5 and all(.tempo_skipped == false)' >/dev/null \
  || fail "without --no-tempo every line should carry \"tempo_skipped\":false"
for lazy in 0 1; do
  opt=(); [ "$lazy" -eq 1 ] && opt=(--no-tempo)
  "$cli" analyze --format csv "${opt[@]}" "$work/folder/b.wav" 2>/dev/null >"$work/lazy$lazy.csv"
  col=$(head -n1 "$work/lazy$lazy.csv" | tr , '\n' | grep -n '^tempo_skipped$' | cut -d: -f1)
  [ -n "$col" ] || fail "csv: no tempo_skipped column"
  awk -F, -v c="$col" -v want="$lazy" 'NR > 1 { n++; if ($c != want) exit 1 } END { exit n != 5 }' \
    "$work/lazy$lazy.csv" || fail "csv tempo_skipped should be $lazy on all 5 rows"
done

# 4. several workers print exactly what one worker prints, in argument order
"$cli" analyze --jobs 1 "$work/folder" "$work/c.ogg" "$work/folder/b.wav" >"$work/one.jsonl" 2>/dev/null
"$cli" analyze --jobs 3 "$work/folder" "$work/c.ogg" "$work/folder/b.wav" >"$work/three.jsonl" 2>/dev/null
cmp -s "$work/one.jsonl" "$work/three.jsonl" || fail "--jobs 3 output differs from --jobs 1"
[ "$(jq -s 'map(select(.type == "summary")) | length' "$work/three.jsonl")" -eq 4 ] || fail "--jobs: 4 summaries"

# 5. bad usage: exit 2 and a message naming the problem; nothing on stdout
usage() {
  local expect="$1"; shift
  set +e
  "$cli" "$@" >"$work/usage.out" 2>"$work/usage.err"; local code=$?
  set -e
  [ "$code" -eq 2 ] || fail "'$*': exit $code, expected 2"
  [ ! -s "$work/usage.out" ] || fail "'$*': wrote to stdout"
  grep -qi -- "$expect" "$work/usage.err" || fail "'$*': message lacks '$expect': $(cat "$work/usage.err")"
}
usage "--format" analyze --format xml "$work/c.ogg"
usage "--osc" analyze --osc nohost "$work/c.ogg"
usage "--osc" analyze --osc 127.0.0.1:70000 "$work/c.ogg"
usage "--window" analyze --window 2 "$work/c.ogg"
usage "--interval" analyze --interval 0.1 "$work/c.ogg"
usage "--jobs" analyze --jobs 0 "$work/c.ogg"
usage "files" analyze
usage "--bogus" analyze --bogus "$work/c.ogg"
usage "--type" live --type pulse
usage "--osc" live --osc :9000
usage "--seconds" live --seconds -1
usage "subcommand" 
usage "nonsense" nonsense

# 6. --help for every command: exit 0, the options listed
for cmd in analyze live demo; do
  "$cli" "$cmd" --help >"$work/help.txt" 2>&1 || fail "$cmd --help exit $?"
  grep -q "Usage: moodscope $cmd" "$work/help.txt" || fail "$cmd --help"
done
"$cli" analyze --help | grep -q -- "--summary-only" || fail "analyze --help lacks --summary-only"
"$cli" live --help | grep -q -- "--device" || fail "live --help lacks --device"
echo "options: all checks passed"
