#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Corrupt, empty, truncated, unsupported and dangling files in a library are reported with a
# reason and skipped; the rest finish; the exit status says some failed.
cli="$1"; work="$2"
source "$(dirname "$0")/common.sh"
rm -rf "$work"; mkdir -p "$work"
lib="$work/lib"; cache="$work/cache.sqlite"
make_library "$lib" 3 4
mkdir -p "$lib/album.wav"                    # a folder with an audio extension is walked into
"$cli" synth "$lib/album.wav/inner.wav" --seed 77 --seconds 4 >/dev/null
head -c 5000 /dev/urandom >"$lib/corrupt.wav"
: >"$lib/empty.flac"
echo "not audio at all" >"$lib/notes.mp3"
head -c 200000 "$lib/track001.wav" >"$lib/truncated.wav"
ln -s "$lib/nowhere.ogg" "$lib/dangling.ogg"
echo "readme" >"$lib/readme.txt"             # not an audio extension: not scanned

set +e
"$cli" scan "$lib" --jobs 2 --cache "$cache" --export jsonl "$work/out.jsonl" 2>"$work/scan.err"; code=$?
set -e
cat "$work/scan.err"
[ "$code" -eq 1 ] || fail "expected exit 1, got $code"
expect_tally "$work/scan.err" 9 4 0 0 0 5 8
grep -q "failed: $lib/corrupt.wav: unsupported or corrupt" "$work/scan.err" || fail "corrupt.wav"
grep -q "failed: $lib/empty.flac: unsupported or corrupt" "$work/scan.err" || fail "empty.flac"
grep -q "failed: $lib/notes.mp3: unsupported or corrupt" "$work/scan.err" || fail "notes.mp3"
grep -q "failed: $lib/truncated.wav: truncated" "$work/scan.err" || fail "truncated.wav"
grep -q "failed: $lib/dangling.ogg: no such file" "$work/scan.err" || fail "dangling.ogg"
! grep -q readme "$work/scan.err" || fail "readme.txt should not be scanned"
[ "$(wc -l <"$work/out.jsonl")" -eq 9 ] || fail "export has one line per file"
[ "$(jq -s '[.[] | select(.status == "failed" and (.error | length) > 0)] | length' "$work/out.jsonl")" -eq 5 ] \
  || fail "export marks the failures"
[ "$(sql "$cache" 'SELECT count(*) FROM fingerprints')" -eq 4 ] || fail "4 good files cached"

# a re-scan still reports them, the good files come from the cache
set +e
"$cli" scan "$lib" --cache "$cache" 2>"$work/rescan.err"; code=$?
set -e
[ "$code" -eq 1 ] || fail "re-scan exit $code"
expect_tally "$work/rescan.err" 9 0 4 4 0 5 4

# scan reads every extension analyze reads, the less common spellings too
ext="$work/ext"; mkdir -p "$ext"
cp "$lib/track001.wav" "$ext/a.wave"
"$cli" demo --seconds 3 --write "$work/b.aiff" 2>/dev/null && mv "$work/b.aiff" "$ext/b.aifc"
"$cli" demo --seconds 3 --write "$work/c.ogg" 2>/dev/null && mv "$work/c.ogg" "$ext/c.oga"
"$cli" scan "$ext" --cache "$work/ext.sqlite" 2>"$work/ext.err" || { cat "$work/ext.err"; fail "scan of .wave .aifc .oga"; }
expect_tally "$work/ext.err" 3 3 0 0 0 0 3
"$cli" analyze --summary-only "$ext" >"$work/ext.jsonl" 2>"$work/ext-analyze.err" \
  || { cat "$work/ext-analyze.err"; fail "analyze of .wave .aifc .oga"; }
[ "$(jq -s 'map(select(.duration > 2)) | length' "$work/ext.jsonl")" -eq 3 ] || fail "analyze of .wave .aifc .oga: 3 summaries"
echo "library bad files: all checks passed"
