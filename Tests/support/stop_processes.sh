# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the shell tests that start background processes (servers, receivers, clients).

# stop_processes PID...: stops the processes, the last started first, so a JACK client closes
# while its server still answers; a process that has not exited 5 s after SIGTERM (a JACK server
# slow to shut down on a loaded machine, a client blocked on a server that went away) gets
# SIGKILL. Bounded, so a test that has passed never runs into its timeout while tearing down.
stop_processes() {
  local i p _ left
  for ((i = $# ; i >= 1 ; i--)); do
    kill "${!i}" 2>/dev/null || true
    sleep 0.05
  done
  for _ in $(seq 1 50); do
    left=0
    for p in "$@"; do _running "$p" && left=1; done
    [ "$left" = 0 ] && break
    sleep 0.1
  done
  for p in "$@"; do if _running "$p"; then kill -9 "$p" 2>/dev/null || true; fi; done
  for p in "$@"; do wait "$p" 2>/dev/null || true; done
}

_running() { local state; state=$(ps -o stat= -p "$1" 2>/dev/null) && [[ "$state" != Z* ]]; }
