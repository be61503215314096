#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# File names and open errors: names that are not UTF-8 or hold a newline or ESC are read by
# every command, written as valid UTF-8 in JSON and CSV and as one escaped line in messages;
# a file without read permission and a process out of descriptors are named as such, never
# as "corrupt".
set -euo pipefail
cli="$1"; work="$2"
rm -rf "$work"; mkdir -p "$work/lib"
fail() { echo "FAIL: $*"; exit 1; }
run() { timeout 120 "$@"; }
source "$(dirname "$0")/../../support/unprivileged.sh"

lat1="$work/lib/lat1 $(printf '\xe9')t$(printf '\xe9').wav"
newline="$work/lib/two
lines.wav"
esc="$work/lib/esc$(printf '\033')[2J.wav"
"$cli" synth --seed 1 --seconds 4 "$lat1" 2>/dev/null
[ -f "$lat1" ] || fail "synth did not write a file with a Latin-1 name"
"$cli" synth --seed 2 --seconds 4 "$newline" 2>/dev/null
printf 'not audio at all' >"$esc"
printf 'not audio either' >"$work/lib/bad$(printf '\xff').wav"

# 1. analyze reads the Latin-1 and newline names; its JSON is valid UTF-8 with U+FFFD in place
#    of the stray bytes; the two bad files get one escaped line each
set +e
run "$cli" analyze --summary-only "$lat1" "$newline" "$esc" "$work/lib/bad$(printf '\xff').wav" \
  >"$work/an.jsonl" 2>"$work/an.err"
code=$?
set -e
[ "$code" -eq 1 ] || fail "analyze: exit $code, expected 1 ($(cat "$work/an.err"))"
iconv -f UTF-8 -t UTF-8 "$work/an.jsonl" >/dev/null || fail "analyze JSON is not valid UTF-8"
[ "$(jq -r .file "$work/an.jsonl" | head -1)" = "$work/lib/lat1 �t�.wav" ] \
  || fail "Latin-1 name in JSON: $(jq -r .file "$work/an.jsonl" | head -1)"
[ "$(jq -s 'map(.file) | .[1]' "$work/an.jsonl")" = "\"$work/lib/two\\nlines.wav\"" ] \
  || fail "newline name in JSON: $(jq -s 'map(.file)' "$work/an.jsonl")"
[ "$(jq -s 'map(select(.duration == 4)) | length' "$work/an.jsonl")" -eq 2 ] || fail "the two good files: 4 s each"
[ "$(wc -l <"$work/an.err")" -eq 2 ] || fail "expected 2 message lines: $(cat -v "$work/an.err")"
! grep -q "$(printf '\033')" "$work/an.err" || fail "an ESC reached the terminal: $(cat -v "$work/an.err")"
grep -qF "esc\\x1B[2J.wav: unsupported or corrupt audio file (skipped)" "$work/an.err" || fail "ESC name: $(cat -v "$work/an.err")"
grep -qF "bad\\xFF.wav: unsupported or corrupt audio file (skipped)" "$work/an.err" || fail "0xFF name: $(cat -v "$work/an.err")"

# 2. scan finds and caches the same files; its CSV export is valid UTF-8; similar queries by
#    the Latin-1 name
set +e
run "$cli" scan --cache "$work/cache.sqlite" --export csv "$work/export.csv" "$work/lib" >/dev/null 2>"$work/scan.err"
code=$?
set -e
[ "$code" -eq 1 ] || fail "scan: exit $code, expected 1 ($(cat -v "$work/scan.err"))"
grep -q "moodscope scan: 4 files: 2 analyzed" "$work/scan.err" || fail "scan: $(cat -v "$work/scan.err")"
[ "$(wc -l <"$work/scan.err")" -eq 3 ] || fail "scan: one line per bad file and the tally: $(cat -v "$work/scan.err")"
! grep -q "$(printf '\033')" "$work/scan.err" || fail "scan: an ESC reached the terminal"
iconv -f UTF-8 -t UTF-8 "$work/export.csv" >/dev/null || fail "scan CSV export is not valid UTF-8"
grep -qF "lat1 �t�.wav,analyzed" "$work/export.csv" || fail "CSV row of the Latin-1 file: $(cat "$work/export.csv")"
[ "$(sqlite3 "$work/cache.sqlite" "SELECT count(*) FROM files WHERE hex(path) LIKE '%E974E9%'")" -eq 1 ] \
  || fail "the cache does not hold the name's own bytes"
