#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs everything, builds everything, runs the whole test suite:
#   1. the full build (engine, plugin in VST3/LV2/Standalone, CLI, offline host) and all tests,
#      including the plugin loaded in lv2ls, jalv on a dummy JACK server and the JUCE host, and
#      the Debian package built, installed into /usr of this machine (root), used and removed;
#   2. the engine and its tests again under ThreadSanitizer;
#   3. a one-minute smoke of every libFuzzer target (scripts/fuzz.sh, clang, build-fuzz/).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

jobs=$(nproc)
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/moodscope-ccache}"

echo "== format check"
mapfile -t sources < <(git ls-files 'Source/*.cpp' 'Source/*.h' 'Plugin/*.cpp' 'Plugin/*.h' \
  'Standalone/*.cpp' 'Standalone/*.h' 'Tests/*.cpp' 'Tests/*.h' 'bench/*.cpp' 'Resources/*.cpp' 2>/dev/null || true)
if [ ${#sources[@]} -gt 0 ]; then
  clang-format --dry-run -Werror "${sources[@]}"
fi

echo "== build (Release)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"

echo "== tests (Release)"
(cd build && ctest --output-on-failure -j1)

echo "== engine under ThreadSanitizer"
cmake -S . -B build-tsan -G Ninja -DMOODSCOPE_ENGINE_ONLY=ON -DMOODSCOPE_SANITIZER=thread \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-tsan -j"$jobs"
(cd build-tsan && TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" ctest --output-on-failure -j1)

echo "== fuzz smoke"
bash scripts/fuzz.sh --seconds 60
