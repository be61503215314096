#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The CLI end to end: JSON lines on stdout, messages on stderr, exit codes 0/1/2.
set -euo pipefail
cli="$1"; host="$2"; work="$3"
rm -rf "$work"; mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }

"$host" --write-test-wav "$work/tone.wav" >/dev/null

# 1. a good file: one frame per 2 s interval, every line valid JSON of the §8.1 shape
"$cli" analyze "$work/tone.wav" >"$work/out.jsonl" 2>"$work/err.txt" || fail "exit $? on a good file"
lines=$(wc -l <"$work/out.jsonl")
[ "$lines" -eq 5 ] || fail "expected 5 frames for 10 s at 2 s interval, got $lines"
jq -e 'select(.type == "frame" and .file != null and (.time|type) == "number"
              and (.fingerprint|type) == "object" and (.mood|type) == "object")' \
   "$work/out.jsonl" >/dev/null || fail "schema"
[ "$(jq -s '[.[] | select(.warming_up == false)] | length' "$work/out.jsonl")" -eq 4 ] || fail "warm-up flags"
jq -e -s 'last | .fingerprint.phase_correlation | (. > -1 and . < 1)' "$work/out.jsonl" >/dev/null \
   || fail "phase_correlation missing or out of range"
jq -e -s 'map(.time) == [2,4,6,8,10]' "$work/out.jsonl" >/dev/null || fail "frame times"

# 2. --interval changes the clock
"$cli" analyze --interval 1 "$work/tone.wav" | jq -e -s 'length == 10' >/dev/null || fail "--interval 1"

# 3. a missing and a corrupt file next to a good one: exit 1, clear messages, good file still done
head -c 5000 /dev/urandom >"$work/corrupt.wav"
set +e
"$cli" analyze "$work/missing.wav" "$work/corrupt.wav" "$work/tone.wav" >"$work/mixed.jsonl" 2>"$work/mixed.err"
code=$?
set -e
[ "$code" -eq 1 ] || fail "expected exit 1 with failed files, got $code"
grep -q "missing.wav: no such file" "$work/mixed.err" || fail "no message for the missing file"
grep -q "corrupt.wav: unsupported or corrupt" "$work/mixed.err" || fail "no message for the corrupt file"
[ "$(wc -l <"$work/mixed.jsonl")" -eq 5 ] || fail "the good file was not analyzed alongside bad ones"

# 4. bad usage: exit 2
set +e
"$cli" analyze --no-such-option "$work/tone.wav" >/dev/null 2>&1; code=$?
"$cli" analyze --window 1000 "$work/tone.wav" >/dev/null 2>&1; code2=$?
"$cli" >/dev/null 2>&1; code3=$?
set -e
[ "$code" -eq 2 ] && [ "$code2" -eq 2 ] && [ "$code3" -eq 2 ] || fail "bad usage exit codes: $code $code2 $code3"

# 5. the built-in demo runs
"$cli" demo --seconds 6 | jq -e -s 'length == 3' >/dev/null || fail "demo"
echo "cli: all checks passed"