run "$cli" similar --cache "$work/cache.sqlite" "$lat1" >"$work/similar.jsonl" 2>"$work/similar.err" \
  || fail "similar on the Latin-1 name: $(cat -v "$work/similar.err")"
grep -q "(query cached;" "$work/similar.err" || fail "similar did not find the scanned file: $(cat "$work/similar.err")"
[ "$(jq -r .path "$work/similar.jsonl")" = "$work/lib/two
lines.wav" ] || fail "similar: $(cat "$work/similar.jsonl")"

# 3. no read permission: the cause, for analyze and scan
priv=$(unprivileged_dir)
trap 'rm -rf "$priv"' EXIT
cp "$cli" "$priv/moodscope"
mkdir -p "$priv/lib"
"$cli" synth --seed 3 --seconds 3 "$priv/lib/open.wav" 2>/dev/null
cp "$priv/lib/open.wav" "$priv/lib/locked.wav"
chmod 0644 "$priv/lib/open.wav"; chmod 0000 "$priv/lib/locked.wav"; chmod 0777 "$priv"
set +e
unprivileged "$priv/moodscope" analyze --summary-only "$priv/lib/locked.wav" "$priv/lib/open.wav" \
  >"$work/perm.jsonl" 2>"$work/perm.err"
code=$?
set -e
[ "$code" -eq 1 ] || fail "unreadable file: exit $code, expected 1 ($(cat "$work/perm.err"))"
grep -qx "moodscope analyze: $priv/lib/locked.wav: cannot open: Permission denied (skipped)" "$work/perm.err" \
  || fail "unreadable file: $(cat "$work/perm.err")"
[ "$(wc -l <"$work/perm.jsonl")" -eq 1 ] || fail "unreadable file: the readable one was not analyzed"
set +e
unprivileged "$priv/moodscope" scan --cache "$priv/cache.sqlite" "$priv/lib" >/dev/null 2>"$work/perm-scan.err"
code=$?
set -e
[ "$code" -eq 1 ] || fail "scan of an unreadable file: exit $code ($(cat "$work/perm-scan.err"))"
grep -q "locked.wav: cannot open: Permission denied" "$work/perm-scan.err" || fail "scan: $(cat "$work/perm-scan.err")"

# 4. out of file descriptors: 20 for the process, 50 workers, 60 files
files=()
for i in $(seq 1 30); do files+=("$lat1" "$newline"); done
set +e
(ulimit -n 20; exec "$cli" analyze --summary-only --jobs 50 "${files[@]}") >"$work/fd.jsonl" 2>"$work/fd.err"
code=$?
set -e
[ "$code" -eq 1 ] || fail "out of descriptors: exit $code, expected 1"
failures=$(grep -c "(skipped)$" "$work/fd.err")
[ "$failures" -gt 0 ] || fail "out of descriptors: no file failed, the limit did not bind"
[ "$(grep -c ": cannot open: Too many open files (skipped)$" "$work/fd.err")" -eq "$failures" ] \
  || fail "out of descriptors, wrong reason: $(grep -v "Too many open files" "$work/fd.err" | head -3)"
[ $(($(wc -l <"$work/fd.jsonl") + failures)) -eq 60 ] || fail "out of descriptors: files lost"
echo "file names and open errors: 4 passed, 0 failed"
