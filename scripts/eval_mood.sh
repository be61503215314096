#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Mood on real recordings (issue 14): moodscope's whole-file mood of the tracks in
# bench/mood_references.tsv against what a listener would agree on, and the ordered pairs of
# bench/mood_pairs.tsv (bench/eval_mood.py). A benchmark, not part of .ci/run: it installs
# about 0.5 GB of game music from Debian.
#
#   bash scripts/eval_mood.sh [--moodscope PATH] [--work DIR] [--force] [--only ID,ID]
#
# Prints one row per track (metrics, label, quadrant, summary state, most frequent live state,
# expectations missed), the share of expectations met and of pairs right, and how labels,
# quadrants and states spread. Also writes WORK/mood_table.md (docs/MOOD.md "Real music").
# Exits 1 below the issue's targets.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MOODSCOPE=""
WORK=${XDG_CACHE_HOME:-$HOME/.cache}/moodscope-eval/mood
ARGS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --moodscope) MOODSCOPE=$2; shift 2 ;;
        --work) WORK=$2; shift 2 ;;
        --force) ARGS+=(--force); shift ;;
        --only) ARGS+=(--only "$2"); shift 2 ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
mkdir -p "$WORK"

PKGS=(unzip opus-tools)
while IFS= read -r p; do PKGS+=("$p"); done < <(awk -F'\t' '!/^#/ && NR > 1 && $3 != "package" {print $3}' \
    bench/mood_references.tsv | sort -u)
MISSING=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || MISSING+=("$p")
done
if [ ${#MISSING[@]} -gt 0 ]; then
    echo "installing: ${MISSING[*]}" >&2
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${MISSING[@]}" >&2
fi

if [ -z "$MOODSCOPE" ]; then
    bash scripts/build.sh moodscope_cli
    MOODSCOPE=$ROOT/build/Standalone/cli/moodscope_cli_artefacts/Release/moodscope
fi
exec python3 bench/eval_mood.py --moodscope "$MOODSCOPE" --work "$WORK" --markdown "$WORK/mood_table.md" "${ARGS[@]}"
