#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Ableton Link: in a private network namespace with multicast on loopback, a second Link peer
# (Tests/Source/link/LinkPeer.cpp) sees the tempo and beat phase Moodscope's LinkLeader gives
# the session for a 128 BPM drum loop (within 0.5 BPM and 20 ms); then, when given the CLI,
# `analyze --realtime --link` on the same loop leaves a peer in another process at its own tempo
# until the tracker locks, then leads it to 128 BPM.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../support/private_netns.sh"
enter_private_netns "$0" "$@"
peer="$1"; work="$2"; cli="${3:-}"
ip link set lo multicast on
rm -rf "$work"; mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }

"$peer" lead | tee "$work/lead.txt" || fail "the peer did not see the loop's tempo and beats"

[ -n "$cli" ] || exit 0
"$peer" write "$work/loop128.wav" || fail "cannot write the loop"
"$peer" observe 26 >"$work/observe.txt" &
observer=$!
trap 'kill $observer 2>/dev/null || true' EXIT
sleep 0.5
"$cli" analyze --realtime --osc-no-slow --link "$work/loop128.wav" >/dev/null 2>"$work/cli.err" || fail "cli exit $?: $(cat "$work/cli.err")"
wait $observer || true
cat "$work/observe.txt"
awk '$1 == "peers" && $2 >= 1 { n++ } END { exit !(n >= 5) }' "$work/observe.txt" || fail "the CLI never joined the session"
# before the tracker locks, Moodscope leaves the session's tempo alone (the observer's 100 BPM)
first=$(awk '$1 == "peers" && $2 >= 1 { print $4; exit }' "$work/observe.txt")
[ "$first" = "100.000" ] || fail "the session tempo changed to $first before the beat tracker locked"
last=$(awk '$1 == "peers" && $2 >= 1 { t = $4 } END { print t }' "$work/observe.txt")
awk -v t="$last" 'BEGIN { exit !(t >= 127.5 && t <= 128.5) }' || fail "session tempo $last, expected 128 +- 0.5"
grep -q "Link: .*peer" "$work/cli.err" || fail "no Link summary: $(cat "$work/cli.err")"
echo "link: all checks passed"
