#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Library-scan figures for the README (SPEC §8): scan throughput on a synthesized folder of
# 200 five-second tracks, the cost of a cached re-scan per file, and similarity search at
# 50 000 synthetic fingerprints (in memory, the persisted index, and `moodscope similar` end
# to end: best of 5 whole-process wall times with the index fresh and after a change).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh moodscope_cli moodscope_library_bench
cli=build/Standalone/cli/moodscope_cli_artefacts/Release/moodscope
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
tracks=200; seconds=5; jobs=$(nproc)
mkdir -p "$work/lib"
for i in $(seq 1 $tracks); do "$cli" synth "$work/lib/t$i.wav" --seed "$i" --seconds "$seconds"; done

ms() { date +%s%N; }
t0=$(ms); "$cli" scan "$work/lib" --jobs "$jobs" --cache "$work/cache.sqlite" 2>"$work/first.err"; t1=$(ms)
"$cli" scan "$work/lib" --jobs "$jobs" --cache "$work/cache.sqlite" 2>"$work/second.err"; t2=$(ms)
tail -1 "$work/first.err"; tail -1 "$work/second.err"
awk -v a="$t0" -v b="$t1" -v c="$t2" -v n="$tracks" -v s="$seconds" -v j="$jobs" 'BEGIN {
  first = (b - a) / 1e9; second = (c - b) / 1e9
  printf "scan, %d tracks x %d s, %d jobs: %.2f s wall, %.1f files/s, %.1fx real time per core\n", n, s, j, first, n / first, n * s / first / j
  printf "cached re-scan: %.3f s wall for %d files = %.2f ms per file (process start, cache open and check included)\n", second, n, second * 1000 / n
}'

cache50k="$work/bench-50k.sqlite"
MOODSCOPE_BENCH_CACHE="$cache50k" build/bench/moodscope_library_bench --benchmark_counters_tabular=true
"$cli" synth "$work/query.wav" --seed 4242 --seconds "$seconds" 2>/dev/null
# Whole-process wall time of one `moodscope similar` over the 50 000-track cache, in ms.
similar_ms() {
  local t0 t1
  t0=$(ms); "$cli" similar "$work/query.wav" --top 10 --cache "$cache50k" >/dev/null 2>"$work/similar.err"; t1=$(ms)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", (b - a) / 1e6 }'
}
best() { sort -g | head -1; }
echo "moodscope similar over the 50 000-fingerprint cache, whole process wall time:"
similar_ms >/dev/null
echo "  first (query analyzed and stored, index rebuilt): $(sed 's/^moodscope similar: //' "$work/similar.err")"
for run in 1 2 3 4 5; do similar_ms; done >"$work/fresh.ms"
echo "  index fresh, query cached: best of 5 $(best <"$work/fresh.ms") ms (runs: $(tr '\n' ' ' <"$work/fresh.ms")); $(sed 's/^moodscope similar: //' "$work/similar.err")"
# After a change: a scan of one new track stores it and rebuilds the persisted index (timed),
# so the query right after it reads the index instead of rebuilding it.
scan_ms() {
  local t0 t1
  t0=$(ms); "$cli" scan "$1" --jobs 1 --cache "$cache50k" 2>/dev/null; t1=$(ms)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", (b - a) / 1e6 }'
}
for run in 1 2 3 4 5; do
  mkdir -p "$work/new$run"
  "$cli" synth "$work/new$run/n.wav" --seed $((9000 + run)) --seconds 2 2>/dev/null
  scan_ms "$work/new$run" >>"$work/scan1.ms"
  similar_ms
  grep -q "index loaded" "$work/similar.err" || { echo "expected the index the scan stored" >&2; exit 1; }
done >"$work/changed.ms"
echo "  scan of one new 2 s track into it (analysis + index rebuilt and stored): best of 5 $(best <"$work/scan1.ms") ms (runs: $(tr '\n' ' ' <"$work/scan1.ms"))"
echo "  similar right after that scan: best of 5 $(best <"$work/changed.ms") ms (runs: $(tr '\n' ' ' <"$work/changed.ms")); $(sed 's/^moodscope similar: //' "$work/similar.err")"
