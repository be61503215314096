#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The CLI end to end: JSON lines on stdout, messages on stderr, exit codes 0/1/2.
set -euo pipefail
cli="$1"; host="$2"; work="$3"
rm -rf "$work"; mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }

"$host" --write-test-wav "$work/tone.wav" >/dev/null

# 1. a good file: one frame per 2 s interval and a summary line, all valid JSON of the §8.1 shape
"$cli" analyze "$work/tone.wav" >"$work/all.jsonl" 2>"$work/err.txt" || fail "exit $? on a good file"
jq -c 'select(.type == "frame")' "$work/all.jsonl" >"$work/out.jsonl"
lines=$(wc -l <"$work/out.jsonl")
[ "$lines" -eq 5 ] || fail "expected 5 frames for 10 s at 2 s interval, got $lines"
[ "$(wc -l <"$work/all.jsonl")" -eq 6 ] || fail "expected 5 frames and 1 summary"
jq -e -s 'last | .type == "summary" and .duration == 10 and .sample_rate == 48000
          and (.fingerprint | length) == 25
          and ([.fingerprint[] | select(type != "number")] | length) == 0' "$work/all.jsonl" >/dev/null \
   || fail "summary line: type, duration, sample_rate, 25 numeric dimensions"
jq -e -s 'last | .fingerprint | keys_unsorted == ["sub_bass_pct","bass_pct","low_mid_pct","mid_pct",
          "upper_mid_pct","presence_pct","air_pct","lufs","crest_db","bass_mid_ratio","tempo_bpm",
          "rhythm_stability","transient_density","silence_ratio","spectral_centroid","spectral_rolloff",
          "spectral_flatness","harmonic_ratio","pitch_stability","chroma_energy","dynamic_range_variation",
          "loudness_variation_std","peak_consistency","stereo_width","phase_correlation"]' "$work/all.jsonl" >/dev/null \
   || fail "summary fingerprint names or order differ from SPEC §4"
jq -e 'select(.type == "frame" and .file != null and (.time|type) == "number"
              and (.fingerprint|type) == "object" and (.mood|type) == "object")' \
   "$work/out.jsonl" >/dev/null || fail "schema"
[ "$(jq -s '[.[] | select(.warming_up == false)] | length' "$work/out.jsonl")" -eq 4 ] || fail "warm-up flags"
jq -e -s 'last | .fingerprint.phase_correlation | (. > -1 and . < 1)' "$work/out.jsonl" >/dev/null \
   || fail "phase_correlation missing or out of range"
jq -e -s 'map(.time) == [2,4,6,8,10]' "$work/out.jsonl" >/dev/null || fail "frame times"
# the §8.1 mood object: 11 metrics in 0..1, labels, state, key, events; none while warming up
metrics='["energy","valence","arousal","intensity","brightness","beat_strength","spectral_warmth",
          "rhythm_regularity","harmonic_ratio","complexity","danceability"]'
jq -e -s 'map(select(.warming_up)) | all(.mood == {})' "$work/out.jsonl" >/dev/null \
   || fail "warming-up frames must carry no mood"
jq -e -s --argjson m "$metrics" 'map(select(.warming_up == false)) | length > 0 and all(.mood as $x
          | ($x | keys_unsorted)[0:11] == $m
          and ([$m[] as $k | $x[$k] | select(type == "number" and . >= 0 and . <= 1)] | length) == 11
          and ($x.label | type) == "string" and ($x.quadrant | type) == "string"
          and ($x.state | type) == "string" and ($x.mode == "major" or $x.mode == "minor" or $x.mode == null)
          and ($x.key | type) != "number" and ($x.events | type) == "array")' "$work/out.jsonl" >/dev/null \
   || fail "frame mood object: metrics, label, quadrant, state, key, mode, events"
jq -e -s --argjson m "$metrics" 'last | .mood as $x | ($x | keys_unsorted)[0:11] == $m
          and ($x.state | type) == "string" and ($x.label | type) == "string" and ($x | has("events") | not)' \
   "$work/all.jsonl" >/dev/null || fail "summary mood object"

# 2. --interval changes the clock
"$cli" analyze --interval 1 "$work/tone.wav" | jq -e -s 'map(select(.type == "frame")) | length == 10' >/dev/null \
   || fail "--interval 1"

