#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every input format end to end: one synthesized track written as WAV, AIFF, FLAC and Ogg
# Vorbis by the CLI itself and as MP3 by lame; each analyzed into SPEC §8.1 JSON lines and
# CSV that parse and carry the right fields, with the same numbers whatever the container.
set -euo pipefail
cli="$1"; work="$2"
rm -rf "$work"; mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
names='["sub_bass_pct","bass_pct","low_mid_pct","mid_pct","upper_mid_pct","presence_pct","air_pct","lufs",
"crest_db","bass_mid_ratio","tempo_bpm","rhythm_stability","transient_density","silence_ratio","spectral_centroid",
"spectral_rolloff","spectral_flatness","harmonic_ratio","pitch_stability","chroma_energy","dynamic_range_variation",
"loudness_variation_std","peak_consistency","stereo_width","phase_correlation"]'

for ext in wav aiff flac ogg; do
  "$cli" demo --seconds 12 --write "$work/demo.$ext" 2>/dev/null || fail "demo --write demo.$ext"
done
lame --quiet -b 192 "$work/demo.wav" "$work/demo.mp3" || fail "lame could not encode the MP3"

for ext in wav aiff flac ogg mp3; do
  f="$work/demo.$ext"
  "$cli" analyze "$f" >"$work/$ext.jsonl" 2>"$work/$ext.err" || fail "$ext: exit $?: $(cat "$work/$ext.err")"
  jq -e . "$work/$ext.jsonl" >/dev/null || fail "$ext: a line is not valid JSON"
  # 12 s at the 2 s interval: 6 frames, then exactly one summary, last
  jq -e -s 'length == 7 and ([.[] | .type] == ["frame","frame","frame","frame","frame","frame","summary"])' \
    "$work/$ext.jsonl" >/dev/null || fail "$ext: expected 6 frame lines and 1 summary line"
  jq -e -s --arg f "$f" 'map(.file == $f) | all' "$work/$ext.jsonl" >/dev/null || fail "$ext: file field"
  # frame lines: type, file, time first; time in seconds; fingerprint and mood objects
  jq -e -s 'map(select(.type == "frame")) | map((keys_unsorted[0:3] == ["type","file","time"])
            and (.fingerprint | type) == "object" and (.mood | type) == "object") | all' "$work/$ext.jsonl" \
    >/dev/null || fail "$ext: frame line shape"
  jq -e -s 'map(select(.type == "frame") | .time) == [2,4,6,8,10,12]' "$work/$ext.jsonl" >/dev/null \
    || fail "$ext: frame times"
  # every frame past the warm-up carries all 25 dimensions, in the fixed order, as numbers
  jq -e -s --argjson n "$names" 'map(select(.type == "frame" and .warming_up == false))
            | length == 5 and (map(.fingerprint | keys_unsorted == $n) | all)
            and (map(.fingerprint[] | type == "number") | all)' "$work/$ext.jsonl" >/dev/null \
    || fail "$ext: frame fingerprints (25 names in order, numeric)"
  jq -e -s --argjson n "$names" 'last | (keys_unsorted[0:4] == ["type","file","duration","sample_rate"])
            and .sample_rate == 44100 and (.duration > 11.99 and .duration < 12.1)
            and (.fingerprint | keys_unsorted == $n) and (.mood | type) == "object"' "$work/$ext.jsonl" \
    >/dev/null || fail "$ext: summary line (duration, sample_rate, 25 dimensions in order, mood)"
  # the demo is 120 BPM in every container, lossy ones included
  jq -e -s 'last.fingerprint.tempo_bpm | (. > 119 and . < 121)' "$work/$ext.jsonl" >/dev/null \
    || fail "$ext: summary tempo $(jq -s 'last.fingerprint.tempo_bpm' "$work/$ext.jsonl") not 120"
done

# lossless containers of the same 16-bit samples give the very same numbers
for ext in aiff flac; do
  diff <(jq -c 'del(.file)' "$work/wav.jsonl") <(jq -c 'del(.file)' "$work/$ext.jsonl") >/dev/null \
    || fail "$ext analysis differs from the WAV of the same samples"
