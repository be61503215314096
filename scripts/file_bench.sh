#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SPEC §9 file mode: a 4-minute 44.1 kHz stereo WAV through `moodscope analyze` (decoding,
# timeline and summary) on one core, next to `aubio tempo` and a libebur128 loudness pass on
# the same file. Prints the best of three wall-clock runs of each.
#
#   bash scripts/file_bench.sh [RECORDING]
#
# Without an argument the file is the synthesized demo; with one, the first 240 s of that
# recording (any format sox reads, e.g. a Frets on Fire song.ogg), as a 44.1 kHz 16-bit stereo WAV.
set -euo pipefail
if [ $# -gt 0 ] && [ ! -r "$1" ]; then
  echo "file_bench: cannot read $1" >&2
  exit 2
fi
source_file=$(if [ $# -gt 0 ]; then realpath "$1"; fi)
cd "$(dirname "$0")/.."
bash scripts/setup.sh >&2
# reference tools for this benchmark only
if ! command -v aubio >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -q aubio-tools >&2; else sudo apt-get install -y -q aubio-tools >&2; fi
fi
bash scripts/build.sh moodscope_cli moodscope_ebur128_pass
cli=build/Standalone/cli/moodscope_cli_artefacts/Release/moodscope
ebu=build/bench/moodscope_ebur128_pass_artefacts/Release/moodscope_ebur128_pass
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
if [ -n "$source_file" ]; then
  sox -q "$source_file" -r 44100 -b 16 -c 2 "$work/demo240.wav" trim 0 240
  echo "recording: $source_file, first $(soxi -D "$work/demo240.wav") s"
else
  "$cli" demo --seconds 240 --write "$work/demo240.wav" 2>/dev/null
fi

best() { # best wall time in ms of three runs of "$@" on core 0
  local best=999999
  for _ in 1 2 3; do
    local t0 t1; t0=$(date +%s%N); taskset -c 0 "$@" >/dev/null 2>&1; t1=$(date +%s%N)
    best=$(awk -v a="$t0" -v b="$t1" -v m="$best" 'BEGIN { d = (b - a) / 1e6; printf "%d", (d < m) ? d : m }')
  done
  echo "$best"
}
ours=$(best "$cli" analyze "$work/demo240.wav")
aubio_ms=$(best aubio tempo -i "$work/demo240.wav")
ebu_ms=$(best "$ebu" "$work/demo240.wav")
ref=$((aubio_ms + ebu_ms))
echo "4-min 44.1 kHz stereo WAV, one core (best of 3):"
printf '  moodscope analyze (timeline + summary): %5d ms   (target <= 450 ms, <= %d ms = half of references)\n' "$ours" $((ref / 2))
printf '  aubio tempo:                            %5d ms\n' "$aubio_ms"
printf '  libebur128 integrated loudness:         %5d ms\n' "$ebu_ms"
"$cli" analyze "$work/demo240.wav" | tail -1 | jq -c '{tempo: .fingerprint.tempo_bpm, lufs: .fingerprint.lufs}' | sed 's/^/  moodscope summary: /'
echo "  aubio tempo: $(aubio tempo -i "$work/demo240.wav" 2>/dev/null | tail -1)   libebur128: $("$ebu" "$work/demo240.wav" | cut -d' ' -f1) LUFS"
