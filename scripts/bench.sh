#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds and runs the benchmarks; the figures go into the README's performance table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh moodscope_bench moodscope_memory_bench
build/bench/moodscope_memory_bench
exec build/bench/moodscope_bench --benchmark_counters_tabular=true "$@"
