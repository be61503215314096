#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The --osc-* options end to end, through real receivers: oscdump for the addresses, and
# Tests/cli/OscDatagrams.cpp (liblo) for the framing (bundle or plain message) and the timetags, which
# oscdump does not show (it prints its own clock for plain messages and "immediately" bundles).
# A custom prefix arrives under that prefix only; each channel switch removes exactly its
# addresses; --osc-plain sends the same addresses without a single bundle; --osc-timetag
# immediate sends timetag 1, the default the sender's clock; an event travels in the bundle of
# its update; bad values and options without OSC are usage errors (exit 2).
set -euo pipefail
cli="$1"; work="$2"; datagrams="$3"
rm -rf "$work"; mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
pids=()
source "$(dirname "$0")/../../support/stop_processes.sh"
cleanup() { stop_processes "${pids[@]}"; }
trap cleanup EXIT
here="$(dirname "$0")"

# 5 s of a tone, then 3 s of silence: sound, fast and slow updates, and a `silence` event
python3 - "$work/events.wav" <<'PY'
import math, struct, sys, wave
rate = 44100
with wave.open(sys.argv[1], "wb") as w:
    w.setnchannels(2); w.setsampwidth(2); w.setframerate(rate)
    frames = bytearray()
    for n in range(8 * rate):
        v = 0.0 if n >= 5 * rate else 0.25 * (math.sin(2 * math.pi * 220 * n / rate) + math.sin(2 * math.pi * 660 * n / rate))
        s = int(v * 32767)
        frames += struct.pack("<hh", s, s)
    w.writeframes(bytes(frames))
PY
analyze=("$cli" analyze --window 3 --interval 1 "$work/events.wav")

source "$here/../../support/oscdump_receiver.sh"
# dump NAME [OPTIONS...]: analyze with OPTIONS into a fresh oscdump; the addresses received,
# one per line, sorted and unique, go to $work/NAME.addr
dump() {
  local name="$1"; shift
  oscdump_start "$work/$name.txt" || fail "no receiver"
  pids+=("$OSCDUMP_PID")
  "${analyze[@]}" --osc "127.0.0.1:$OSCDUMP_PORT" "$@" >/dev/null 2>"$work/$name.err" \
    || fail "$name: exit $?: $(cat "$work/$name.err")"
  receiver_settle "$work/$name.txt"
  kill "$OSCDUMP_PID" 2>/dev/null || true
  awk '{ print $2 }' "$work/$name.txt" | sort -u >"$work/$name.addr"
  [ -s "$work/$name.addr" ] || fail "$name: nothing received"
}

dump all
for want in /moodscope/level /moodscope/bands /moodscope/bpm /moodscope/window /moodscope/mood/energy \
            /moodscope/fp/lufs /moodscope/event; do
  grep -qx "$want" "$work/all.addr" || fail "default run: no $want (got $(tr '\n' ' ' <"$work/all.addr"))"
done
grep -q ' /moodscope/event s "silence"' "$work/all.txt" || fail "no silence event"

# a custom prefix: every message under it, the same addresses after it
dump prefix --osc-prefix /club/booth2
grep -qv '^/club/booth2/' "$work/prefix.addr" && fail "address outside the prefix: $(grep -v '^/club/booth2/' "$work/prefix.addr" | head -n 3)"
sed 's|^/club/booth2/|/moodscope/|' "$work/prefix.addr" | diff - "$work/all.addr" >/dev/null \
  || fail "prefix changes more than the prefix: $(sed 's|^/club/booth2/|/moodscope/|' "$work/prefix.addr" | diff - "$work/all.addr")"

