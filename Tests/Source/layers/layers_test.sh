#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the include probes of CMakeLists.txt beside this file: dsp including an osc header,
# the engine including format and library headers must fail to compile on the missing
# header; the engine including a dsp header must build.
set -uo pipefail
build="$1" work="$2"
mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }

expect_refused() { # target header
  local log="$work/$1.log"
  if cmake --build "$build" --target "$1" >"$log" 2>&1; then
    fail "$1 built: $2 is visible where the layer rule forbids it"
  fi
  grep -q "$2: No such file or directory" "$log" || { cat "$log"; fail "$1 failed for another reason than the missing $2"; }
  echo "refused as it should be: $1 ($2)"
}
expect_refused moodscope_probe_dsp_osc osc/OscSender.h
expect_refused moodscope_probe_engine_format format/JsonOutput.h
expect_refused moodscope_probe_engine_library library/FingerprintCache.h

cmake --build "$build" --target moodscope_probe_engine_dsp >"$work/allowed.log" 2>&1 ||
  { cat "$work/allowed.log"; fail "the engine cannot include dsp/Stft.h"; }
echo "allowed include builds: engine -> dsp/Stft.h"
echo "layers: 4 passed, 0 failed"
