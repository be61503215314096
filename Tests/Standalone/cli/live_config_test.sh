#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `moodscope live --config FILE` (the headless bridge): a bad file is refused before any audio
# opens, naming the key and its line (exit 2); then, on a private dummy JACK server with
# jack_metro playing into it, SIGHUP re-reads the file and the OSC moves to another receiver
# and prefix while the input stays open and the analysis goes on; a broken file on reload
# keeps the running options.
set -euo pipefail
cli="$1"; work="$2"; example="$3"
source "$(dirname "$0")/../../support/jack_server.sh"
jack_private_reexec moodscope_cli_config_test "$0" "$@"
rm -rf "$work"; mkdir -p "$work"
fail() { echo "FAIL: $*"; [ -f "$work/live.err" ] && cat "$work/live.err"; exit 1; }

# refused: exit 2 and one line naming FILE:LINE and the key
refused() { # NAME EXPECTED_TEXT FILE_CONTENT
  local name="$1" expected="$2" file="$work/$1.toml" code=0
  printf '%s\n' "$3" >"$file"
  "$cli" live --config "$file" --seconds 1 >"$work/$name.out" 2>"$work/$name.err" || code=$?
  [ "$code" -eq 2 ] || fail "$name: exit $code, expected 2 ($(cat "$work/$name.err"))"
  grep -qF -- "$expected" "$work/$name.err" || fail "$name: expected '$expected' in: $(cat "$work/$name.err")"
  [ ! -s "$work/$name.out" ] || fail "$name: printed status lines"
  echo "refused $name: $(cat "$work/$name.err")"
}
refused unknown-key "$work/unknown-key.toml:3: unknown key 'osc-prefx'" \
  "$(printf 'window = 6\n# the prefix\nosc-prefx = "/club"')"
refused bad-range "$work/bad-range.toml:2: key 'window':" "$(printf 'osc = ["127.0.0.1:9000"]\nwindow = 100')"
refused bad-target "$work/bad-target.toml:1: key 'osc':" 'osc = ["127.0.0.1:99999"]'
refused bad-choice "$work/bad-choice.toml:1: key 'type':" 'type = "pulse"'
refused bad-prefix "$work/bad-prefix.toml:1: key 'osc-prefix':" 'osc-prefix = "no slash"'
refused nan "$work/nan.toml:4: key 'interval':" "$(printf '\n\n\ninterval = nan')"
refused table "$work/table.toml:1: key 'osc'" 'osc = { host = "x" }'
refused syntax "$work/syntax.toml:2:" "$(printf 'window = 6\nosc = [\n')"
refused config-key "$work/config-key.toml:1: unknown key 'config'" 'config = "other.toml"'
refused bad-wled "$work/bad-wled.toml:1: key 'wled':" 'wled = ["10.0.0.7:99999"]'
refused wled-ttl-alone "--wled-ttl shapes the WLED output" 'wled-ttl = 3'
refused link-not-bool "$work/link-not-bool.toml:1: key 'link' wants true or false" 'link = 1'
code=0
"$cli" live --config "$work/absent.toml" 2>"$work/absent.err" || code=$?
[ "$code" -eq 2 ] && grep -q "absent.toml: No such file or directory" "$work/absent.err" || fail "a missing file"
code=0
"$cli" live --config "$work" 2>"$work/dir.err" || code=$?
[ "$code" -eq 2 ] && grep -q "$work: it is a directory" "$work/dir.err" || fail "a directory as the config file"

pids=()
source "$(dirname "$0")/../../support/stop_processes.sh"
cleanup() { stop_processes "${pids[@]}"; }
trap cleanup EXIT
jack_start "$work/jackd.log" 512 || fail "jackd did not start"
pids+=("$JACKD_PID")
source "$(dirname "$0")/../../support/oscdump_receiver.sh"
oscdump_start "$work/osc0.txt" || fail "no OSC receiver"
pids+=("$OSCDUMP_PID"); port0="$OSCDUMP_PORT"
oscdump_start "$work/osc1.txt" || fail "no OSC receiver"
pids+=("$OSCDUMP_PID"); port1="$OSCDUMP_PORT"
oscdump_start "$work/osc2.txt" || fail "no second OSC receiver"
pids+=("$OSCDUMP_PID"); port2="$OSCDUMP_PORT"