# the channel switches: each removes exactly its own addresses. Pulses (/onset, /beat) depend on
# which hops the file-speed fan-out kept, so they are only required to be absent when switched off.
pulses='^/moodscope/(onset|beat|host/beat)$'
fast='^/moodscope/(level|loudness|bands|onset|beat|beat/phase|bar/phase|bpm|host/.*)$'
slow='^/moodscope/(window|fingerprint|mood/.*|key)$'
dims='^/moodscope/fp/.*$'
events='^/moodscope/event$'
check_switch() { # NAME REGEX: NAME.addr is all.addr without the addresses REGEX matches
  local name="$1" regex="$2" left
  left=$(grep -Ev "$regex" "$work/all.addr" | grep -Ev "$pulses" || true)
  grep -Eq "$regex" "$work/$name.addr" && fail "$name: still sends $(grep -E "$regex" "$work/$name.addr" | head -n 3 | tr '\n' ' ')"
  comm -23 <(echo "$left") "$work/$name.addr" | grep -q . && fail "$name: lost $(comm -23 <(echo "$left") "$work/$name.addr" | tr '\n' ' ')"
  comm -13 "$work/all.addr" "$work/$name.addr" | grep -q . && fail "$name: new addresses $(comm -13 "$work/all.addr" "$work/$name.addr" | tr '\n' ' ')"
  echo "osc options: --osc-$name leaves $(wc -l <"$work/$name.addr") of $(wc -l <"$work/all.addr") addresses"
}
dump no-fast --osc-no-fast; check_switch no-fast "$fast"
dump no-slow --osc-no-slow; check_switch no-slow "$slow"
dump no-dims --osc-no-dims; check_switch no-dims "$dims"
dump no-events --osc-no-events; check_switch no-events "$events"
# --osc-rate: a lower fast rate sends fewer fast updates, at most rate x duration (+1 for the flush)
dump slow-rate --osc-rate 2
rated=$(grep -c ' /moodscope/level ' "$work/slow-rate.txt" || true)
[ "$rated" -ge 1 ] && [ "$rated" -le 16 ] || fail "--osc-rate 2: $rated /level updates for 8 s of audio"

# the lighting profile: every message one float in 0..1, pulses per event, and everything 0 at the end
dump lighting --osc-profile lighting
awk '$3 != "f" || NF != 4 || !($4 >= 0 && $4 <= 1) { print; exit 1 }' "$work/lighting.txt" >"$work/lighting.bad" \
  || fail "--osc-profile lighting: not one float in 0..1: $(cat "$work/lighting.bad")"
for want in /moodscope/level /moodscope/bands/beat /moodscope/bpm /moodscope/mood/energy /moodscope/fp/lufs \
            /moodscope/event/silence; do
  grep -qx "$want" "$work/lighting.addr" || fail "--osc-profile lighting: no $want"
done
grep -qx /moodscope/bands "$work/lighting.addr" && fail "--osc-profile lighting: the default profile's /bands"
grep -q ' /moodscope/event/silence f 1' "$work/lighting.txt" || fail "--osc-profile lighting: /event/silence did not pulse"
for last in /moodscope/level /moodscope/mood/energy /moodscope/event/silence; do
  grep " $last f " "$work/lighting.txt" | tail -n 1 | awk '{ exit !($4 == 0) }' \
    || fail "--osc-profile lighting: $last does not end at 0"
done
echo "osc options: --osc-profile lighting: $(wc -l <"$work/lighting.addr") addresses, one float in 0..1 each, 0 at the end"

# framing and timetags, seen datagram by datagram
"$datagrams" "$work/frames.txt" &
pids+=("$!")
for _ in $(seq 50); do [ -s "$work/frames.txt.port" ] && break; sleep 0.1; done
[ -s "$work/frames.txt.port" ] || fail "moodscope_osc_datagrams did not start"
port=$(cat "$work/frames.txt.port")
frames() { # NAME [OPTIONS...]: the datagrams of one run go to $work/NAME.frames
  local name="$1" before; shift
  before=$(wc -l <"$work/frames.txt")
  "${analyze[@]}" --osc "127.0.0.1:$port" "$@" >/dev/null 2>"$work/$name.err" || fail "$name: exit $?"
  receiver_settle "$work/frames.txt"
  tail -n "+$((before + 1))" "$work/frames.txt" >"$work/$name.frames"
  [ -s "$work/$name.frames" ] || fail "$name: no datagrams"
}

frames bundled
grep -qv '^bundle ' "$work/bundled.frames" && fail "default: a datagram that is not a bundle"
# the default timetag is the sender's clock (NTP seconds since 1900)
now=$(( $(date +%s) + 2208988800 ))
for sec in $(cut -c 8-15 "$work/bundled.frames" | sort -u); do
  [ $((0x$sec)) -ge $((now - 60)) ] && [ $((0x$sec)) -le $((now + 5)) ] \
    || fail "default timetag is not the clock: $((0x$sec)) s, now $now s (NTP)"
