#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# lilv's lv2ls must find the built bundle through LV2_PATH and list its URI.
set -euo pipefail
lv2_dir="$1"
out=$(LV2_PATH="$lv2_dir" lv2ls)
echo "$out"
grep -qx "urn:moodscope:analyzer" <<<"$out"
LV2_PATH="$lv2_dir" lv2info urn:moodscope:analyzer | grep -E "Name:|Class:|Ports|Binary:" || true
