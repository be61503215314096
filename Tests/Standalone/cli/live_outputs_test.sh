#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `moodscope live --wled --link` on a private dummy JACK server in a private network namespace:
# jack_metro's 120 BPM clicks go in; a WLED receiver (Tests/support/wled_receiver.py) gets V2
# packets at WLED's rate, a second Link peer (moodscope_link_peer) joins and is led to 120 BPM,
# and the status lines count both (wled_packets_per_s, link_peers).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../support/private_netns.sh"
enter_private_netns "$0" "$@"
source "$here/../../support/jack_server.sh"
jack_private_reexec moodscope_cli_outputs "$0" "$@"
cli="$1"; peer="$2"; work="$3"
rm -rf "$work"; mkdir -p "$work"
fail() { echo "FAIL: $*"; [ -f "$work/live.err" ] && cat "$work/live.err"; exit 1; }
ip link set lo multicast on
pids=()
source "$(dirname "$0")/../../support/stop_processes.sh"
cleanup() { stop_processes "${pids[@]}"; }
trap cleanup EXIT

jack_start "$work/jackd.log" 512 || fail "jackd did not start"
pids+=("$JACKD_PID")
python3 "$here/../../support/wled_receiver.py" record "$work/wled.jsonl" --seconds 60 --port 21988 >"$work/wled.ready" &
pids+=($!)
"$peer" observe 30 >"$work/observe.txt" &
pids+=($!)
for _ in $(seq 1 50); do grep -q ready "$work/wled.ready" 2>/dev/null && grep -q ready "$work/observe.txt" && break; sleep 0.1; done

"$cli" live --type jack --seconds 16 --interval 1 --window 6 --osc-no-slow --wled=127.0.0.1:21988 --link \
  >"$work/status.txt" 2>"$work/live.err" &
live=$!
pids+=("$live")
jack_wait_moodscope || fail "moodscope live did not register its JACK inputs"
jack_metro_into_moodscope "$work/metro.log"
pids+=("$METRO_PID")
set +e
wait "$live"; code=$?
set -e
[ "$code" -eq 0 ] || fail "live exited with $code"
cat "$work/status.txt"
value() { sed -n "s/.*[ ^]$1=\([^ ]*\).*/\1/p"; }
tail -n 3 "$work/status.txt" | value wled_packets_per_s | awk '{ if (!($1 >= 40 && $1 <= 50)) exit 1 }' \
  || fail "wled_packets_per_s not at WLED's rate"
tail -n 3 "$work/status.txt" | value wled_errors | grep -qx 0 || fail "WLED errors"
tail -n 3 "$work/status.txt" | value link_peers | grep -qx 1 || fail "Moodscope did not see the second Link peer"
tail -n 1 "$work/status.txt" | value link_bpm | awk '{ if (!($1 > 119.5 && $1 < 120.5)) exit 1 }' \
  || fail "link_bpm not 120"
n=$(grep -c '"sampleRaw"' "$work/wled.jsonl" || true)
[ "$n" -ge 500 ] || fail "only $n WLED packets in 16 s"
! grep -q '"error"' "$work/wled.jsonl" || fail "packets the WLED receiver could not read"
peaks=$(grep -c '"samplePeak": 1' "$work/wled.jsonl" || true)
[ "$peaks" -ge 10 ] || fail "only $peaks WLED packets with samplePeak for 120 BPM clicks"
last=$(awk '$1 == "peers" && $2 >= 1 { t = $4 } END { print t }' "$work/observe.txt")
awk -v t="$last" 'BEGIN { exit !(t > 119.5 && t < 120.5) }' || fail "the Link peer sees $last BPM, not 120"
echo "live outputs: all checks passed"