done
# the event travels in the bundle of its update, with that update's other messages
grep ' /moodscope/event' "$work/bundled.frames" >"$work/event.frames" || fail "no /event in a bundle"
awk '{ if (NF < 4) exit 1 }' "$work/event.frames" || fail "an /event bundle without its update: $(head -n 1 "$work/event.frames")"
tr ' ' '\n' <"$work/bundled.frames" | grep '^/' | sort -u | diff - "$work/all.addr" >/dev/null \
  || fail "the datagram receiver and oscdump disagree on the addresses"

frames plain --osc-plain
grep -qv '^message ' "$work/plain.frames" && fail "--osc-plain: a bundle arrived: $(grep -v '^message ' "$work/plain.frames" | head -n 1 | cut -c 1-80)"
awk '{ print $2 }' "$work/plain.frames" | grep -Ev "$pulses" | sort -u >"$work/plain.addr"
grep -Ev "$pulses" "$work/all.addr" | diff - "$work/plain.addr" >/dev/null \
  || fail "--osc-plain sends other addresses: $(grep -Ev "$pulses" "$work/all.addr" | diff - "$work/plain.addr")"
echo "osc options: --osc-plain: $(wc -l <"$work/plain.frames") datagrams of one message, default: $(wc -l <"$work/bundled.frames") bundles"

frames immediate --osc-timetag immediate
grep -qv '^bundle 00000000\.00000001 ' "$work/immediate.frames" \
  && fail "--osc-timetag immediate: $(grep -v '^bundle 00000000\.00000001 ' "$work/immediate.frames" | head -n 1 | cut -c 1-60)"
frames now --osc-timetag now
grep -q '^bundle 00000000\.00000001 ' "$work/now.frames" && fail "--osc-timetag now sent an immediate timetag"

# bad values and options without OSC: usage errors with a message that names the problem
usage() { # EXPECTED-MESSAGE ARGS...: exit 2 and the message on stderr
  local want="$1" code=0; shift
  "$cli" "$@" >"$work/usage.out" 2>"$work/usage.err" || code=$?
  [ "$code" -eq 2 ] || fail "'$*': exit $code, expected 2"
  grep -q -- "$want" "$work/usage.err" || fail "'$*': no '$want' in: $(cat "$work/usage.err")"
  [ -s "$work/usage.out" ] && fail "'$*': wrote to stdout"
  return 0
}
osc=(--osc 127.0.0.1:9)
usage "must start with '/'" analyze "${osc[@]}" --osc-prefix club "$work/events.wav"
usage "must not end with '/'" analyze "${osc[@]}" --osc-prefix /club/ "$work/events.wav"
usage "must not contain spaces" analyze "${osc[@]}" --osc-prefix "/club booth" "$work/events.wav"
usage "must not contain '#'" analyze "${osc[@]}" --osc-prefix "/club#2" "$work/events.wav"
usage "--osc-rate" analyze "${osc[@]}" --osc-rate 0 "$work/events.wav"
usage "--osc-rate" analyze "${osc[@]}" --osc-rate 5000 "$work/events.wav"
usage "--osc-rate" analyze "${osc[@]}" --osc-rate fast "$work/events.wav"
usage "--osc-timetag" analyze "${osc[@]}" --osc-timetag later "$work/events.wav"
usage "--osc-profile" analyze "${osc[@]}" --osc-profile disco "$work/events.wav"
usage "leave nothing to send" analyze "${osc[@]}" --osc-no-fast --osc-no-slow --osc-no-dims --osc-no-events \
  "$work/events.wav"
for option in "--osc-prefix /x" --osc-plain --osc-no-fast --osc-no-slow --osc-no-dims --osc-no-events \
              "--osc-rate 30" "--osc-timetag immediate" "--osc-profile lighting"; do
  # shellcheck disable=SC2086 # the option and its value are two words
  usage "${option%% *} shapes the OSC output, which only --osc (or --realtime) turns on" analyze $option "$work/events.wav"
done
# live streams OSC without --osc too, so the options are accepted there, and validated the same way
usage "must start with '/'" live --osc-prefix club
usage "--osc-rate" live --osc-rate 0
usage "leave nothing to send" live --osc-no-fast --osc-no-slow --osc-no-dims --osc-no-events
"$cli" live --help | grep -q -- "--osc-timetag" || fail "live --help lacks --osc-timetag"
"$cli" live --help | grep -q -- "--osc-profile" || fail "live --help lacks --osc-profile"
"$cli" analyze --help | grep -q -- "--osc-plain" || fail "analyze --help lacks --osc-plain"
echo "osc options: all checks passed"
