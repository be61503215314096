#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The libFuzzer harness (README "Fuzzing"): builds the fuzz targets in build-fuzz/ (clang,
# ASan + UBSan, Tests/fuzz/), generates their seed corpora and runs each target for a while:
#
#   scripts/fuzz.sh [--seconds N] [--no-build] [TARGET...]
#
# TARGET: fuzz_decode, fuzz_plugin_state, fuzz_cli_options (default: all, one after the other,
# N seconds each, default 60). The corpora grow in build-fuzz/corpus/TARGET/ from run to run;
# crashes, leaks, timeouts and out-of-memory inputs land in build-fuzz/artifacts/TARGET/.
# Prints per target the executions, exec/s, coverage (cov: edges, ft: features), the corpus
# (inputs/bytes, as libFuzzer counts it) and the artifacts this run produced; exits 1 when there
# was any.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

seconds=60
build=1
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --seconds=*) seconds="${1#*=}"; shift ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '3,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    fuzz_decode|fuzz_plugin_state|fuzz_cli_options) targets+=("$1"); shift ;;
    *) echo "fuzz.sh: unknown argument '$1' (targets: fuzz_decode fuzz_plugin_state fuzz_cli_options)" >&2; exit 2 ;;
  esac
done
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || { echo "fuzz.sh: --seconds needs a whole number > 0" >&2; exit 2; }
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_decode fuzz_plugin_state fuzz_cli_options)

out="$root/build-fuzz"
bin="$out/Tests/fuzz"

if [ "$build" -eq 1 ]; then
  bash scripts/setup.sh
  export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/moodscope-ccache}"
  echo "== fuzz build (clang, ASan + UBSan + libFuzzer, build-fuzz/)"
  cmake -S . -B "$out" -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DMOODSCOPE_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  build_targets=()
  for t in "${targets[@]}"; do
    build_targets+=(--target "$t")
    [ "$t" = fuzz_plugin_state ] && build_targets+=(--target fuzz_plugin_state_seeds)
  done
  cmake --build "$out" -j"$(nproc)" "${build_targets[@]}"
fi

# ---------------------------------------------------------------------------------------------
# Seeds, made afresh on every run (same names, so they replace themselves); what the fuzzer
# found before stays in the corpus.

le16() { printf "$(printf '\\x%02x\\x%02x' $(($1 & 255)) $((($1 >> 8) & 255)))"; }
le32() { printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $((($1 >> 8) & 255)) $((($1 >> 16) & 255)) $((($1 >> 24) & 255)))"; }

# wav_header CHANNELS BITS RATE DATA_BYTES: a PCM WAV header, DATA_BYTES of zeros follow
wav_header() {
  local ch=$1 bits=$2 rate=$3 n=$4 align=$(($1 * $2 / 8))
  printf 'RIFF'; le32 $((36 + n)); printf 'WAVEfmt '; le32 16
  le16 1; le16 "$ch"; le32 "$rate"; le32 $((rate * align)); le16 "$align"; le16 "$bits"
  printf 'data'; le32 "$n"; head -c "$n" /dev/zero
}

# rf64 CHANNELS BITS RATE DATA_BYTES: the same in an RF64 file (sizes in its ds64 chunk)
rf64() {
  local ch=$1 bits=$2 rate=$3 n=$4 align=$(($1 * $2 / 8))
  printf 'RF64'; le32 4294967295; printf 'WAVEds64'; le32 28
  le32 $((72 + n)); le32 0; le32 "$n"; le32 0; le32 $((n / align)); le32 0; le32 0
  printf 'fmt '; le32 16; le16 1; le16 "$ch"; le32 "$rate"; le32 $((rate * align)); le16 "$align"; le16 "$bits"
  printf 'data'; le32 4294967295; head -c "$n" /dev/zero
}

# decode_seed NAME SELECTOR FILE: the input fuzz_decode reads, its first byte picks the
# extension (SELECTOR % 5: wav aiff flac ogg mp3) and how it is analyzed (SELECTOR / 5)
decode_seed() {
  { printf "$(printf '\\x%02x' "$2")"; cat "$3"; } >"$corpus/seed-$1"
}

