#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's "run" command: installs everything, builds the CLI, synthesizes the built-in
# demo track on the first run (build/demo/moodscope-demo.wav, 30 s, 120 BPM, A minor) and
# plays it through the analyzer at playback speed: JSON lines on stdout, OSC to
# 127.0.0.1:9000. Extra arguments go to `moodscope analyze` (e.g. --osc HOST:PORT, --format csv).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh moodscope_cli
cli=build/Standalone/cli/moodscope_cli_artefacts/Release/moodscope
demo=build/demo/moodscope-demo.wav
if [ ! -f "$demo" ]; then
  mkdir -p "$(dirname "$demo")"
  "$cli" demo --seconds 30 --write "$demo"
fi
osc=(--osc 127.0.0.1:9000)
for arg in "$@"; do [ "$arg" = "--osc" ] && osc=(); done
exec "$cli" analyze --realtime "${osc[@]}" "$@" "$demo"
