#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs everything, builds the CLI and analyzes the built-in demo track (JSON lines on stdout).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh moodscope_cli
exec build/Standalone/moodscope_cli_artefacts/Release/moodscope demo "$@"
