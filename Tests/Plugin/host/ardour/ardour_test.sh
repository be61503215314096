#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The built LV2 and VST3 in a real DAW: Ardour 7.3 (Debian's `ardour`), headless through
# `ardour7-lua` on the "None (Dummy)" backend, as a producer would use it.
#
#  1. a session is created with one stereo track, Moodscope inserted as LV2 and as VST3 (in
#     series), the session tempo set, and saved (create_session.lua); a real recording (two
#     stems of a Muldjord song from Debian's fretsonfire-songs-muldjord, mixed by sox) goes in
#     as a region, and each plugin's saved state gets an OSC target and its own prefix (/lv2,
#     /vst3) (session_tool.py) — so every later run restores the plugins from the session;
#  2. the session is played from the start in real time (play.lua) with oscdump listening:
#     every OSC address family arrives from both formats, /host/beat pulses at the session
#     tempo, /bpm is non-zero within 4 s of the music, and the parameter values Ardour reads
#     from each plugin are the plugin's own (its defaults);
#  3. the session is exported offline (export.lua, Session:simple_export, 32-bit float WAV)
#     N times, each a fresh ardour7-lua process, with OSC on and the receiver present for the
#     first half and absent for the second: every export is bit-identical to the recording and
#     no run crashes in Moodscope. A crash is classified by its core dump's backtrace (gdb):
#     a Moodscope frame in the crashing thread fails the test, and so does any crash before
#     the export finished; a crash after a finished, bit-identical export with no Moodscope
#     frame is reported as Ardour's. On an AVX-512 CPU Ardour runs without its AVX-512F
#     routines, which overrun buffers in Ardour 7.3's export (see below).
#
# Usage: ardour_test.sh LV2_BUNDLE VST3_BUNDLE MOODSCOPE_CLI WORK_DIR
# Environment: MOODSCOPE_ARDOUR_EXPORTS (default 50), MOODSCOPE_ARDOUR_SECONDS (default 12),
# MOODSCOPE_ARDOUR_AVX512=1 (keep Ardour's AVX-512F routines, to see Ardour's own bug).
# Run time on 2 cores: about 5 minutes (12 s of play, 50 exports of about 4 s each).
set -uo pipefail

lv2_bundle="$1"; vst3_bundle="$2"; cli="$3"; work="$4"
exports="${MOODSCOPE_ARDOUR_EXPORTS:-50}"
seconds="${MOODSCOPE_ARDOUR_SECONDS:-12}"
here="$(cd "$(dirname "$0")" && pwd)"
export MS_LUA_DIR="$here"
tool="$here/session_tool.py"

# A private network namespace: the OSC target port is ours, "receiver absent" really means
# nothing listens, and two checkouts testing at once never meet.
source "$(dirname "$0")/../../../support/private_netns.sh"
enter_private_netns "$0" "$@"

fails=()
fail() { fails+=("$1"); echo "FAIL: $1"; }
pass() { echo "PASS: $1"; }
die() { echo "FAIL: $1"; exit 1; }

for t in ardour7-lua oscdump sox python3; do
  command -v "$t" >/dev/null || die "$t is not installed (scripts/setup.sh installs it)"
done
[ -x /usr/lib/ardour7/ardour-vst3-scanner ] || die "ardour-vst3-scanner missing (Debian package ardour)"
[ -f "$lv2_bundle/manifest.ttl" ] || die "no LV2 bundle at $lv2_bundle"
[ -d "$vst3_bundle/Contents" ] || die "no VST3 bundle at $vst3_bundle"

rm -rf "$work"; mkdir -p "$work"
work="$(cd "$work" && pwd)"
# Ardour's configuration, caches and plugin folders are the test's own.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/home/.cache"
mkdir -p "$HOME/.lv2" "$HOME/.vst3" "$XDG_CONFIG_HOME/ardour7/export"
ln -s "$(cd "$lv2_bundle" && pwd)" "$HOME/.lv2/Moodscope.lv2"
ln -s "$(cd "$vst3_bundle" && pwd)" "$HOME/.vst3/Moodscope.vst3"
export LV2_PATH="$HOME/.lv2"

# shellcheck source=SCRIPTDIR/../../../support/oscdump_receiver.sh
source "$here/../../../support/oscdump_receiver.sh"
pids=()
source "$(dirname "$0")/../../../support/stop_processes.sh"
cleanup() { stop_processes "${pids[@]}"; }
trap cleanup EXIT

t_start=$(date +%s)

