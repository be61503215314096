#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One command for a DAW user: installs the build packages (scripts/setup.sh), builds the plugin,
# the app and the CLI in build-install/, and installs them.
#   bash scripts/install.sh            for this user: VST3 in ~/.vst3, LV2 in ~/.lv2 (where every
#                                      host looks), programs in ~/.local/bin, the menu entry, icon
#                                      and systemd user unit in ~/.local/share
#   bash scripts/install.sh --system   for everyone: a Debian package (cpack -G DEB) installed
#                                      with apt, under /usr; `apt remove moodscope` removes it
# The per-user install is undone by `xargs rm -v < build-install/install_manifest.txt`.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=user
case "${1:-}" in
  "") ;;
  --system) mode=system ;;
  *) echo "usage: bash scripts/install.sh [--system]" >&2; exit 2 ;;
esac

bash scripts/setup.sh
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/moodscope-ccache}"
targets=(Moodscope_VST3 Moodscope_LV2 Moodscope_Standalone moodscope_cli moodscope_man moodscope_qlcplus_qxi)
if [ "$mode" = user ]; then
  prefix="$HOME/.local"
else
  prefix=/usr
fi
cmake -S . -B build-install -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" >/dev/null
cmake --build build-install -j"$(nproc)" --target "${targets[@]}"

if [ "$mode" = user ]; then
  cmake --install build-install --strip
  echo "install: done. VST3 in ~/.vst3, LV2 in ~/.lv2, moodscope and Moodscope in ~/.local/bin"
  case ":$PATH:" in
    *":$HOME/.local/bin:"*) ;;
    *) echo "install: ~/.local/bin is not on PATH yet; Debian's ~/.profile adds it at the next login" ;;
  esac
else
  rm -f build-install/moodscope_*.deb
  (cd build-install && cpack -G DEB)
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get install -y "$(ls "$PWD"/build-install/moodscope_*.deb)"
fi