# 3. a missing, a corrupt and truncated files next to good ones: exit 1, clear messages, good files
# still done. A WAV or AIFF cut short keeps a header promising the whole length; the reader would
# pad the rest with silence, so it must be refused, not analyzed as mostly silence.
head -c 5000 /dev/urandom >"$work/corrupt.wav"
head -c 1000 "$work/tone.wav" >"$work/cut.wav"
tone_bytes=$(stat -c %s "$work/tone.wav")
head -c $((tone_bytes - 10)) "$work/tone.wav" >"$work/short.wav" # only the last 5 samples missing
"$cli" demo --seconds 4 --write "$work/demo.aiff" 2>/dev/null || fail "demo --write demo.aiff"
head -c $(($(stat -c %s "$work/demo.aiff") / 2)) "$work/demo.aiff" >"$work/cut.aiff"
# FLAC: JUCE's reader pads a cut stream with silence too; the frame with the last sample is missing
"$cli" demo --seconds 4 --write "$work/demo.flac" 2>/dev/null || fail "demo --write demo.flac"
head -c $(($(stat -c %s "$work/demo.flac") / 2)) "$work/demo.flac" >"$work/cut.flac"
head -c $(($(stat -c %s "$work/demo.flac") - 10)) "$work/demo.flac" >"$work/short.flac"
for jobs in 1 3; do
  set +e
  "$cli" analyze --jobs $jobs "$work/missing.wav" "$work/corrupt.wav" "$work/cut.wav" "$work/tone.wav" \
    "$work/cut.aiff" "$work/short.wav" "$work/demo.aiff" "$work/cut.flac" "$work/short.flac" "$work/demo.flac" \
    >"$work/mixed.jsonl" 2>"$work/mixed.err"
  code=$?
  set -e
  [ "$code" -eq 1 ] || fail "jobs $jobs: expected exit 1 with failed files, got $code"
  grep -q "^moodscope analyze: $work/missing.wav: no such file" "$work/mixed.err" || fail "no message for the missing file"
  grep -q "^moodscope analyze: $work/corrupt.wav: unsupported or corrupt" "$work/mixed.err" \
    || fail "no message for the corrupt file"
  for cut in cut.wav cut.aiff short.wav cut.flac short.flac; do
    grep -q "^moodscope analyze: $work/$cut: truncated" "$work/mixed.err" || fail "jobs $jobs: no truncation message for $cut"
  done
  grep -q "$work/cut.flac: truncated: the FLAC header promises 4.00 s" "$work/mixed.err" \
    || fail "jobs $jobs: the FLAC message must give the header's length: $(grep cut.flac "$work/mixed.err")"
  [ "$(wc -l <"$work/mixed.err")" -eq 7 ] || fail "jobs $jobs: expected 7 messages: $(cat "$work/mixed.err")"
  # tone.wav: 5 frames and a summary; demo.aiff and demo.flac (4 s): 2 frames and a summary each
  [ "$(wc -l <"$work/mixed.jsonl")" -eq 12 ] || fail "jobs $jobs: the good files were not analyzed alongside bad ones"
  jq -e -s --arg a "$work/tone.wav" --arg b "$work/demo.aiff" --arg c "$work/demo.flac" \
    'map(select(.type == "summary") | .file) == [$a, $b, $c]' "$work/mixed.jsonl" \
     >/dev/null || fail "jobs $jobs: only the good files have a summary"
done

# 4. bad usage: exit 2
set +e
"$cli" analyze --no-such-option "$work/tone.wav" >/dev/null 2>&1; code=$?
"$cli" analyze --window 1000 "$work/tone.wav" >/dev/null 2>&1; code2=$?
"$cli" >/dev/null 2>&1; code3=$?
set -e
[ "$code" -eq 2 ] && [ "$code2" -eq 2 ] && [ "$code3" -eq 2 ] || fail "bad usage exit codes: $code $code2 $code3"

# 5. the built-in demo runs
"$cli" demo --seconds 6 | jq -e -s 'length == 4 and last.type == "summary"
   and (last.fingerprint.tempo_bpm > 119 and last.fingerprint.tempo_bpm < 121)' >/dev/null || fail "demo"
echo "cli: all checks passed"