# ------------------------------------------------------------------ the recording
songs=/usr/share/games/fretsonfire/data/songs/muldjord
song="$songs/mutilated_mime"
mix="$work/mix.wav"
if [ -f "$song/song.ogg" ] && [ -f "$song/guitar.ogg" ]; then
  # "Mutilated Mime" by Muldjord (CC BY-SA 3.0), 180 BPM (its notes.mid): band and guitar stems
  # from 0:45, where drums and guitars play steadily from the first beat.
  bpm=180
  sox -m "$song/song.ogg" "$song/guitar.ogg" -e floating-point -b 32 "$mix" trim 45 "$seconds" \
    || die "sox could not mix $song"
  echo "audio: Muldjord, Mutilated Mime, 0:45 + ${seconds} s (song + guitar stems mixed by sox), session tempo $bpm"
else
  bpm=120
  "$cli" demo --seconds "$seconds" --write "$work/demo.wav" >/dev/null || die "moodscope demo failed"
  sox "$work/demo.wav" -e floating-point -b 32 -r 44100 "$mix" || die "sox could not convert the demo"
  echo "audio: NOTE fretsonfire-songs-muldjord is not installed; the synthesized demo (120 BPM) stands in"
fi

# ------------------------------------------------------------------ the session
echo "== scan the VST3 and create the session"
LD_LIBRARY_PATH=/usr/lib/ardour7 /usr/lib/ardour7/ardour-vst3-scanner -f -q "$HOME/.vst3/Moodscope.vst3" \
  >"$work/vst3-scan.log" 2>&1 || { cat "$work/vst3-scan.log"; die "ardour-vst3-scanner could not load the VST3"; }

session="$work/session"; name=moodscope
MS_SESSION_DIR="$session" MS_SESSION_NAME="$name" MS_RATE=44100 MS_BPM="$bpm" MS_FORMATS=lv2,vst3 \
  timeout 120 ardour7-lua "$here/create_session.lua" >"$work/create.log" 2>&1
rc=$?
grep -E "^(inserted|created|FAIL)" "$work/create.log"
if [ $rc -ne 0 ] || ! grep -q "^created" "$work/create.log"; then
  tail -n 30 "$work/create.log"
  die "creating the session failed (exit $rc)"
fi

python3 "$tool" add-audio "$session" "$name" "$mix" || die "could not add the recording to the session"
# The target port: any port is free in this namespace; a non-default one proves the saved state
# was restored (the plugins' default is 127.0.0.1:9000).
port=$((20000 + RANDOM % 40000))
python3 "$tool" osc-state "$session" "$name" "127.0.0.1:$port" || die "could not set the plugins' OSC state"

# The export preset: Ardour's own "BWAV 32float Export" format, files named after the timespan.
preset=5c0ab0a7-5d4e-4c1b-9a57-0d2f8e6b7a31
cat >"$XDG_CONFIG_HOME/ardour7/export/moodscope-test-float.preset" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<ExportPreset id="$preset" name="Moodscope test: 32-bit float WAV">
  <ExportFormat id="20b4ab09-6452-4cb3-bd66-b921cdbd2942"/>
  <ExportFilename>
    <Folder relative="1" path="export"/>
    <Field name="label" enabled="0"/>
    <Field name="session" enabled="0"/>
    <Field name="snapshot" enabled="0"/>
    <Field name="timespan" enabled="1"/>
    <Field name="revision" enabled="0"/>
    <Field name="time" enabled="0" value="T_None"/>
    <Field name="date" enabled="0" value="D_None"/>
  </ExportFilename>
</ExportPreset>
EOF

# ------------------------------------------------------------------ Ardour 7.3's AVX-512 bug
# Ardour 7.3's AVX-512F DSP routines (libs/ardour/x86_functions_avx512f.cc) store 4 or 8 floats
# at a time in their alignment loop without checking how many are left, so a short mix runs up
# to 7 floats past the end of its destination. The offline export hits it in
# PortExportChannel::read (mix_buffers_no_gain into its 1024-sample buffer when its delay line
# wraps): the next heap chunk's header is overwritten with audio, and whichever thread next
# allocates or frees near it dies (in our runs: Moodscope's OSC sender in malloc, or Ardour in
# ExportGraphBuilder::reset / ~PortExportChannel). Fixed upstream in Ardour 8.5 (commit
# d023ea0d77 "Fix potential memory corruption in AVX512f DSP"). On a CPU with AVX-512 the test
# therefore runs Ardour with its own CPU flags minus AVX-512F (ARDOUR_FPU_FLAGS, read by
# libs/pbd/fpu.cc): Ardour then uses its AVX/FMA routines and the crashes left are ours.
# MOODSCOPE_ARDOUR_AVX512=1 keeps Ardour's AVX-512 routines (to see its bug).
if grep -qw avx512f /proc/cpuinfo && [ "${MOODSCOPE_ARDOUR_AVX512:-0}" != 1 ]; then
  fpu=$((0x1 | 0x2 | 0x4 | 0x8)) # flush-to-zero, denormals-are-zero, SSE, SSE2
  grep -qw avx /proc/cpuinfo && fpu=$((fpu | 0x10))
  grep -qw fma /proc/cpuinfo && fpu=$((fpu | 0x40))
  export ARDOUR_FPU_FLAGS="$fpu"
  echo "note: AVX-512 CPU: Ardour 7.3 runs without its AVX-512F routines (ARDOUR_FPU_FLAGS=$fpu; they corrupt the heap on export, fixed in Ardour 8.5)"
