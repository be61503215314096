#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by the library-scan shell tests: sourced with cli and work set.
set -euo pipefail
fail() { echo "FAIL: $*"; exit 1; }

# make_library DIR COUNT SECONDS [FIRST_SEED]: COUNT different synthesized tracks
make_library() {
  local dir="$1" count="$2" seconds="$3" first="${4:-1}" i
  mkdir -p "$dir"
  for i in $(seq "$first" $((first + count - 1))); do
    "$cli" synth "$dir/track$(printf %03d "$i").wav" --seed "$i" --seconds "$seconds" >/dev/null
  done
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# tally FIELD STDERR_FILE: a number from the final "moodscope scan: N files: ..." line
tally() {
  local line
  line=$(grep -E '^moodscope scan: [0-9]+ files:' "$2" | tail -1)
  case "$1" in
    files) sed -E 's/^moodscope scan: ([0-9]+) files:.*/\1/' <<<"$line" ;;
    analyzed) sed -E 's/.* ([0-9]+) analyzed,.*/\1/' <<<"$line" ;;
    cached) sed -E 's/.* ([0-9]+) cached \(.*/\1/' <<<"$line" ;;
    unchanged) sed -E 's/.*\(([0-9]+) unchanged,.*/\1/' <<<"$line" ;;
    same) sed -E 's/.* ([0-9]+) same audio\).*/\1/' <<<"$line" ;;
    failed) sed -E 's/.* ([0-9]+) failed;.*/\1/' <<<"$line" ;;
    decoded) sed -E 's/.* ([0-9]+) decoded;.*/\1/' <<<"$line" ;;
  esac
}

# expect_tally STDERR_FILE files analyzed cached unchanged same failed decoded
expect_tally() {
  local f="$1"; shift
  local got
  got="$(tally files "$f") $(tally analyzed "$f") $(tally cached "$f") $(tally unchanged "$f") $(tally same "$f") $(tally failed "$f") $(tally decoded "$f")"
  [ "$got" = "$*" ] || fail "tally (files analyzed cached unchanged same failed decoded): expected '$*', got '$got'"
}

sql() { sqlite3 -batch "$1" "$2"; }
