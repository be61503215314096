#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs every Debian package Moodscope needs to build, test and benchmark.
# Idempotent: re-running only installs what is missing. Needs root (or sudo).
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config ccache clang-format git
  # engine
  juce-modules-source libfftw3-dev libconcurrentqueue-dev libreaderwriterqueue-dev
  libebur128-dev libsqlite3-dev libssl-dev nlohmann-json3-dev libcli11-dev liblo-dev
  # the live bridge's config file (TOML)
  libtomlplusplus-dev
  # Ableton Link (header-only) and the standalone asio it is built on
  ableton-link-dev libasio-dev
  # JUCE on Linux: audio, codecs, fonts, X11 (GUI targets only)
  libasound2-dev libjack-jackd2-dev libflac-dev libvorbis-dev libogg-dev
  libfreetype-dev libfontconfig1-dev libx11-dev libxrandr-dev libxinerama-dev
  libxcursor-dev libxext-dev libxcomposite-dev libgl-dev
  # tests: real hosts, real receivers, real servers
  catch2 libbenchmark-dev strace jq iproute2 lilv-utils jalv jackd2 liblo-tools xvfb xauth
  desktop-file-utils
  # library-scan tests: inspect the cache, re-encode a copy (gain, rate, FLAC)
  sqlite3 sox libsox-fmt-base
  # CLI tests: an MP3 of the synthesized track
  lame
  # a real DAW (Tests/Plugin/host/ardour): Ardour 7.3 headless, a real recording (Muldjord's
  # CC BY-SA stems), python3 for its checks, gdb for the backtrace of a crash
  ardour fretsonfire-songs-muldjord python3 gdb
  # rhythm on real recordings (Tests/Standalone/cli/rhythm, Tests/bench): the charted Frets on Fire songs,
  # scored with mir_eval's metrics
  fretsonfire-songs-sectoid python3-mir-eval python3-mido
  # shipping (Tests/Resources): the Debian package (cpack's dpkg-shlibdeps, lintian) and the
  # systemd user unit (systemd-analyze verify)
  dpkg-dev lintian systemd
  # the programs' manual pages, made from their --help
  help2man
  # a real lighting console (Tests/Resources/qlcplus): QLC+ 4.12, headless, fed the OSC lighting profile
  qlcplus
  # fuzzing (scripts/fuzz.sh): clang with libFuzzer and the sanitizer runtimes
  clang libclang-rt-14-dev
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# jackd2 asks about realtime priority; answer once, non-interactively.
echo "jackd2 jackd/tweak_rt_limits boolean false" | $SUDO debconf-set-selections
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
