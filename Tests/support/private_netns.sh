#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by tests that need a network of their own (ports that are theirs, qdiscs, multicast):
#   enter_private_netns "$0" "$@"
# re-runs the calling script in a new network namespace (a user namespace too when not root)
# with loopback up, and returns in that re-run; two checkouts testing at once never meet.
enter_private_netns() {
  local script="$1"; shift
  if [ -z "${MOODSCOPE_NETNS:-}" ]; then
    export MOODSCOPE_NETNS=1
    local ns
    for ns in "--net" "--user --map-root-user --net"; do
      # shellcheck disable=SC2086 # the options are meant to split
      if unshare $ns true 2>/dev/null; then exec unshare $ns bash "$script" "$@"; fi
    done
    echo "FAIL: cannot create a network namespace (unshare --net needs root or user namespaces)"
    exit 1
  fi
  ip link set lo up
}