seed_decode() {
  local corpus="$out/corpus/fuzz_decode" tmp="$out/seed-work"
  rm -rf "$tmp"; mkdir -p "$corpus" "$tmp"
  local tone="synth 0.2 sine 220 sine 330"
  sox -V1 -q -n -r 44100 -c 2 -b 16 "$tmp/a.wav" $tone
  sox -V1 -q -n -r 8000 -c 1 -b 8 -e unsigned "$tmp/b.wav" synth 0.5 square 100
  sox -V1 -q -n -r 48000 -c 2 -b 24 "$tmp/c.wav" synth 0.1 pinknoise
  sox -V1 -q -n -r 96000 -c 1 -b 32 "$tmp/d.wav" synth 0.1 sine 1000
  sox -V1 -q -n -r 44100 -c 2 -e floating-point -b 32 "$tmp/e.wav" synth 0.1 sine 60 vol 2
  sox -V1 -q -n -r 22050 -c 1 -e floating-point -b 64 "$tmp/f.wav" synth 0.1 whitenoise
  sox -V1 -q -n -r 48000 -c 6 -b 16 "$tmp/g.wav" synth 0.05 sine 440
  sox -V1 -q -n -r 192000 -c 2 -b 16 "$tmp/h.wav" synth 0.05 sine 5000
  sox -V1 -q -n -r 8000 -c 1 -e u-law "$tmp/i.wav" synth 0.2 sine 300
  sox -V1 -q -n -r 44100 -c 2 -b 16 "$tmp/a.aiff" $tone
  sox -V1 -q -n -r 48000 -c 1 -b 24 "$tmp/b.aiff" synth 0.2 sawtooth 110
  sox -V1 -q -n -r 44100 -c 2 -e floating-point -b 32 "$tmp/c.aifc" synth 0.1 sine 440
  sox -V1 -q -n -r 44100 -c 2 -b 16 "$tmp/a.flac" $tone
  sox -V1 -q -n -r 96000 -c 1 -b 24 "$tmp/b.flac" synth 0.2 sine 440 sine 660
  sox -V1 -q -n -r 44100 -c 2 -b 16 "$tmp/c.flac" synth 3 sine 0 vol 0
  sox -V1 -q -n -r 44100 -c 2 "$tmp/a.ogg" synth 0.5 sine 440 sine 550
  sox -V1 -q -n -r 8000 -c 1 "$tmp/b.ogg" synth 0.5 square 200
  lame --quiet -b 128 "$tmp/a.wav" "$tmp/a.mp3"
  sox -V1 -q -n -r 44100 -c 1 -b 16 "$tmp/m.wav" synth 0.5 sine 440
  lame --quiet -V 5 --tt seed --ta moodscope --add-id3v2 "$tmp/m.wav" "$tmp/b.mp3"
  lame --quiet --resample 8 -b 8 "$tmp/b.wav" "$tmp/c.mp3"
  # crafted: absurd channel counts, no audio, cut files, RF64
  wav_header 3000 16 44100 6000 >"$tmp/ch3000.wav"
  wav_header 65535 16 44100 131070 >"$tmp/ch65535.wav"
  wav_header 2 16 44100 0 >"$tmp/nodata.wav"
  wav_header 1 16 1 100 >"$tmp/rate1.wav"
  rf64 2 16 44100 4000 >"$tmp/rf64.wav"
  head -c 10000 "$tmp/a.wav" >"$tmp/cut.wav"
  head -c 42 "$tmp/a.flac" >"$tmp/head42.flac"
  head -c 2000 "$tmp/a.flac" >"$tmp/cut.flac"
  head -c 3000 "$tmp/a.ogg" >"$tmp/cut.ogg"
  head -c 1000 "$tmp/a.mp3" >"$tmp/cut.mp3"

  # selector = extension + 5 * mode (mode bits: 1 per-hop signals, 2 lazy tempo, 4 short window)
  local f
  for f in a b c d e f g h i ch3000 ch65535 nodata rate1 rf64 cut; do decode_seed "wav-$f" 0 "$tmp/$f.wav"; done
  decode_seed wav-a-fast 5 "$tmp/a.wav"
  decode_seed wav-a-short 20 "$tmp/a.wav"
  decode_seed wav-a-all 35 "$tmp/a.wav"
  for f in a b; do decode_seed "aiff-$f" 1 "$tmp/$f.aiff"; done
  decode_seed aifc-c 1 "$tmp/c.aifc"
  for f in a b c head42 cut; do decode_seed "flac-$f" 2 "$tmp/$f.flac"; done
  decode_seed flac-a-short 22 "$tmp/a.flac"
  for f in a b cut; do decode_seed "ogg-$f" 3 "$tmp/$f.ogg"; done
  decode_seed ogg-a-short-lazy 33 "$tmp/a.ogg"
  for f in a b c cut; do decode_seed "mp3-$f" 4 "$tmp/$f.mp3"; done
  decode_seed mp3-b-fast 9 "$tmp/b.mp3"
  decode_seed wav-as-mp3 4 "$tmp/a.wav" # another format's bytes under an extension
  decode_seed flac-as-wav 0 "$tmp/a.flac"
  printf '' >"$corpus/seed-empty"
  rm -rf "$tmp"
}

seed_plugin_state() {
  local corpus="$out/corpus/fuzz_plugin_state"
  mkdir -p "$corpus"
  "$bin/fuzz_plugin_state_seeds" "$corpus"
  printf '<?xml version="1.0"?><MoodscopeState version="2" oscTargets="a:1" oscPrefix="/x"><PARAM id="window" value="4"/></MoodscopeState>' \
    >"$corpus/seed-xml-text"
  printf 'garbage' >"$corpus/seed-garbage"
}