fi

# ------------------------------------------------------------------ crash bookkeeping
ulimit -c unlimited 2>/dev/null || true
core_pattern="$(cat /proc/sys/kernel/core_pattern 2>/dev/null || echo "?")"
cores_here=0
case "$core_pattern" in "|"* | */*) ;; *) cores_here=1 ;; esac
if [ $cores_here -eq 0 ]; then
  echo "note: core dumps go to '$core_pattern', not the run folder: a crash is reported without a backtrace"
fi

# backtrace RUNDIR: writes RUNDIR/backtrace.txt from a core dump there; prints "moodscope" when
# the crashing thread's stack holds a Moodscope frame, "ardour" when it does not, "unknown"
# without a core or gdb.
backtrace() {
  local dir="$1" core
  core="$(find "$dir" -maxdepth 1 -name 'core*' -type f | head -n1)"
  [ -n "$core" ] || { echo unknown; return; }
  if ! command -v gdb >/dev/null; then rm -f "$core"; echo unknown; return; fi
  gdb -q -batch -iex "set debuginfod enabled off" -ex "set pagination off" \
    -ex "echo == crashing thread\n" -ex bt -ex "echo == all threads\n" -ex "thread apply all bt" \
    /usr/lib/ardour7/luasession "$core" >"$dir/backtrace.txt" 2>&1
  rm -f "$core"
  if sed -n '/^== crashing thread/,/^== all threads/p' "$dir/backtrace.txt" | grep -qiE "moodscope|Moodscope\.so"; then
    echo moodscope
  else
    echo ardour
  fi
}

# ------------------------------------------------------------------ play in real time
echo "== play ${seconds} s in real time, OSC to 127.0.0.1:$port"
oscdump_start "$work/osc-play.txt" "$port" || die "oscdump could not listen on $port"
pids+=("$OSCDUMP_PID")
mkdir -p "$work/play"
(cd "$work/play" && MS_SESSION_DIR="$session" MS_SESSION_NAME="$name" MS_PLAY_SECONDS="$seconds" \
  timeout 120 ardour7-lua "$here/play.lua" >"$work/play.log" 2>&1)
rc=$?
receiver_settle "$work/osc-play.txt"
kill "$OSCDUMP_PID" 2>/dev/null; wait "$OSCDUMP_PID" 2>/dev/null
if [ $rc -ne 0 ] || ! grep -q "^PLAYED" "$work/play.log"; then
  tail -n 30 "$work/play.log"
  fail "the real-time play failed (exit $rc, crash: $(backtrace "$work/play"))"
fi
played=$(awk '/^PLAYED/ { print $2 }' "$work/play.log")
played="${played:-0}"
echo "played $played s of transport; $(wc -l <"$work/osc-play.txt") OSC messages received"

for fmt in lv2 vst3; do
  if python3 "$tool" osc "$work/osc-play.txt" "/$fmt" "$bpm" "$played" 4 -50 >"$work/osc-$fmt.txt"; then
    cat "$work/osc-$fmt.txt"
    pass "$fmt: every OSC address family, host beats at $bpm BPM, /bpm locked within 4 s"
  else
    cat "$work/osc-$fmt.txt"
    while IFS= read -r line; do fails+=("${line#FAIL: }"); done < <(grep "^FAIL: " "$work/osc-$fmt.txt")
  fi
done

# Parameters: what Ardour holds for each plugin against the plugin's defaults (PluginSettings.cpp).
# LV2 parameters are LV2 properties in their own range; VST3 ones are normalized 0..1 and
# converted here with the plugin's ranges (Window 3..30 s, Interval 0.5..10 s).
# Ardour before 9.0 never takes an LV2 property value from the plugin: the plugin's patch:Set
# reaches LV2Plugin::_property_values, but PluginPropertyControl::get_value() returns only what
# the host itself last set (0 until then), in the GUI as in Lua. Ardour 9.0 catches up (commit
# ae6900d8af "Catch up with plugin property changes (LV2/JUCE)"). So on Ardour 7/8, LV2 values
# that are all exactly 0 are reported as that limitation, not as a failure; any other mismatch
# fails. MOODSCOPE_ARDOUR_LV2_PARAMS_STRICT=1 fails on them too. (FINDINGS.md, section 3.)
ardour_major=$(ardour7-lua -V 2>/dev/null | sed -n 's/^ardour-lua version \([0-9]*\)\..*/\1/p')
python3 - "$work/play.log" "${ardour_major:-0}" "${MOODSCOPE_ARDOUR_LV2_PARAMS_STRICT:-0}" <<'EOF2' >"$work/params.txt"
import sys
expect = {"window": 8.0, "interval": 2.0, "lazyTempo": 0, "hostSync": 1, "oscEnabled": 1, "oscFast": 1,
          "oscSlow": 1, "oscPerDimension": 1, "oscEvents": 1, "oscBundles": 1, "oscImmediate": 0,
          "oscLighting": 0, "wledEnabled": 0, "linkEnabled": 0}
