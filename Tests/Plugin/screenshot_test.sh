#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Renders the editor fed by the engine on a synthesized signal and checks the PNG: the
# editor's size, hundreds of distinct colours, and mostly not plain background.
set -euo pipefail
bin="$1"; work="$2"
rm -rf "$work"; mkdir -p "$work"
"$bin" --screenshot "$work/editor.png"
"$bin" --check "$work/editor.png"
"$bin" --screenshot "$work/settings.png" --pad-seconds 4 --drum-seconds 6 --settings
"$bin" --check "$work/settings.png"