# cli_seed NAME ARG...: the arguments NUL-separated, as fuzz_cli_options splits them
cli_seed() {
  local name=$1; shift
  printf '%s\0' "$@" | head -c -1 >"$out/corpus/fuzz_cli_options/seed-$name"
}

seed_cli_options() {
  mkdir -p "$out/corpus/fuzz_cli_options"
  # the README's commands, each option at least once
  cli_seed analyze analyze song.wav --window 8 --interval 2 --format csv --summary-only --jobs 2
  cli_seed analyze-osc analyze a.wav b.flac --no-tempo --realtime --osc 127.0.0.1:9000 --osc '[::1]:9001' \
    --osc-prefix /club/booth2 --osc-plain --osc-no-fast --osc-no-slow --osc-no-dims --osc-no-events --osc-rate 30 \
    --osc-timetag immediate
  cli_seed live live --device system --type jack --osc host.local:8000 --window 4 --interval 0.5 --seconds 10 \
    --osc-rate 1000 --osc-timetag now
  cli_seed demo demo --seconds 30 --write out.flac
  cli_seed scan scan . --jobs 2 --export csv out.csv --cache c.sqlite --cache-size-mb 10
  cli_seed similar similar a.wav --top 5 --format table --cache c.sqlite
  cli_seed cache-stats cache stats --json --cache c.sqlite
  cli_seed cache-clear cache clear --cache c.sqlite
  cli_seed cache-vacuum cache vacuum --cache c.sqlite --cache-size-mb 5
  cli_seed synth synth out.wav --seed 3 --seconds 2 --rate 48000 --gain-db -6
  cli_seed help-analyze analyze --help
  cli_seed help --help
  cli_seed nan analyze a.wav --window nan --interval inf
  cli_seed unknown frobnicate --x
  cli_seed equals analyze --window=5 -- --not-an-option.wav
}

# ---------------------------------------------------------------------------------------------

declare -A max_len=([fuzz_decode]=65536 [fuzz_plugin_state]=16384 [fuzz_cli_options]=4096)

stat_of() { sed -n "s/^stat::$1: *//p" "$2" | tail -1; }
# the last status line's value of a field (cov: 1234, ft: 5678, corp: 512/96Kb)
status_field() { { grep -E '^#[0-9]+' "$2" || true; } | tail -1 | sed -n "s/.* $1: \([0-9]*[/0-9a-zA-Z]*\).*/\1/p"; }

export MOODSCOPE_FUZZ_TMP
MOODSCOPE_FUZZ_TMP=$(mktemp -d /dev/shm/moodscope-fuzz.XXXXXX)
trap 'rm -rf "$MOODSCOPE_FUZZ_TMP"' EXIT
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=0
summary=()
for t in "${targets[@]}"; do
  case "$t" in
    fuzz_decode) seed_decode ;;
    fuzz_plugin_state) seed_plugin_state ;;
    fuzz_cli_options) seed_cli_options ;;
  esac
  corpus="$out/corpus/$t"
  artifacts="$out/artifacts/$t"
  log="$out/logs/$t.log"
  mkdir -p "$artifacts" "$(dirname "$log")"
  marker="$out/logs/$t.start"
  touch "$marker"
  echo "== $t: ${seconds} s (corpus $(find "$corpus" -type f | wc -l) files, log build-fuzz/logs/$t.log)"
  set +e
  "$bin/$t" -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 -timeout=10 \
    -max_len="${max_len[$t]}" -dict="$root/Tests/fuzz/$t.dict" -artifact_prefix="$artifacts/" "$corpus" \
    >"$log" 2>&1
  code=$?
  set -e
  runs=$(stat_of number_of_executed_units "$log")
  rate=$(stat_of average_exec_per_sec "$log")
  cov=$(status_field cov "$log")
  ft=$(status_field ft "$log")
  corp=$(status_field corp "$log")
  found=$(find "$artifacts" -type f -newer "$marker" ! -name 'slow-unit-*' | wc -l)
  line=$(printf '%-18s %6s s %10s runs %6s exec/s  cov %6s  ft %6s  corpus %12s  crashes %s' \
    "$t" "$seconds" "${runs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$found")
  echo "$line"
  summary+=("$line")
  if [ "$code" -ne 0 ] || [ "$found" -gt 0 ]; then
    failed=1
    echo "FAIL: $t exited $code; artifacts:" >&2
    find "$artifacts" -type f -newer "$marker" >&2
    { grep -E -A30 '^==[0-9]+==ERROR|runtime error|contract broken|deadly signal|Timeout|out-of-memory' "$log" || true; } | head -60 >&2 || true
  fi
done

echo "== fuzz summary"
printf '%s\n' "${summary[@]}"
exit "$failed"