# the shipped example, with the command line winning over it, as the systemd unit does: a
# status line at most every 3 s although an update comes every second
"$cli" live --config "$example" --type jack --osc "127.0.0.1:$port0" --interval 1 --status-every 3 --seconds 9.5 \
  >"$work/example.txt" 2>"$work/example.err" || { cat "$work/example.err"; fail "the example config"; }
lines=$(wc -l <"$work/example.txt")
[ "$lines" -ge 2 ] && [ "$lines" -le 3 ] || { cat "$work/example.txt"; fail "--status-every 3 printed $lines lines in 9.5 s"; }
grep -q "sending OSC to 127.0.0.1:$port0\$" "$work/example.err" || fail "the command line's --osc did not win"
receiver_settle "$work/osc0.txt"
grep -q " /moodscope/loudness " "$work/osc0.txt" || fail "the example config sent no /moodscope messages"

# WLED and Link from the file: the outputs start (and outlive the file's parser)
printf 'type = "jack"\nwled = ["127.0.0.1:%s"]\nwled-ttl = 2\nlink = true\nseconds = 2.5\n' "$port0" >"$work/outputs.toml"
"$cli" live --config "$work/outputs.toml" >"$work/outputs.txt" 2>"$work/outputs.err" \
  || { cat "$work/outputs.err"; fail "wled and link from the config file"; }
grep -q "sending WLED Audio Sync to 127.0.0.1:$port0" "$work/outputs.err" || fail "the config's wled target was not used"
grep -q "leading an Ableton Link session" "$work/outputs.err" || fail "the config's link = true was not used"
grep -q "wled_packets_per_s=" "$work/outputs.txt" || fail "no WLED figures in the status lines"

config="$work/live.toml"
cat >"$config" <<TOML
type = "jack"
osc = ["127.0.0.1:$port1"]
osc-prefix = "/one"
window = 4
interval = 1
TOML
"$cli" live --config "$config" --seconds 18 >"$work/status.txt" 2>"$work/live.err" &
live=$!
pids+=("$live")
jack_wait_moodscope || fail "moodscope live did not register its JACK inputs"
jack_metro_into_moodscope "$work/metro.log"
pids+=("$METRO_PID")
sleep 6
# the new targets; and a device change, which waits for the next start
cat >"$config" <<TOML
type = "jack"
osc = ["127.0.0.1:$port2"]
osc-prefix = "/two"
window = 5
interval = 1
TOML
kill -HUP "$live"
sleep 5
# a broken file on reload: refused, the running options stay
printf 'osc = ["127.0.0.1:%s"]\nosc-prefix = "/three"\nwindow = 0\n' "$port1" >"$config"
kill -HUP "$live"
set +e
wait "$live"; code=$?
set -e
[ "$code" -eq 0 ] || fail "live exited with $code"
cat "$work/live.err"
receiver_settle "$work/osc1.txt"; receiver_settle "$work/osc2.txt"

grep -q "moodscope: reloaded; sending OSC to 127.0.0.1:$port2 (prefix /two)" "$work/live.err" || fail "no reload message"
grep -q "moodscope: reload: window: unchanged until the next start" "$work/live.err" || fail "the window change was not reported as waiting"
grep -q "reload refused, keeping the running options: $config:3: key 'window':" "$work/live.err" \
  || fail "the broken file was not refused with its key and line"
# the input was opened once and never reopened: the audio kept flowing through the reloads
[ "$(grep -c "JACK input" "$work/live.err")" -eq 1 ] || fail "the input was reopened"
[ "$(wc -l <"$work/status.txt")" -ge 14 ] || fail "status lines stopped: $(wc -l <"$work/status.txt") in 18 s"
! grep -q "no audio" "$work/live.err" || fail "audio stopped"
# before the reload: only /one on the first receiver; after it: /two on the second, with the
# metronome's loudness, i.e. analysis of live audio after the reload; never /three
grep -q " /one/loudness " "$work/osc1.txt" || fail "no /one messages before the reload"
! grep -q " /two/\| /three/" "$work/osc1.txt" || fail "the first receiver got messages after the reload"
! grep -q " /one/\| /three/" "$work/osc2.txt" || fail "the second receiver got old or refused messages"
[ "$(grep -c " /two/beat " "$work/osc2.txt")" -ge 5 ] || fail "too few /two/beat after the reload"
grep " /two/loudness ff " "$work/osc2.txt" | awk '{ print $5 }' >"$work/loud2.txt"
[ "$(awk '$1 > -30' "$work/loud2.txt" | wc -l)" -ge 20 ] || fail "no loud /two/loudness: audio stopped?"
echo "live config: all checks passed"