vst3 = {"Window": "window", "Interval": "interval", "Lazy_tempo": "lazyTempo", "Host_tempo_sync": "hostSync",
        "OSC_on": "oscEnabled", "OSC_fast": "oscFast", "OSC_slow": "oscSlow",
        "OSC_per_dimension": "oscPerDimension", "OSC_events": "oscEvents", "OSC_bundles": "oscBundles",
        "OSC_immediate_timetags": "oscImmediate", "OSC_lighting_profile": "oscLighting",
        "WLED_Audio_Sync_on": "wledEnabled", "Ableton_Link_on": "linkEnabled"}
ranges = {"window": (3.0, 30.0), "interval": (0.5, 10.0)}
ardour_major, strict = int(sys.argv[2]), sys.argv[3] == "1"
seen = {"lv2": {}, "vst3": {}}
for line in open(sys.argv[1]):
    p = line.split()
    if len(p) != 6 or p[0] != "PARAM":
        continue
    fmt, name, value = p[1], p[2], float(p[3])
    if fmt == "vst3":
        if name not in vst3:
            continue
        name = vst3[name]
        lo, hi = ranges.get(name, (0.0, 1.0))
        value = lo + value * (hi - lo)
    seen[fmt][name] = value
for fmt in ("lv2", "vst3"):
    got = seen[fmt]
    print(f"{fmt} parameters as Ardour reads them: " + ", ".join(
        f"{k} {got[k]:g}" if k in got else f"{k} missing" for k in expect))
    bad = [f"{k} {got[k]:g} (plugin: {v:g})" if k in got else f"{k} missing" for k, v in expect.items()
           if k not in got or abs(got[k] - v) > 1e-3]
    if not bad:
        print(f"PASS: {fmt}: Ardour reads the plugin's parameter values")
    elif (fmt == "lv2" and ardour_major < 9 and not strict and len(got) == len(expect)
          and all(v == 0.0 for v in got.values())):
        print(f"KNOWN: lv2: Ardour {ardour_major} shows 0 for every LV2 parameter (it never takes LV2 property "
              "values from the plugin before Ardour 9.0, commit ae6900d8af); not counted")
    else:
        print(f"FAIL: {fmt}: Ardour reads parameter values that are not the plugin's: {'; '.join(bad)}")
EOF2
cat "$work/params.txt"
while IFS= read -r line; do fails+=("${line#FAIL: }"); done < <(grep "^FAIL: " "$work/params.txt")

