#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Three scan processes on one cache at once (two on the same folder): all finish, no
# duplicate rows, no "database is locked".
cli="$1"; work="$2"
source "$(dirname "$0")/common.sh"
rm -rf "$work"; mkdir -p "$work"
cache="$work/cache.sqlite"
make_library "$work/a" 24 6 1
make_library "$work/b" 12 6 101

"$cli" scan "$work/a" --jobs 2 --cache "$cache" 2>"$work/1.err" & p1=$!
"$cli" scan "$work/a" --jobs 2 --cache "$cache" 2>"$work/2.err" & p2=$!
"$cli" scan "$work/b" --jobs 2 --cache "$cache" 2>"$work/3.err" & p3=$!
set +e
wait $p1; c1=$?; wait $p2; c2=$?; wait $p3; c3=$?
set -e
cat "$work"/[123].err
[ "$c1" -eq 0 ] && [ "$c2" -eq 0 ] && [ "$c3" -eq 0 ] || fail "exit codes $c1 $c2 $c3"
! grep -qi "locked\|busy" "$work"/[123].err || fail "a scan reported a locked or busy database"
[ "$(tally failed "$work/1.err")" -eq 0 ] && [ "$(tally failed "$work/2.err")" -eq 0 ] || fail "failures"
[ "$(sql "$cache" 'SELECT count(*) FROM fingerprints')" -eq 36 ] || fail "expected 36 fingerprint rows"
[ "$(sql "$cache" 'SELECT count(DISTINCT hash) FROM fingerprints')" -eq 36 ] || fail "duplicate hashes"
[ "$(sql "$cache" 'SELECT count(*) FROM files')" -eq 36 ] || fail "expected 36 path rows"
[ "$(sql "$cache" 'PRAGMA integrity_check')" = ok ] || fail "integrity"
stats=$("$cli" cache stats --json --cache "$cache")
jq -e '.fingerprints == 36 and .files == 36 and .integrity == "ok"' <<<"$stats" >/dev/null || fail "cache stats: $stats"
# every file of a was analyzed by one of the two scans or found cached by the other
a1=$(tally analyzed "$work/1.err"); a2=$(tally analyzed "$work/2.err")
[ $((a1 + a2)) -ge 24 ] || fail "analyzed $a1 + $a2 < 24"
echo "library concurrent scans: all checks passed ($a1 + $a2 analyzed of 24 by the two scans of one folder)"
