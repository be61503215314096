#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `--wled`: a receiver written from WLED's packet layout (Tests/support/wled_receiver.py) joins
# WLED's multicast group on a private loopback and checks what `analyze --realtime --wled` sends
# for a test signal: header, size, rate, a stepped sine sweep walking the GEQ channels with
# FFT_MajorPeak on the tone, clicks raising samplePeak, silence giving zeros. Then a unicast
# device, and bad targets and a missing network: one log line each, never a stall.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../support/private_netns.sh"
enter_private_netns "$0" "$@"
cli="$1"; work="$2"
receiver="$here/../../support/wled_receiver.py"
rm -rf "$work"; mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
pids=()
source "$(dirname "$0")/../../support/stop_processes.sh"
cleanup() { stop_processes "${pids[@]}"; }
trap cleanup EXIT
ip link set lo multicast on

# record OUT ARGS...: starts the receiver and waits until it listens
record() {
  local out="$1"; shift
  python3 "$receiver" record "$out" --seconds 120 "$@" >"$out.ready" &
  pids+=($!)
  for _ in $(seq 1 50); do grep -q ready "$out.ready" 2>/dev/null && return 0; sleep 0.1; done
  fail "the WLED receiver did not start"
}
stop_recording() { sleep 0.3; kill "${pids[-1]}" 2>/dev/null || true; wait "${pids[-1]}" 2>/dev/null || true; }

python3 "$receiver" signal "$work/sweep.wav"

# 1. WLED's multicast group, sent out on the loopback interface (--wled-interface)
record "$work/multicast.jsonl" --group 239.0.0.1 --interface 127.0.0.1 --port 11988
"$cli" analyze --realtime --osc-no-slow --wled --wled-interface lo "$work/sweep.wav" >/dev/null 2>"$work/multicast.err" \
  || fail "analyze --wled exit $?: $(cat "$work/multicast.err")"
stop_recording
grep -q "sending WLED Audio Sync to 239.0.0.1:11988 (multicast TTL 1 on lo)" "$work/multicast.err" \
  || fail "no start line: $(cat "$work/multicast.err")"
! grep -q "^wled:" "$work/multicast.err" || fail "errors while sending: $(grep "^wled:" "$work/multicast.err")"
python3 "$receiver" check "$work/multicast.jsonl" || fail "the multicast stream is not what WLED expects"

# 2. a unicast device on its own port, with the live status line's counters
"$cli" demo --seconds 3 --write "$work/three.wav" 2>/dev/null
"$cli" demo --seconds 1 --write "$work/one.wav" 2>/dev/null
record "$work/unicast.jsonl" --port 21988
"$cli" analyze --realtime --wled=127.0.0.1:21988 "$work/three.wav" >/dev/null 2>"$work/unicast.err" \
  || fail "unicast exit $?"
stop_recording
n=$(grep -c '"sampleRaw"' "$work/unicast.jsonl" || true)
[ "$n" -ge 100 ] || fail "only $n unicast packets for 3 s of audio"
grep -q "WLED: $n packets sent, 0 errors" "$work/unicast.err" || fail "summary: $(grep WLED "$work/unicast.err")"

# 3. bad targets: a usage error before anything starts; a name that does not resolve, and no
#    network at all (a namespace whose loopback is down): one line each, playback not delayed
set +e
"$cli" analyze --realtime --wled=host:0 "$work/three.wav" >/dev/null 2>"$work/usage.err"; rc=$?
set -e
[ "$rc" = 2 ] || fail "--wled=host:0: exit $rc, expected 2"
grep -q "port in 1..65535" "$work/usage.err" || fail "usage message: $(cat "$work/usage.err")"
# a file right after --wled is a file to play (multicast), not a host name; --wled=FILE is a mistake
"$cli" analyze --realtime --wled "$work/one.wav" >/dev/null 2>"$work/file.err" || fail "--wled FILE: exit $?"
grep -q "sending WLED Audio Sync to 239.0.0.1:11988" "$work/file.err" || fail "--wled FILE: $(cat "$work/file.err")"
set +e
"$cli" analyze --realtime "$work/one.wav" --wled="$work/one.wav" >/dev/null 2>"$work/file2.err"; rc=$?
set -e
[ "$rc" = 2 ] && grep -q "is a file, not a WLED target" "$work/file2.err" \
  || fail "--wled=FILE: exit $rc: $(cat "$work/file2.err")"
set +e
"$cli" analyze "$work/three.wav" --wled >/dev/null 2>"$work/norealtime.err"; rc=$?
set -e
[ "$rc" = 2 ] && grep -q -- "--wled needs --realtime" "$work/norealtime.err" || fail "--wled without --realtime: exit $rc"

timed() { # timed ERR ARGS...: runs the CLI, prints the wall time
  local err="$1"; shift
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>"$err" || fail "$* exit $?: $(cat "$err")"
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}
wall=$(timed "$work/unresolved.err" "$cli" analyze --realtime --wled=wled.invalid "$work/three.wav")
[ "$(grep -c "^wled:" "$work/unresolved.err")" = 1 ] || fail "unresolvable name: $(grep "^wled:" "$work/unresolved.err")"
grep -q "^wled: wled.invalid:11988: cannot resolve host" "$work/unresolved.err" || fail "$(cat "$work/unresolved.err")"
awk -v w="$wall" 'BEGIN { exit !(w < 4.5) }' || fail "an unresolvable WLED target stalled playback: $wall s for 3 s"

wall=$(timed "$work/nonet.err" unshare --net "$cli" analyze --realtime "$work/three.wav" --wled)
[ "$(grep -c "^wled:" "$work/nonet.err")" = 1 ] || fail "no network: $(grep "^wled:" "$work/nonet.err")"
grep -q "^wled: 239.0.0.1:11988: .*network unreachable" "$work/nonet.err" || fail "$(cat "$work/nonet.err")"
awk -v w="$wall" 'BEGIN { exit !(w < 4.5) }' || fail "no network stalled playback: $wall s for 3 s"
echo "wled: all checks passed"