done
# lossy ones stay close: loudness within 1 dB, band shares within 2 points
for ext in ogg mp3; do
  jq -e -s --slurpfile w "$work/wav.jsonl" '($w | last.fingerprint) as $r | last.fingerprint
            | ((.lufs - $r.lufs) | fabs) < 1 and ((.bass_pct - $r.bass_pct) | fabs) < 0.02' \
    "$work/$ext.jsonl" >/dev/null || fail "$ext: loudness or bass share far from the WAV's"
done

# CSV: a header, then one row per frame and one per file, all with the header's column count
"$cli" analyze --format csv "$work/demo.wav" "$work/demo.flac" >"$work/out.csv" 2>/dev/null || fail "csv exit $?"
header=$(head -n1 "$work/out.csv")
[ "$(echo "$header" | cut -d, -f1-5)" = "type,file,time,sub_bass_pct,bass_pct" ] || fail "csv header start: $header"
[ "$(echo "$header" | cut -d, -f40-43)" = "label,state,key,mode" ] || fail "csv header end: $header"
# appended after the original 43, so scripts indexing those by position keep working
[ "$(echo "$header" | cut -d, -f44-)" = "sample_rate,duration,warming_up,tempo_skipped" ] \
  || fail "csv header appended columns: $header"
columns=$(echo "$header" | awk -F, '{print NF}')
[ "$columns" -eq 47 ] || fail "csv header has $columns columns, expected 3 + 25 + 11 + 4 + 4 = 47"
[ "$(echo "$header" | tr , '\n' | sort | uniq -d)" = "" ] || fail "csv header repeats a column name"
awk -F, -v n="$columns" 'NF != n { exit 1 }' "$work/out.csv" || fail "a csv row has a different column count"
[ "$(grep -c '^frame,' "$work/out.csv")" -eq 12 ] && [ "$(grep -c '^summary,' "$work/out.csv")" -eq 2 ] \
  || fail "csv: expected 12 frame rows and 2 summary rows"
tempo_col=$(echo "$header" | tr , '\n' | grep -n '^tempo_bpm$' | cut -d: -f1)
awk -F, -v c="$tempo_col" '/^summary,/ { if (!($3 == 12 && $c > 119 && $c < 121)) exit 1 }' "$work/out.csv" \
  || fail "csv summary rows: time is the duration, tempo 120"
# summary rows carry the file's sample rate and duration; frame rows leave them empty
awk -F, '/^summary,/ { if (!($44 == 44100 && $45 == 12 && $46 == 0)) exit 1 }
         /^frame,/ { if (!($44 == "" && $45 == "")) exit 1 }' "$work/out.csv" \
  || fail "csv sample_rate/duration columns"
# warming_up says which frames are warm-up rows, as the JSON lines do (per file)
json_warm=$(jq -s '[.[] | select(.type == "frame") | if .warming_up then 1 else 0 end] | map(tostring) | join(",")' \
  -r "$work/wav.jsonl")
csv_warm=$(awk -F, -v f="$work/demo.wav" '/^frame,/ && $2 == f { printf "%s%s", sep, $46; sep = "," }' "$work/out.csv")
[ "$json_warm" = "$csv_warm" ] && [ "${csv_warm#1,}" != "$csv_warm" ] \
  || fail "csv warming_up ($csv_warm) differs from the JSON lines ($json_warm) or no warm-up row"
# the CSV carries the same numbers as the JSON (7 significant digits)
json_lufs=$(jq -s 'last.fingerprint.lufs' "$work/wav.jsonl")
lufs_col=$(echo "$header" | tr , '\n' | grep -n '^lufs$' | cut -d: -f1)
csv_lufs=$(grep '^summary,' "$work/out.csv" | head -n1 | cut -d, -f"$lufs_col")
awk -v a="$json_lufs" -v b="$csv_lufs" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d < 1e-4) }' \
  || fail "csv lufs $csv_lufs differs from json $json_lufs"
# a file name with a comma and a quote is quoted per RFC 4180
cp "$work/demo.wav" "$work/a,b\"c.wav"
"$cli" analyze --format csv --summary-only "$work/a,b\"c.wav" 2>/dev/null | tail -n1 \
  | grep -q "^summary,\"$work/a,b\"\"c.wav\",12," || fail "csv quoting of a file name with , and \""
echo "formats: all checks passed"
