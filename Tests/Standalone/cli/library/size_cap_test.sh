#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Filling the cache past its size cap evicts the least-recently-used fingerprints and the
# file on disk shrinks.
cli="$1"; work="$2"
source "$(dirname "$0")/common.sh"
rm -rf "$work"; mkdir -p "$work"
cache="$work/cache.sqlite"
make_library "$work/old" 160 1 1
make_library "$work/new" 10 1 501

"$cli" scan "$work/old" --jobs 2 --cache "$cache" 2>"$work/old.err" || fail "first scan"
[ "$(sql "$cache" 'SELECT count(*) FROM fingerprints')" -eq 160 ] || fail "160 rows"
# use five of the oldest again: they become the most recently used
for i in 001 002 003 004 005; do
  "$cli" similar "$work/old/track$i.wav" --top 1 --cache "$cache" >/dev/null 2>&1 || fail "similar $i"
done
size_before=$(stat -c %s "$cache")
used=$(sql "$cache" 'SELECT (SELECT page_count FROM pragma_page_count) - (SELECT freelist_count FROM pragma_freelist_count)')
page=$(sql "$cache" 'PRAGMA page_size')
cap_bytes=$((used * page / 2))
cap_mb=$(awk -v b="$cap_bytes" 'BEGIN { printf "%.6f", b / 1048576 }')
# the rows that should go first: least recently used, oldest first
sql "$cache" 'SELECT hash FROM fingerprints ORDER BY accessed, rowid' >"$work/lru-order.txt"

"$cli" scan "$work/new" --jobs 2 --cache "$cache" --cache-size-mb "$cap_mb" 2>"$work/new.err" \
  || { cat "$work/new.err"; fail "scan with a cap"; }
cat "$work/new.err"
grep -q "evicted [0-9]* least-recently-used" "$work/new.err" || fail "no eviction reported"
size_after=$(stat -c %s "$cache")
rows=$(sql "$cache" 'SELECT count(*) FROM fingerprints')
echo "cap $cap_bytes bytes: file $size_before -> $size_after bytes, 170 -> $rows fingerprints"
[ "$size_after" -lt "$size_before" ] || fail "the file did not shrink"
[ "$size_after" -le "$cap_bytes" ] || fail "the file ($size_after) is over the cap ($cap_bytes)"
[ "$rows" -lt 170 ] && [ "$rows" -ge 15 ] || fail "row count after eviction: $rows"
# the survivors: every new track, the five used again, and the evicted ones are exactly the
# least recently used of the old ones
for i in $(seq 501 510); do
  [ "$(sql "$cache" "SELECT count(*) FROM files WHERE path LIKE '%/new/track$i.wav'")" -eq 1 ] || fail "new $i evicted"
done
for i in 001 002 003 004 005; do
  [ "$(sql "$cache" "SELECT count(*) FROM files WHERE path LIKE '%/old/track$i.wav'")" -eq 1 ] \
    || fail "recently used track$i was evicted"
done
evicted=$((170 - rows))
head -n "$evicted" "$work/lru-order.txt" | sort >"$work/expected-gone.txt"
sql "$cache" 'SELECT hash FROM fingerprints' | sort >"$work/kept.txt"
[ -z "$(comm -12 "$work/expected-gone.txt" "$work/kept.txt")" ] || fail "a less recently used row survived a newer one"
[ "$(sql "$cache" 'PRAGMA integrity_check')" = ok ] || fail "integrity"
jq -e "(.size_cap_bytes - $cap_bytes) | fabs < 2" <<<"$("$cli" cache stats --json --cache "$cache")" >/dev/null \
  || fail "the cap is remembered"

# cache clear empties and shrinks; vacuum keeps working on an empty cache
"$cli" cache clear --cache "$cache" 2>/dev/null
[ "$(sql "$cache" 'SELECT count(*) FROM fingerprints')" -eq 0 ] || fail "clear"
[ "$(stat -c %s "$cache")" -lt "$size_after" ] || fail "clear did not shrink the file"
"$cli" cache vacuum --cache "$cache" 2>/dev/null || fail "vacuum"
echo "library size cap: all checks passed"
