#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Caches a command cannot or must not change: a read-only cache (file and folder modes, and a
# read-only mount) still answers similar and cache stats and is left as it was, while scan
# and vacuum refuse it with the cause; a cache of a newer schema is refused by every command
# and left as it was; a damaged page gives a one-line warning.
cli="$1"; work="$2"
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/../../../support/unprivileged.sh"
rm -rf "$work"; mkdir -p "$work"
run() { timeout 120 "$@"; }

priv=$(unprivileged_dir)
trap 'rm -rf "$priv"' EXIT
cp "$cli" "$priv/moodscope"
ucli="$priv/moodscope"
make_library "$priv/lib" 3 3
"$cli" scan --cache "$priv/ro/cache.sqlite" "$priv/lib" 2>/dev/null
"$cli" similar --cache "$priv/ro/cache.sqlite" "$priv/lib/track001.wav" >"$work/similar-rw.jsonl" 2>/dev/null
chmod -R a+rX "$priv"
chmod 0555 "$priv/ro"; chmod 0444 "$priv/ro/cache.sqlite"
sum=$(md5sum <"$priv/ro/cache.sqlite")

# 1. read-only by modes: readers work and change nothing, writers refuse with the cause
check_readers() { # label runner...
  local label="$1"; shift
  "$@" similar --cache "$priv/ro/cache.sqlite" "$priv/lib/track001.wav" >"$work/similar.jsonl" 2>"$work/similar.err" \
    || fail "$label: similar failed: $(cat "$work/similar.err")"
  cmp -s "$work/similar.jsonl" "$work/similar-rw.jsonl" || fail "$label: similar answers differently read-only"
  "$@" cache stats --json --cache "$priv/ro/cache.sqlite" >"$work/stats.json" 2>"$work/stats.err" \
    || fail "$label: cache stats failed: $(cat "$work/stats.err")"
  jq -e '.fingerprints == 3 and .read_only == true and .integrity == "ok"' "$work/stats.json" >/dev/null \
    || fail "$label: cache stats: $(cat "$work/stats.json")"
}
check_writers() { # label reason runner...
  local label="$1" reason="$2"; shift 2
  local c
  set +e
  "$@" scan --cache "$priv/ro/cache.sqlite" "$priv/lib" >/dev/null 2>"$work/scan.err"; c=$?
  set -e
  [ "$c" -eq 1 ] || fail "$label: scan exit $c, expected 1"
  grep -qx "moodscope scan: cannot write fingerprint cache $priv/ro/cache.sqlite: $reason (choose a writable one with --cache)" \
    "$work/scan.err" || fail "$label: scan: $(cat "$work/scan.err")"
  set +e
  "$@" cache vacuum --cache "$priv/ro/cache.sqlite" >/dev/null 2>"$work/vacuum.err"; c=$?
  set -e
  [ "$c" -eq 1 ] && grep -q "cannot write fingerprint cache .*: $reason" "$work/vacuum.err" \
    || fail "$label: vacuum: exit $c, $(cat "$work/vacuum.err")"
}
check_readers "modes" unprivileged "$ucli"
check_writers "modes" "Permission denied" unprivileged "$ucli"
[ "$(md5sum <"$priv/ro/cache.sqlite")" = "$sum" ] || fail "modes: the read-only cache changed"
[ "$(ls "$priv/ro")" = "$(printf 'cache.sqlite\ncache.sqlite.lock')" ] || fail "modes: files appeared: $(ls "$priv/ro")"

# 2. read-only mount (a private mount namespace; a user namespace when not root)
ns=(unshare -m); [ "$(id -u)" -eq 0 ] || ns=(unshare -rm)
chmod 0755 "$priv/ro"; chmod 0644 "$priv/ro/cache.sqlite"
export -f check_readers check_writers fail
export priv work
"${ns[@]}" bash -c 'set -euo pipefail
  mount --bind -o ro "$priv/ro" "$priv/ro"
  check_readers "read-only mount" "$1"
  check_writers "read-only mount" "Read-only file system" "$1"' _ "$ucli" || fail "read-only mount: see above"
[ "$(md5sum <"$priv/ro/cache.sqlite")" = "$sum" ] || fail "read-only mount: the cache changed"

# 3. a newer schema: refused by every command with one line, left as it was
cp "$priv/ro/cache.sqlite" "$work/newer.sqlite"
sqlite3 "$work/newer.sqlite" "UPDATE meta SET value = 999 WHERE name = 'schema'"
newer=$(md5sum <"$work/newer.sqlite")
for command in "scan --cache $work/newer.sqlite $priv/lib" "similar --cache $work/newer.sqlite $priv/lib/track001.wav" \
  "cache stats --cache $work/newer.sqlite" "cache vacuum --cache $work/newer.sqlite" "cache clear --cache $work/newer.sqlite"; do
  set +e
  # shellcheck disable=SC2086
  run "$cli" $command >/dev/null 2>"$work/newer.err"; c=$?
  set -e
  [ "$c" -eq 1 ] || fail "schema 999, $command: exit $c"
  [ "$(wc -l <"$work/newer.err")" -eq 1 ] && grep -q "fingerprint cache $work/newer.sqlite has schema 999, written by a newer Moodscope (this one reads schema 1); left unchanged" \
    "$work/newer.err" || fail "schema 999, $command: $(cat "$work/newer.err")"
done
[ "$(md5sum <"$work/newer.sqlite")" = "$newer" ] || fail "schema 999: the cache was changed"
[ ! -e "$work/newer.sqlite-wal" ] || [ ! -s "$work/newer.sqlite-wal" ] || fail "schema 999: written to the log"

# 4. one damaged page: SQLite finds many problems, the warning is one line (the rows are made
# without randomness, so the damaged page and the problems are the same every run)
cp "$priv/ro/cache.sqlite" "$work/damaged.sqlite"
sqlite3 "$work/damaged.sqlite" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
  INSERT INTO files(path, size, mtime_ns, hash, seen) SELECT '/x/' || i || '.wav', 1, 1, printf('%064x', i * 2654435761), 1 FROM n;
  PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
python3 - "$work/damaged.sqlite" <<'PY'
import sys
with open(sys.argv[1], 'r+b') as f:
    f.seek(4096 * 50 + 100)  # the middle of a leaf page of the files table
    f.write(bytes(3000))
PY
problems=$(sqlite3 "$work/damaged.sqlite" "PRAGMA quick_check" | wc -l)
echo "SQLite finds $problems problems in the damaged cache"
[ "$problems" -ge 5 ] || fail "the damage should give several problems, SQLite found $problems"
run "$cli" scan --cache "$work/damaged.sqlite" "$priv/lib" >/dev/null 2>"$work/damaged.err" || fail "scan over a damaged page"
grep -c "" "$work/damaged.err" | grep -qx 2 || fail "expected the warning and the tally: $(cat "$work/damaged.err")"
grep -qE "^moodscope: warning: fingerprint cache .* is corrupt \(quick_check: .* \(and [0-9]+ more problems\)\); moved it aside to " \
  "$work/damaged.err" || fail "damaged page warning: $(cat "$work/damaged.err")"
echo "hostile caches: 4 passed, 0 failed"
