#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A track and its re-encoded copies (-6 dB, 48 kHz FLAC; -6 dB OGG Vorbis) are each other's
# nearest neighbours among 24 different tracks.
cli="$1"; work="$2"
source "$(dirname "$0")/common.sh"
rm -rf "$work"; mkdir -p "$work"
lib="$work/lib"; cache="$work/cache.sqlite"
make_library "$lib" 24 10
sox "$lib/track007.wav" "$lib/copy-007.flac" gain -6 rate 48k
sox "$lib/track016.wav" "$lib/copy-016.ogg" gain -6

"$cli" scan "$lib" --jobs 2 --cache "$cache" 2>"$work/scan.err" || { cat "$work/scan.err"; fail "scan"; }
expect_tally "$work/scan.err" 26 26 0 0 0 0 26

nearest() { "$cli" similar "$1" --top 3 --cache "$cache" 2>>"$work/similar.err" | tee -a "$work/similar.jsonl" | head -1 | jq -r .path; }
# the scan stored the similarity index, so the first query reads it instead of rebuilding it
"$cli" similar "$lib/track001.wav" --cache "$cache" >/dev/null 2>"$work/first.err" || fail "similar"
grep -q "index loaded" "$work/first.err" || fail "the first query after the scan rebuilt the index: $(cat "$work/first.err")"
for pair in "track007.wav copy-007.flac" "track016.wav copy-016.ogg"; do
  set -- $pair
  got=$(nearest "$lib/$1"); [ "$got" = "$lib/$2" ] || fail "nearest to $1 is $got, not $2"
  got=$(nearest "$lib/$2"); [ "$got" = "$lib/$1" ] || fail "nearest to $2 is $got, not $1"
done
cat "$work/similar.jsonl"
jq -e -s 'all(.rank >= 1 and .distance >= 0 and (.hash | length) == 64)' "$work/similar.jsonl" >/dev/null \
  || fail "similar output schema"
# the copies are much closer than the runner-up
jq -s -e '[.[] | select(.rank <= 2)] | [range(0; length; 2) as $i | .[$i + 1].distance / .[$i].distance]
          | all(. > 1.5)' "$work/similar.jsonl" >/dev/null || fail "a copy is not clearly closer than the next track"
# the table format and a file outside the cache (analyzed on the fly, then cached)
"$cli" synth "$work/outside.wav" --seed 7 --seconds 10 --gain-db -3 >/dev/null
"$cli" similar "$work/outside.wav" --top 2 --format table --cache "$cache" >"$work/table.txt" 2>"$work/outside.err"
grep -q "query analyzed" "$work/outside.err" || fail "the new file was not analyzed"
grep -q "index rebuilt" "$work/outside.err" || fail "the index was not rebuilt after the query stored a new track"
head -1 "$work/table.txt" | grep -q "rank *distance *path" || fail "table header"
grep -q "track007.wav\|copy-007.flac" "$work/table.txt" || fail "the same music (seed 7) is not nearest"
echo "library similarity: all checks passed"
