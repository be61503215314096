#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A re-scan reads from the cache without decoding and is >= 20x faster; a changed file is
# re-analyzed alone; a touched or copied file is recognized by its audio; exports.
cli="$1"; work="$2"
source "$(dirname "$0")/common.sh"
rm -rf "$work"; mkdir -p "$work"
lib="$work/lib"; cache="$work/cache.sqlite"
# 30 s tracks: a cached re-scan costs the same per file whatever its length, so the ratio
# grows with the length; real tracks are minutes long.
make_library "$lib" 40 30

t0=$(now)
"$cli" scan "$lib" --jobs 2 --cache "$cache" --export jsonl "$work/first.jsonl" 2>"$work/first.err" \
  || { cat "$work/first.err"; fail "first scan exit $?"; }
t1=$(now)
expect_tally "$work/first.err" 40 40 0 0 0 0 40
[ "$(sql "$cache" 'SELECT count(*) FROM fingerprints')" -eq 40 ] || fail "40 fingerprint rows"
[ "$(sql "$cache" 'SELECT count(*) FROM files')" -eq 40 ] || fail "40 path rows"
[ "$(sql "$cache" 'PRAGMA journal_mode')" = wal ] || fail "cache not in WAL mode"

# the export: one line per file with path, 64-hex hash, all 25 dimensions
[ "$(wc -l <"$work/first.jsonl")" -eq 40 ] || fail "jsonl export lines"
jq -e -s 'all(.status == "analyzed" and (.hash | test("^[0-9a-f]{64}$")) and (.fingerprint | length) == 25
              and .duration == 30 and .sample_rate == 44100 and (.mood | type) == "object")' \
   "$work/first.jsonl" >/dev/null || fail "jsonl export schema"
[ "$(jq -r .hash "$work/first.jsonl" | sort -u | wc -l)" -eq 40 ] || fail "40 different tracks, 40 different hashes"

t2=$(now)
"$cli" scan "$lib" --jobs 2 --cache "$cache" --export csv "$work/second.csv" 2>"$work/second.err" \
  || { cat "$work/second.err"; fail "second scan"; }
t3=$(now)
expect_tally "$work/second.err" 40 0 40 40 0 0 0
first=$(elapsed "$t0" "$t1"); second=$(elapsed "$t2" "$t3")
ratio=$(awk -v a="$first" -v b="$second" 'BEGIN { printf "%.1f", a / b }')
echo "first scan ${first} s, cached re-scan ${second} s: ${ratio}x faster"
awk -v r="$ratio" 'BEGIN { exit !(r >= 20) }' || fail "cached re-scan only ${ratio}x faster (need >= 20x)"
[ "$(wc -l <"$work/second.csv")" -eq 41 ] || fail "csv export: header + 40 rows"
head -1 "$work/second.csv" | grep -q '^path,status,error,hash,duration,sample_rate,sub_bass_pct,' || fail "csv header"
[ "$(grep -c ',cached,' "$work/second.csv")" -eq 40 ] || fail "csv rows marked cached"
[ "$(sql "$cache" 'SELECT min(access_count) FROM fingerprints')" -eq 2 ] || fail "access counts after two scans"

# re-write one file with different audio: only it is decoded and analyzed
"$cli" synth "$lib/track005.wav" --seed 1005 --seconds 10 >/dev/null
"$cli" scan "$lib" --cache "$cache" 2>"$work/third.err" || fail "third scan"
expect_tally "$work/third.err" 40 1 39 39 0 0 1
[ "$(sql "$cache" 'SELECT count(*) FROM fingerprints')" -eq 41 ] || fail "the new audio adds one row"

# touch one file (new mtime, same audio) and copy another: decoded and hashed, not analyzed
sleep 0.01; touch "$lib/track010.wav"
cp "$lib/track020.wav" "$lib/copy-of-20.wav"
"$cli" scan "$lib" --cache "$cache" 2>"$work/fourth.err" || fail "fourth scan"
expect_tally "$work/fourth.err" 41 0 41 39 2 0 2
[ "$(sql "$cache" 'SELECT count(*) FROM fingerprints')" -eq 41 ] || fail "same audio adds no row"
[ "$(sql "$cache" 'SELECT count(*) FROM files')" -eq 41 ] || fail "the copy's path is recorded"
"$cli" scan "$lib" --cache "$cache" 2>"$work/fifth.err" || fail "fifth scan"
expect_tally "$work/fifth.err" 41 0 41 41 0 0 0

# bad usage exits 2
set +e
"$cli" scan "$work/no-such-dir" --cache "$cache" >/dev/null 2>&1; c1=$?
"$cli" scan "$lib" --cache "$cache" --export xml "$work/x" >/dev/null 2>&1; c2=$?
set -e
[ "$c1" -eq 2 ] && [ "$c2" -eq 2 ] || fail "bad usage exit codes $c1 $c2"
echo "library scan/cache: all checks passed"
