#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Debian package end to end, on this machine (tests run as root): cpack builds it from the
# build tree; lintian finds no errors or warnings; dpkg installs it; then only the installed paths are used:
# lv2ls lists the LV2 from the system path (an empty HOME, no LV2_PATH), the offline JUCE host
# loads the installed VST3 and LV2 and reads the project's version, `moodscope --version` and
# `moodscope demo` run from /usr/bin; dpkg -r removes every file. The package is removed on any
# exit, so a failure leaves the machine as it was.
set -euo pipefail
build="$1"; work="$2"; version="$3"; host="$4"
fail() { echo "FAIL: $*"; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "installs a package: must run as root"
if dpkg-query -W -f='${Status}' moodscope 2>/dev/null | grep -q "installed"; then
  fail "a moodscope package is installed already; remove it first (this test installs and removes its own)"
fi
rm -rf "$work"; mkdir -p "$work/home"
installed=0
cleanup() { if [ "$installed" = 1 ]; then dpkg -P moodscope >/dev/null 2>&1 || true; fi; }
trap cleanup EXIT

cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/pkg" >"$work/cpack.log" 2>&1 \
  || { cat "$work/cpack.log"; fail "cpack -G DEB"; }
deb=$(ls "$work"/pkg/moodscope_"$version"_*.deb 2>/dev/null | head -n1)
[ -n "$deb" ] || { cat "$work/cpack.log"; fail "no moodscope_${version}_*.deb"; }
dpkg-deb --info "$deb" | tee "$work/info.txt"
dpkg-deb --contents "$deb" >"$work/contents.txt"
grep -q "^ Version: $version\$" "$work/info.txt" || fail "package version"
# dpkg-shlibdeps found the libraries the binaries link
depends=$(sed -n 's/^ Depends: //p' "$work/info.txt")
for lib in libc6 libstdc++6 libasound2 libfftw3-single3 liblo7 libfreetype6; do
  grep -q "\b$lib\b" <<<"$depends" || fail "Depends lacks $lib: $depends"
done

lintian --tag-display-limit 0 "$deb" >"$work/lintian.txt" 2>&1 || true
cat "$work/lintian.txt"
! grep -q "^[EW]: " "$work/lintian.txt" || fail "lintian errors or warnings (README \"Install\" lists the accepted ones: none)"

dpkg -i "$deb" >"$work/dpkg-i.log" 2>&1 || { installed=1; cat "$work/dpkg-i.log"; fail "dpkg -i"; }
installed=1
dpkg -L moodscope >"$work/files.txt"

# LV2 from the system path only: no LV2_PATH, an empty home (no ~/.lv2)
out=$(env -u LV2_PATH HOME="$work/home" lv2ls)
grep -qx "urn:moodscope:analyzer" <<<"$out" || fail "lv2ls does not list urn:moodscope:analyzer: $out"
env -u LV2_PATH HOME="$work/home" lv2info urn:moodscope:analyzer >"$work/lv2info.txt"
grep -q "Bundle: *file:///usr/lib/lv2/Moodscope.lv2/" "$work/lv2info.txt" || fail "not the installed bundle"
grep -A1 "Presets:" "$work/lv2info.txt" | grep -q "Default" || fail "the LV2 preset has no name"

# the installed plugins in the offline JUCE host: loaded, rendered bit-exactly, same version
HOME="$work/home" "$host" --format VST3 --plugin /usr/lib/vst3/Moodscope.vst3 --work "$work/vst3" \
  | tee "$work/vst3.txt" || fail "the installed VST3 in the offline host"
# (JUCE's VST3 wrapper offers a program list only for more than one program)
grep -q "loaded Moodscope (VST3) version $version," "$work/vst3.txt" || fail "VST3 version"
HOME="$work/home" "$host" --format LV2 --plugin urn:moodscope:analyzer --lv2-path /usr/lib/lv2 --work "$work/lv2" \
  | tee "$work/lv2.txt" || fail "the installed LV2 in the offline host"
# JUCE's LV2 host (7.0.5) reads no version from any LV2 bundle (PluginDescription::version stays
# empty); lilv hosts read the bundle's lv2:minorVersion / microVersion and doap:revision.
grep -q "loaded Moodscope (LV2) version [^,]*, program 'Default'" "$work/lv2.txt" || fail "LV2 program name"
IFS=. read -r _ minor micro <<<"$version"
ttl=/usr/lib/lv2/Moodscope.lv2/dsp.ttl
grep -q "doap:revision \"$version\"" $ttl && grep -q "lv2:minorVersion $minor ;" $ttl \
  && grep -q "lv2:microVersion $micro ;" $ttl || fail "the installed LV2 bundle does not carry version $version"

[ "$(/usr/bin/moodscope --version)" = "moodscope $version" ] || fail "moodscope --version"
[ "$(env -u DISPLAY /usr/bin/Moodscope --version 2>/dev/null)" = "Moodscope $version" ] || fail "Moodscope --version"
(cd "$work" && /usr/bin/moodscope demo --seconds 6 >"$work/demo.txt" 2>"$work/demo.err") \
  || { cat "$work/demo.err"; fail "moodscope demo"; }
grep -q '"type":"summary"' "$work/demo.txt" || { head -c 2000 "$work/demo.txt"; fail "moodscope demo printed no summary"; }
[ -f /usr/share/systemd/user/moodscope-live.service ] || fail "no systemd user unit"
grep -q "^ExecStart=/usr/bin/moodscope live " /usr/share/systemd/user/moodscope-live.service || fail "unit ExecStart"

dpkg -r moodscope >"$work/dpkg-r.log" 2>&1 || { cat "$work/dpkg-r.log"; fail "dpkg -r"; }
installed=0
left=()
while read -r path; do
  [ -f "$path" ] || [ -L "$path" ] && left+=("$path")
done <"$work/files.txt"
[ ${#left[@]} -eq 0 ] || fail "left after dpkg -r: ${left[*]}"
for dir in /usr/lib/vst3/Moodscope.vst3 /usr/lib/lv2/Moodscope.lv2 /usr/share/doc/moodscope; do
  [ ! -e "$dir" ] || fail "$dir left after dpkg -r"
done
! dpkg-query -W -f='${Status}' moodscope 2>/dev/null | grep -q "installed" || fail "still registered"
echo "package: all checks passed"
