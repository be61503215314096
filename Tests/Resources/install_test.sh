#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `cmake --install` of the build into a fresh prefix: every file where SPEC §11 puts it, the
# installed programs report the project's version, the desktop entry is valid and the systemd
# user unit (naming the installed program) passes `systemd-analyze --user verify`.
set -euo pipefail
build="$1"; work="$2"; version="$3"; source_dir="$4"
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$work"; mkdir -p "$work"
prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" >"$work/install.log" || { cat "$work/install.log"; fail "cmake --install"; }
(cd "$prefix" && find . -type f | sort) | tee "$work/files.txt"
for f in bin/moodscope bin/Moodscope \
  lib/vst3/Moodscope.vst3/Contents/x86_64-linux/Moodscope.so \
  lib/lv2/Moodscope.lv2/libMoodscope.so lib/lv2/Moodscope.lv2/manifest.ttl lib/lv2/Moodscope.lv2/dsp.ttl \
  share/applications/moodscope.desktop share/icons/hicolor/256x256/apps/moodscope.png \
  share/systemd/user/moodscope-live.service share/doc/moodscope/README.md \
  share/doc/moodscope/docs/OSC.md share/doc/moodscope/copyright share/doc/moodscope/changelog.gz \
  share/doc/moodscope/examples/live.toml share/man/man1/moodscope.1.gz share/man/man1/Moodscope.1.gz; do
  [ -f "$prefix/$f" ] || fail "$f not installed"
done
[ -x "$prefix/bin/moodscope" ] && [ -x "$prefix/bin/Moodscope" ] || fail "programs not executable"
[ "$("$prefix/bin/moodscope" --version)" = "moodscope $version" ] || fail "moodscope --version: $("$prefix/bin/moodscope" --version)"
app_version=$(env -u DISPLAY "$prefix/bin/Moodscope" --version 2>"$work/app.err") || fail "Moodscope --version: $(cat "$work/app.err")"
[ "$app_version" = "Moodscope $version" ] || fail "Moodscope --version printed '$app_version'"
# the LV2 bundle tells hosts the same version, and its one program has a name
grep -q "doap:revision \"$version\"" "$prefix/lib/lv2/Moodscope.lv2/dsp.ttl" || fail "LV2 doap:revision"
IFS=. read -r _ minor micro <<<"$version"
grep -q "lv2:minorVersion $minor ;" "$prefix/lib/lv2/Moodscope.lv2/dsp.ttl" || fail "LV2 minorVersion"
grep -q "lv2:microVersion $micro ;" "$prefix/lib/lv2/Moodscope.lv2/dsp.ttl" || fail "LV2 microVersion"
grep -q 'rdfs:label "Default"' "$prefix/lib/lv2/Moodscope.lv2/manifest.ttl" || fail "the LV2 preset has no name"
desktop-file-validate "$prefix/share/applications/moodscope.desktop" || fail "desktop entry"
gzip -t "$prefix/share/doc/moodscope/changelog.gz" || fail "changelog.gz"
zgrep -q "^moodscope ($version)" "$prefix/share/doc/moodscope/changelog.gz" || fail "changelog version"

unit="$prefix/share/systemd/user/moodscope-live.service"
cat "$unit"
grep -q "^ExecStart=$prefix/bin/moodscope live --config %E/moodscope/live.toml --status-every 60\$" "$unit" \
  || fail "the unit does not run the installed program"
grep -q '^Restart=on-failure$' "$unit" || fail "no Restart=on-failure"
# The user manager's checks need a runtime directory; any message is a finding (a bad value
# is only a warning there, exit 0).
export XDG_RUNTIME_DIR="$work/runtime"
mkdir -m 700 "$XDG_RUNTIME_DIR"
systemd-analyze --user verify "$unit" >"$work/verify.txt" 2>&1 || { cat "$work/verify.txt"; fail "systemd-analyze verify"; }
[ ! -s "$work/verify.txt" ] || { cat "$work/verify.txt"; fail "systemd-analyze verify has findings"; }
# A prefix inside HOME (a per-user install) puts the plugins where hosts look, ~/.vst3 and
# ~/.lv2 (nothing searches ~/.local/lib), the rest under the prefix: the install scripts of a
# tree configured that way (configured only; building it again would prove nothing more).
home="$work/home"
mkdir -p "$home"
HOME="$home" cmake -S "$source_dir" -B "$work/user-tree" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_INSTALL_PREFIX="$home/.local" >"$work/user-tree.log" 2>&1 || { cat "$work/user-tree.log"; fail "configure"; }
scripts=("$work"/user-tree/Plugin/cmake_install.cmake)
grep -q "\"$home/.vst3/Moodscope.vst3/Contents/x86_64-linux\"" "${scripts[@]}" || fail "per-user VST3 not in ~/.vst3"
grep -q "\"$home/.lv2/Moodscope.lv2\"" "${scripts[@]}" || fail "per-user LV2 not in ~/.lv2"
grep -q '"${CMAKE_INSTALL_PREFIX}/bin"' "${scripts[@]}" || fail "per-user app not under the prefix"
# and a system prefix keeps them under the prefix (the build tree of this test)
grep -q '"${CMAKE_INSTALL_PREFIX}/lib/vst3/Moodscope.vst3/Contents/x86_64-linux"' "$build/Plugin/cmake_install.cmake" \
  || fail "system VST3 not in lib/vst3"
rm -rf "$work/user-tree"
echo "install: all checks passed"
