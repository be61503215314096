#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the built LV2 in jalv on a private dummy JACK server: jack_metro feeds clicks into
# the plugin, jack_rec records its output, and the recording must hold the clicks.
set -euo pipefail
lv2_dir="$1"; host_bin="$2"; work="$3"
rm -rf "$work"; mkdir -p "$work"
export LV2_PATH="$lv2_dir"
source "$(dirname "$0")/../../support/jack_server.sh"
jack_private_reexec moodscope_jalv_test "$0" "$@"

source "$(dirname "$0")/../../support/stop_processes.sh"
pids=()
cleanup() {
  exec 3>&- 2>/dev/null || true
  stop_processes "${pids[@]}"
}
trap cleanup EXIT

jack_start "$work/jackd.log" || exit 1
pids+=("$JACKD_PID")

# jalv reads commands from stdin and quits on EOF: feed it a fifo that fd 3 keeps open.
mkfifo "$work/jalv.in"
jalv -x -n moodscope_jalv urn:moodscope:analyzer <"$work/jalv.in" >"$work/jalv.log" 2>&1 &
pids+=($!)
exec 3>"$work/jalv.in"
for _ in $(seq 1 100); do
  jack_lsp 2>/dev/null | grep -q "^moodscope_jalv:" && break
  sleep 0.1
done
jack_lsp | tee "$work/ports.txt"
grep -q "^moodscope_jalv:" "$work/ports.txt" || { cat "$work/jalv.log"; echo "jalv did not register"; exit 1; }

mapfile -t ins < <(grep "^moodscope_jalv:" "$work/ports.txt" | grep -i "in" || true)
mapfile -t outs < <(grep "^moodscope_jalv:" "$work/ports.txt" | grep -i "out" || true)
[ ${#ins[@]} -ge 1 ] && [ ${#outs[@]} -ge 1 ] || { echo "no audio ports on jalv client"; exit 1; }

jack_metro -n metro -b 240 -f 880 -A 0.8 -D 50 >"$work/metro.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do jack_lsp | grep -q "^metro:" && break; sleep 0.1; done
metro_port=$(jack_lsp | grep "^metro:" | head -n1)
for p in "${ins[@]}"; do jack_connect "$metro_port" "$p"; done

jack_rec -f "$work/rec.wav" -d 2 -b 16 "${outs[0]}" >"$work/rec.log" 2>&1 || { cat "$work/rec.log"; exit 1; }
grep -vi "error" "$work/jalv.log" | head -n 20 || true
"$host_bin" --check-nonsilent "$work/rec.wav"
echo "jalv: plugin instantiated, ran, and passed the metronome through"
