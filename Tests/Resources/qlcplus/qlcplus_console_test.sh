#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs qlcplus_console.py in a network namespace of its own: QLC+'s OSC and Art-Net ports and
# the loopback line it listens on are this test's alone.
# usage: qlcplus_console_test.sh MOODSCOPE QXI WORK
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=../../support/private_netns.sh
source "$here/../../support/private_netns.sh"
enter_private_netns "$0" "$@"
exec /usr/bin/python3 "$here/qlcplus_console.py" "$@"
