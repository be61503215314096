#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `scan --export` writes what `analyze` writes for the same file: the analyze CSV column names
# (mood metrics prefixed mood_, no column twice), the same mood object in JSON (quadrant and
# key_strength included; key and mode null without a key), also for a cache made before
# key_strength was stored.
cli="$1"; work="$2"
source "$(dirname "$0")/common.sh"
rm -rf "$work"; mkdir -p "$work"
lib="$work/lib"; cache="$work/cache.sqlite"
make_library "$lib" 1 6 5
sox -D -n -r 44100 -c 2 -b 16 "$lib/silence.wav" trim 0 6 # digital silence: no key
head -c 1000 "$lib/track005.wav" >"$lib/truncated.wav"

set +e
"$cli" scan "$lib" --cache "$cache" --export csv "$work/scan.csv" 2>"$work/scan.err"; code=$?
set -e
[ "$code" -eq 1 ] || fail "expected exit 1 (the truncated file), got $code: $(cat "$work/scan.err")"
grep -q "truncated.wav: truncated" "$work/scan.err" || fail "no truncation message"
"$cli" analyze --format csv "$lib/track005.wav" "$lib/silence.wav" >"$work/analyze.csv" 2>/dev/null
header=$(head -n1 "$work/scan.csv")
dups=$(tr , '\n' <<<"$header" | sort | uniq -d)
[ -z "$dups" ] || fail "scan csv header repeats: $dups"
# the analysis columns are named and ordered exactly as in the analyze CSV (its columns 4 to 43)
[ "$(cut -d, -f7- <<<"$header")" = "$(head -n1 "$work/analyze.csv" | cut -d, -f4-43)" ] \
  || fail "scan csv analysis columns differ from analyze's: $header"
columns=$(awk -F, '{print NF}' <<<"$header")
awk -F, -v n="$columns" 'NF != n { exit 1 }' "$work/scan.csv" || fail "a scan csv row has a different column count"
[ "$(grep -c ',failed,truncated' "$work/scan.csv")" -eq 1 ] || fail "the truncated file's row"
# same numbers for the same file in both CSVs (same 7 significant digits)
for f in track005 silence; do
  a=$(grep "^summary,$lib/$f.wav," "$work/analyze.csv" | cut -d, -f4-43)
  s=$(grep "/$f.wav,analyzed," "$work/scan.csv" | cut -d, -f7-)
  [ -n "$a" ] && [ "$a" = "$s" ] || fail "$f: scan csv fields '$s' differ from analyze's '$a'"
done

# JSON: the mood object has analyze's summary keys, in order, with the same values
"$cli" scan "$lib" --cache "$cache" --export jsonl "$work/scan.jsonl" 2>/dev/null || true
"$cli" analyze --summary-only "$lib/track005.wav" "$lib/silence.wav" >"$work/analyze.jsonl" 2>/dev/null
for f in track005 silence; do
  a=$(jq -c --arg p "$lib/$f.wav" 'select(.file == $p) | .mood' "$work/analyze.jsonl")
  s=$(jq -c --arg p "$lib/$f.wav" 'select(.path == $p) | .mood' "$work/scan.jsonl")
  [ -n "$a" ] && [ "$a" = "$s" ] || fail "$f: scan mood $s differs from analyze's $a"
done
jq -e -s --arg p "$lib/track005.wav" 'map(select(.path == $p)) | .[0].mood
  | (keys_unsorted | index("quadrant")) != null and (.key | type) == "string" and (.key_strength | type) == "number"' \
  "$work/scan.jsonl" >/dev/null || fail "tonal track: quadrant, key and key_strength"
jq -e -s --arg p "$lib/silence.wav" 'map(select(.path == $p)) | .[0].mood
  | has("key") and .key == null and has("mode") and .mode == null' "$work/scan.jsonl" >/dev/null \
  || fail "silence: key and mode must be null, not missing"

# a cache from before key_strength was stored: opened, upgraded, its rows export a null key_strength
sqlite3 "$cache" 'ALTER TABLE fingerprints DROP COLUMN key_strength'
"$cli" scan "$lib" --cache "$cache" --export jsonl "$work/old.jsonl" 2>"$work/old.err" || true
grep -q "1 failed" "$work/old.err" || fail "old cache re-scan: $(cat "$work/old.err")"
jq -e -s --arg p "$lib/track005.wav" 'map(select(.path == $p)) | .[0] | .status == "cached"
  and (.mood | has("key_strength")) and .mood.key_strength == null and (.mood.key | type) == "string"' \
  "$work/old.jsonl" >/dev/null || fail "old cache row: key_strength null, the rest kept"
[ "$(sqlite3 "$cache" "SELECT count(*) FROM pragma_table_info('fingerprints') WHERE name = 'key_strength'")" -eq 1 ] \
  || fail "old cache not upgraded"
echo "library export: all checks passed"
