#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the hidden "[.netns]" engine test (OscSenderT.cpp) where a UDP socket's send buffer
# really fills up: in a private network namespace whose loopback is throttled to 8 kbit/s by
# a token-bucket qdisc with a long queue, datagrams stay charged to the sender's socket and
# non-blocking sends fail with EAGAIN. The test deletes the qdisc itself to check recovery.
set -euo pipefail
tests="$1"
if [ -z "${MOODSCOPE_NETNS:-}" ]; then
  export MOODSCOPE_NETNS=1
  for ns in "--net" "--user --map-root-user --net"; do
    # shellcheck disable=SC2086 # the options are meant to split
    if unshare $ns true 2>/dev/null; then exec unshare $ns bash "$0" "$@"; fi
  done
  echo "FAIL: cannot create a network namespace (unshare --net needs root or user namespaces)"
  exit 1
fi
ip link set lo up
tc qdisc add dev lo root tbf rate 8kbit burst 1540 limit 10000000
tc qdisc show dev lo
exec "$tests" "[netns]"
