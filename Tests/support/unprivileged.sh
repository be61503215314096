#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by tests that need file modes to bind: root reads and writes anything, so as root
# the command runs as nobody (setpriv), otherwise as the calling user.
#   unprivileged_dir DIR   a fresh folder under /tmp that nobody can enter, printed
#   unprivileged CMD...    CMD with the privileges file modes apply to
unprivileged_dir() {
  local dir
  dir=$(mktemp -d /tmp/moodscope-unpriv.XXXXXX)
  chmod 0755 "$dir"
  echo "$dir"
}
unprivileged() {
  if [ "$(id -u)" -eq 0 ]; then
    setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
  else
    "$@"
  fi
}
