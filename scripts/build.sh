#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs everything and builds the given targets (all when none) in build/ (Release).
# Build output goes to stderr so that callers can keep stdout for data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >&2
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/moodscope-ccache}"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build build -j"$(nproc)" "${targets[@]}" >&2
