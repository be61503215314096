#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SIGKILL mid-scan, then re-scan: the cache opens cleanly and keeps what was committed.
# A cache overwritten with garbage or cut short is moved aside, rebuilt, and the scan succeeds.
cli="$1"; work="$2"
source "$(dirname "$0")/common.sh"
rm -rf "$work"; mkdir -p "$work"
lib="$work/lib"; cache="$work/cache.sqlite"
make_library "$lib" 30 8

"$cli" scan "$lib" --jobs 2 --cache "$cache" 2>"$work/killed.err" & pid=$!
rows=0
for _ in $(seq 1 600); do
  rows=$(sqlite3 -batch "$cache" 'SELECT count(*) FROM fingerprints' 2>/dev/null || echo 0)
  [ "${rows:-0}" -ge 4 ] && break
  sleep 0.05
done
kill -KILL "$pid"; wait "$pid" 2>/dev/null || true
before=$(sql "$cache" 'SELECT count(*) FROM fingerprints')
echo "killed with $before of 30 fingerprints committed"
[ "$before" -ge 4 ] && [ "$before" -lt 30 ] || fail "kill was not mid-scan ($before rows)"
[ "$(sql "$cache" 'PRAGMA integrity_check')" = ok ] || fail "integrity after SIGKILL"

"$cli" scan "$lib" --jobs 2 --cache "$cache" 2>"$work/rescan.err" || { cat "$work/rescan.err"; fail "rescan"; }
! grep -qi corrupt "$work/rescan.err" || fail "a killed scan left a cache that looks corrupt"
[ "$(tally failed "$work/rescan.err")" -eq 0 ] || fail "rescan failures"
cached=$(tally cached "$work/rescan.err"); analyzed=$(tally analyzed "$work/rescan.err")
[ "$cached" -ge "$before" ] && [ $((cached + analyzed)) -eq 30 ] || fail "rescan: $analyzed analyzed, $cached cached"
[ "$(sql "$cache" 'SELECT count(*) FROM fingerprints')" -eq 30 ] || fail "30 rows after the rescan"

# garbage
head -c 200000 /dev/urandom >"$cache"
"$cli" scan "$lib" --jobs 2 --cache "$cache" 2>"$work/garbage.err" || { cat "$work/garbage.err"; fail "scan over garbage"; }
cat "$work/garbage.err"
grep -q "warning: fingerprint cache .* is corrupt" "$work/garbage.err" || fail "no warning about the corrupt cache"
grep -q "moved it aside to $cache.corrupt-" "$work/garbage.err" || fail "warning does not say where it went"
aside=$(ls "$cache".corrupt-* | head -1)
[ "$(stat -c %s "$aside")" -eq 200000 ] || fail "the garbage was not kept aside intact"
expect_tally "$work/garbage.err" 30 30 0 0 0 0 30
[ "$(sql "$cache" 'PRAGMA integrity_check')" = ok ] || fail "rebuilt cache integrity"

# cut short (a disk that filled up, a bad copy)
size=$(stat -c %s "$cache")
truncate -s $((size / 2)) "$cache"
"$cli" scan "$lib" --jobs 2 --cache "$cache" 2>"$work/cut.err" || { cat "$work/cut.err"; fail "scan over a cut cache"; }
grep -q "is corrupt" "$work/cut.err" || fail "a truncated cache was not detected"
expect_tally "$work/cut.err" 30 30 0 0 0 0 30
[ "$(ls "$cache".corrupt-* | wc -l)" -ge 2 ] || fail "second corrupt file not kept aside"
echo "library crash/corruption: all checks passed"