# ------------------------------------------------------------------ offline exports
echo "== $exports offline exports, each a fresh ardour7-lua, OSC on (receiver present for the first half)"
crashed_moodscope=0; crashed_export=0; crashed_after=0; not_exact=0; hung=0; refused=0
half=$(((exports + 1) / 2))
oscdump_start "$work/osc-export.txt" "$port" || die "oscdump could not listen on $port"
pids+=("$OSCDUMP_PID")
for i in $(seq 1 "$exports"); do
  if [ "$i" -eq $((half + 1)) ]; then
    kill "$OSCDUMP_PID" 2>/dev/null; wait "$OSCDUMP_PID" 2>/dev/null
    receiver="absent"
  elif [ "$i" -le "$half" ]; then
    receiver="present"
  fi
  run="$work/export/$i"; mkdir -p "$run"
  t0=$(date +%s.%N)
  (cd "$run" && MS_SESSION_DIR="$session" MS_SESSION_NAME="$name" MS_EXPORT_DIR="$run" MS_EXPORT_NAME=export \
    MS_PRESET="$preset" timeout 180 ardour7-lua "$here/export.lua" >"$run/out.log" 2>"$run/err.log")
  rc=$?
  t1=$(date +%s.%N)
  exported=0; grep -q "^EXPORTED" "$run/out.log" && exported=1
  closed=0; grep -q "^CLOSED" "$run/out.log" && closed=1
  exact="no file"
  if [ -f "$run/export.wav" ]; then
    if python3 "$tool" compare "$mix" "$run/export.wav" >"$run/compare.txt"; then exact=yes; else exact=no; fi
  fi
  verdict="ok"
  if [ $rc -ne 0 ] && ! grep -q "^EXPORTING" "$run/out.log" && [ -z "$(find "$run" -maxdepth 1 -name 'core*')" ]; then
    tail -n 20 "$run/out.log" "$run/err.log"
    fail "export $i: Ardour could not load the session (exit $rc)"
    break
  fi
  if [ $rc -eq 124 ]; then
    hung=$((hung + 1)); verdict="hung (killed after 180 s)"
  elif [ $rc -ne 0 ]; then
    who="$(backtrace "$run")"
    glibc="$(grep -m1 -E "malloc|free\(\)|corrupted|double free" "$run/err.log" || true)"
    if [ "$who" = moodscope ]; then
      crashed_moodscope=$((crashed_moodscope + 1))
    fi
    if [ $exported -eq 0 ]; then
      crashed_export=$((crashed_export + 1)); verdict="CRASHED DURING THE EXPORT (exit $rc, stack: $who) $glibc"
    else
      [ "$who" = moodscope ] || crashed_after=$((crashed_after + 1))
      verdict="crashed after the export finished (exit $rc, stack: $who) $glibc"
    fi
  fi
  [ "$exact" = yes ] || { not_exact=$((not_exact + 1)); [ "$verdict" = ok ] && verdict="export not bit-identical: $(cat "$run/compare.txt" 2>/dev/null)"; }
  printf 'export %2d (receiver %s): %5.1f s, exit %d, finished %d, closed %d, bit-identical %s: %s\n' \
    "$i" "$receiver" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" "$rc" "$exported" "$closed" "$exact" "$verdict"
  [ -f "$run/backtrace.txt" ] && sed -n '/^== crashing thread/,/^== all threads/p' "$run/backtrace.txt" | head -n 30
  rm -f "$run/export.wav"
  [ "$receiver" = absent ] && grep -q "refused" "$run/err.log" && refused=$((refused + 1))
done
[ "$receiver" = present ] && { kill "$OSCDUMP_PID" 2>/dev/null; wait "$OSCDUMP_PID" 2>/dev/null; }
exp_msgs=$(grep -cE " /(lv2|vst3)/" "$work/osc-export.txt" || true)
echo "exports: $exports, crashed with a Moodscope frame in the crashing thread $crashed_moodscope, crashed during the export $crashed_export," \
  "Ardour's own crash after a finished export $crashed_after, hung $hung, not bit-identical $not_exact;" \
  "OSC messages received during the exports with the receiver present: $exp_msgs;" \
  "runs without a receiver whose OSC sender logged the refused port: $refused of $((exports - half))"
n_before=${#fails[@]}
[ "$exp_msgs" -gt 0 ] || fail "no OSC received from the plugins during the offline exports"
[ $crashed_moodscope -eq 0 ] || fail "$crashed_moodscope of $exports exports crashed in Moodscope (a Moodscope frame in the crashing thread; see export/N/backtrace.txt)"
[ $crashed_export -eq 0 ] || fail "$crashed_export of $exports exports crashed before the export finished"
[ $hung -eq 0 ] || fail "$hung of $exports exports hung"
[ $not_exact -eq 0 ] || fail "$not_exact of $exports exports are missing or not bit-identical to the input"
[ $crashed_after -eq 0 ] || echo "note: $crashed_after runs hit Ardour 7.3's own crash after a finished export (no Moodscope frame in the crashing thread)"
[ ${#fails[@]} -eq "$n_before" ] && pass "$exports exports bit-identical to the input, no crash in Moodscope"

echo "ardour test: $(($(date +%s) - t_start)) s"
if [ ${#fails[@]} -gt 0 ]; then
  echo "== ${#fails[@]} failed:"
  printf '  %s\n' "${fails[@]}"
  exit 1
fi
echo "ardour test: all passed"
