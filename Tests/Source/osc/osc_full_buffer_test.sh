#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the hidden "[.netns]" engine test (OscSenderT.cpp) where a UDP socket's send buffer
# really fills up: in a private network namespace whose loopback is throttled to 8 kbit/s by
# a token-bucket qdisc with a long queue, datagrams stay charged to the sender's socket and
# non-blocking sends fail with EAGAIN. The test deletes the qdisc itself to check recovery.
set -euo pipefail
tests="$1"
source "$(dirname "$0")/../../support/private_netns.sh"
enter_private_netns "$0" "$@"
tc qdisc add dev lo root tbf rate 8kbit burst 1540 limit 10000000
tc qdisc show dev lo
exec "$tests" "[netns]"
