#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Hostile input through `analyze` (and scan for the shared checks): crafted WAV headers with
# absurd channel counts, a header with no audio, header-only FLAC files, a FIFO, NaN and
# infinite option values, output to a full device for every command, and header bombs. Each
# must end with one line naming the cause and the right exit code, while the good files of
# the same run are still analyzed; nothing may hang.
set -euo pipefail
cli="$1"; work="$2"
rm -rf "$work"; mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
run() { timeout 60 "$@"; } # a hang is a failure, not a stuck CI run

"$cli" demo --seconds 4 --write "$work/good.wav" 2>/dev/null
"$cli" demo --seconds 3 --write "$work/good.flac" 2>/dev/null

# wav CHANNELS BITS DATA_BYTES OUT: a PCM WAV header (data bytes of zeros follow)
wav() {
  python3 - "$@" <<'PY'
import struct, sys
ch, bits, n, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
align = ch * bits // 8
fmt = struct.pack('<HHIIHH', 1, ch, 44100, 44100 * align & 0xffffffff, align & 0xffff, bits)
body = b'WAVE' + b'fmt ' + struct.pack('<I', len(fmt)) + fmt + b'data' + struct.pack('<I', n) + bytes(n)
open(out, 'wb').write(b'RIFF' + struct.pack('<I', len(body)) + body)
PY
}
wav 32768 16 65536 "$work/ch32768.wav"
wav 65535 16 131070 "$work/ch65535.wav"
wav 3000 16 60000 "$work/ch3000.wav"
wav 2 16 0 "$work/nodata.wav"

# 1. absurd channel counts and a header without audio: exit 1, one line each, the good files
#    before and after are analyzed
set +e
run "$cli" analyze --summary-only --jobs 1 "$work/good.wav" "$work/ch32768.wav" "$work/ch65535.wav" \
  "$work/ch3000.wav" "$work/nodata.wav" "$work/good.flac" >"$work/bad.jsonl" 2>"$work/bad.err"
code=$?
set -e
[ "$code" -eq 1 ] || fail "bad headers: exit $code, expected 1 ($(cat "$work/bad.err"))"
jq -e -s --arg w "$work" 'map(.file) == [$w + "/good.wav", $w + "/good.flac"]' "$work/bad.jsonl" >/dev/null \
  || fail "bad headers: the good files lost their output: $(jq -c -s 'map(.file)' "$work/bad.jsonl")"
for n in 32768 65535 3000; do
  [ "$(grep -c "ch$n.wav: unusable stream (sample rate 44100 Hz, $n channels; 1 to 64 are read)" "$work/bad.err")" -eq 1 ] \
    || fail "$n channels: expected one line naming the channel count, got: $(cat "$work/bad.err")"
done
[ "$(grep -c "nodata.wav: no audio in the file" "$work/bad.err")" -eq 1 ] || fail "no data: $(cat "$work/bad.err")"
[ "$(wc -l <"$work/bad.err")" -eq 4 ] || fail "bad headers: expected 4 error lines, got: $(cat "$work/bad.err")"

# 2. scan says the same for the same files, caches only the good ones
mkdir -p "$work/lib"
cp "$work/good.wav" "$work/ch32768.wav" "$work/nodata.wav" "$work/lib/"
set +e
run "$cli" scan --cache "$work/cache.sqlite" "$work/lib" >/dev/null 2>"$work/scan.err"; code=$?
set -e
[ "$code" -eq 1 ] || fail "scan of bad headers: exit $code, expected 1"
grep -q "ch32768.wav: unusable stream (sample rate 44100 Hz, 32768 channels; 1 to 64 are read)" "$work/scan.err" \
  || fail "scan: $(cat "$work/scan.err")"
grep -q "nodata.wav: no audio in the file" "$work/scan.err" || fail "scan: $(cat "$work/scan.err")"

# 2b. a FLAC cut inside its metadata (STREAMINFO whole, or the block after it cut) is truncated,
#     not the promised 3 s of silence
head -c 42 "$work/good.flac" >"$work/head42.flac"
head -c 60 "$work/good.flac" >"$work/head60.flac"
set +e
run "$cli" analyze --summary-only "$work/head42.flac" "$work/head60.flac" "$work/good.wav" >"$work/head.jsonl" \
  2>"$work/head.err"
code=$?
set -e
[ "$code" -eq 1 ] || fail "header-only FLAC: exit $code, expected 1"
for n in 42 60; do
  grep -q "head$n.flac: truncated: the FLAC header promises 3.00 s but the file ends inside its metadata" "$work/head.err" \
    || fail "header-only FLAC ($n bytes): $(cat "$work/head.err")"
done
[ "$(wc -l <"$work/head.jsonl")" -eq 1 ] || fail "header-only FLAC: the good file was not analyzed"

# 3. a FIFO with no writer is not a regular file (and does not block)
mkfifo "$work/fifo.wav"
set +e
run "$cli" analyze --summary-only "$work/fifo.wav" "$work/good.wav" >"$work/fifo.jsonl" 2>"$work/fifo.err"; code=$?
set -e
[ "$code" -eq 1 ] || fail "FIFO: exit $code, expected 1"
grep -q "fifo.wav: not a regular file" "$work/fifo.err" || fail "FIFO: $(cat "$work/fifo.err")"
[ "$(wc -l <"$work/fifo.jsonl")" -eq 1 ] || fail "FIFO: the good file was not analyzed"

# 4. NaN and infinite numbers are bad usage (exit 2), never a crash or a silent default
check_usage() { # expected-text args...
  local want="$1"; shift
  set +e
  run "$cli" "$@" >"$work/usage.out" 2>"$work/usage.err"; local c=$?
  set -e
  [ "$c" -eq 2 ] || fail "'$*': exit $c, expected 2 ($(head -c 300 "$work/usage.err"))"
  grep -q "$want" "$work/usage.err" || fail "'$*': no '$want' in: $(head -c 300 "$work/usage.err")"
}
check_usage "not a finite number: nan" synth --seconds nan "$work/x.wav"
check_usage "not a finite number: nan" synth --rate nan "$work/x.wav"
check_usage "not a finite number: nan" synth --gain-db nan "$work/x.wav"
check_usage "not a finite number: nan" demo --seconds nan
check_usage "not a finite number: nan" analyze --window nan "$work/good.wav"
check_usage "not a finite number: inf" analyze --interval inf "$work/good.wav"
check_usage "not a finite number: nan" analyze --osc 127.0.0.1:9 --osc-rate nan "$work/good.wav"
check_usage "not a finite number: nan" scan --cache "$work/cache.sqlite" --cache-size-mb nan "$work/lib"
check_usage "not a finite number: nan" cache vacuum --cache "$work/cache.sqlite" --cache-size-mb nan
[ ! -e "$work/x.wav" ] || fail "synth wrote a file despite a bad option"

# 5. output that cannot be written is a failure with its cause, for every command that writes;
#    a device is written to, never replaced by a file
if [ ! -c /dev/full ]; then fail "/dev/full is not a character device on this machine"; fi
mkdir -p "$work/two"
"$cli" synth --seed 1 --seconds 2 "$work/two/a.wav" 2>/dev/null
"$cli" synth --seed 2 --seconds 2 "$work/two/b.wav" 2>/dev/null
"$cli" scan --cache "$work/full-cache.sqlite" "$work/two" >/dev/null 2>&1
check_full() { # expected-text command...
  local want="$1"; shift
  set +e
  run "$@" 2>"$work/full.err"; local c=$?
  set -e
  [ "$c" -eq 1 ] || fail "'$*' to /dev/full: exit $c, expected 1 ($(cat "$work/full.err"))"
  grep -q "$want" "$work/full.err" || fail "'$*' to /dev/full: $(cat "$work/full.err")"
  ! grep -q "nearest of\|wrote " "$work/full.err" || fail "'$*' to /dev/full reported success: $(cat "$work/full.err")"
  [ -c /dev/full ] || fail "'$*' replaced /dev/full"
}
check_full "cannot write the output: No space left on device" sh -c '"$0" analyze --summary-only "$1" >/dev/full' "$cli" "$work/good.wav"
check_full "cannot write the output: No space left on device" sh -c '"$0" similar --cache "$1" "$2" >/dev/full' "$cli" "$work/full-cache.sqlite" "$work/two/a.wav"
check_full "cannot write the output: No space left on device" sh -c '"$0" cache stats --cache "$1" >/dev/full' "$cli" "$work/full-cache.sqlite"
check_full "cannot write the output: No space left on device" sh -c '"$0" demo --seconds 3 >/dev/full' "$cli"
check_full "moodscope synth: cannot write /dev/full: No space left on device" "$cli" synth --seconds 2 /dev/full
check_full "error writing /dev/full" "$cli" scan --cache "$work/full-cache.sqlite" --export jsonl /dev/full "$work/two"
# a failed write into a regular file's place leaves the file that was there
"$cli" synth --seed 4 --seconds 2 "$work/keep.wav" 2>/dev/null
sum=$(md5sum <"$work/keep.wav")
# (a 512 KiB tmpfs in a private mount namespace; a user namespace when not root)
mkdir -p "$work/tiny"
ns=(unshare -m); [ "$(id -u)" -eq 0 ] || ns=(unshare -rm)
"${ns[@]}" bash -c '
  mount -t tmpfs -o size=512k tmpfs "$1" || exit 3
  cp "$2" "$1/keep.wav"
  "$3" synth --seed 5 --seconds 4 "$1/keep.wav" 2>"$4"; echo "exit $?" >>"$4"
  md5sum <"$1/keep.wav" >>"$4"
  ls "$1" >>"$4"' _ "$work/tiny" "$work/keep.wav" "$cli" "$work/tiny.err" || fail "cannot mount a small tmpfs"
grep -q "moodscope synth: cannot write $work/tiny/keep.wav: No space left on device" "$work/tiny.err" \
  || fail "full file system: $(cat "$work/tiny.err")"
grep -qx "exit 1" "$work/tiny.err" || fail "full file system: $(cat "$work/tiny.err")"
grep -qxF "$sum" "$work/tiny.err" || fail "the old file was damaged: $(cat "$work/tiny.err")"
! grep -q "partial" "$work/tiny.err" || fail "a partial file was left behind: $(cat "$work/tiny.err")"

# 6. header bombs: a header claiming far more audio than the file holds is refused at once,
#    for FLAC (12179 s and 2^36 samples claimed for 3 s, the same in a 42-byte file) and WAV
#    (a 2 GB data chunk); scan caches none of them
bomb() { # in out what value
  python3 - "$@" <<'PY'
import struct, sys
src, out, what, value = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
d = bytearray(open(src, 'rb').read())
if what == 'flac-total':   # STREAMINFO: 20 bits rate, 3 channels, 5 bits, 36 bits total samples
    v = struct.unpack('>Q', d[18:26])[0]
    d[18:26] = struct.pack('>Q', (v & ~((1 << 36) - 1)) | value)
elif what == 'flac-head':
    v = struct.unpack('>Q', d[18:26])[0]
    d = d[:42]
    d[18:26] = struct.pack('>Q', (v & ~((1 << 36) - 1)) | value)
elif what == 'wav-data':
    i = d.find(b'data')
    d[i + 4:i + 8] = struct.pack('<I', value)
elif what == 'wav-smpl':   # a sampler chunk ahead of the audio that claims `value` bytes
    i = d.find(b'data')
    d[i:i] = b'smpl' + struct.pack('<I', value) + bytes(36)
elif what == 'wav-tail':   # a cut-off LIST chunk after the audio that claims `value` bytes
    d += b'LIST' + struct.pack('<I', value) + b'INFO'
open(out, 'wb').write(d)
PY
}
mkdir -p "$work/bombs"
bomb "$work/good.flac" "$work/bombs/claims12179s.flac" flac-total $((12179 * 44100))
bomb "$work/good.flac" "$work/bombs/claims2pow36.flac" flac-total $(((1 << 36) - 1))
bomb "$work/good.flac" "$work/bombs/head42.flac" flac-head $(((1 << 36) - 1))
bomb "$work/good.wav" "$work/bombs/claims2GB.wav" wav-data $((0x7ffffff0))
# JUCE's WAV reader allocates and parses a metadata chunk at its declared size: a "smpl" chunk ahead
# of the audio that claims 1.9 GB is named (the fuzz finding below, whose loop count is in the
# billions too, took minutes); a cut-off chunk after the audio must not cost the file
bomb "$work/good.wav" "$work/bombs/smpl2GB.wav" wav-smpl $((0x74636166))
bomb "$work/good.wav" "$work/bombs/tail1GB.wav" wav-tail $((0x40000000))
cp "$work/good.wav" "$work/bombs/"
# an Ogg Vorbis file of 9 KB whose last page claims 2^32 - 256 samples (149 hours at 8 kHz), found
# by fuzz_decode (its first byte is the fuzzer's selector)
tail -c +2 "$(dirname "$0")/../../fuzz/findings/ogg-claims-149h.fuzz_decode" >"$work/bombs/claims149h.ogg"
# the fuzz_decode finding whose smpl chunk also counts its loops in the billions: minutes before the fix
tail -c +2 "$(dirname "$0")/../../fuzz/findings/wav-smpl-claims-2GB.fuzz_decode" >"$work/bombs/smplfinding.wav"
set +e
run "$cli" analyze --summary-only "$work/bombs/claims12179s.flac" "$work/bombs/claims2pow36.flac" \
  "$work/bombs/head42.flac" "$work/bombs/claims2GB.wav" "$work/bombs/claims149h.ogg" "$work/good.wav" \
  "$work/bombs/smpl2GB.wav" "$work/bombs/tail1GB.wav" "$work/bombs/smplfinding.wav" >"$work/bomb.jsonl" 2>"$work/bomb.err"
code=$?
set -e
[ "$code" -eq 1 ] || fail "header bombs: exit $code, expected 1"
grep -q "claims12179s.flac: truncated: the FLAC header promises 12179.00 s but the frames holding its end are missing" \
  "$work/bomb.err" || fail "12179 s bomb: $(cat "$work/bomb.err")"
grep -q "claims2pow36.flac: damaged: the stream claims 97391.55 s of audio in" "$work/bomb.err" || fail "2^36 bomb: $(cat "$work/bomb.err")"
grep -q "head42.flac: damaged: the stream claims .* s of audio in 42 bytes" "$work/bomb.err" || fail "42-byte bomb: $(cat "$work/bomb.err")"
grep -q "claims2GB.wav: truncated: the header promises 12173.94 s (2147483736 bytes) but the file has" "$work/bomb.err" \
  || fail "WAV bomb: $(cat "$work/bomb.err")"
grep -q "claims149h.ogg: damaged: the stream claims 536870.88 s of audio in 9111 bytes" "$work/bomb.err" \
  || fail "Ogg bomb: $(cat "$work/bomb.err")"
grep -q "smpl2GB.wav: damaged: the 'smpl' chunk at byte [0-9]* claims 1952670054 bytes; the file holds $(stat -c %s "$work/bombs/smpl2GB.wav") (skipped)" "$work/bomb.err" \
  || fail "smpl bomb: $(cat "$work/bomb.err")"
grep -q "smplfinding.wav: damaged: the 'smpl' chunk at byte 60 claims 1952670054 bytes; the file holds 16141 (skipped)" \
  "$work/bomb.err" || fail "smpl finding: $(cat "$work/bomb.err")"
grep -q '"file":"[^"]*tail1GB.wav"' "$work/bomb.jsonl" || fail "a cut-off chunk after the audio lost the file: $(cat "$work/bomb.err")"
[ "$(grep -c '"tempo_bpm"' "$work/bomb.jsonl")" -eq 2 ] || fail "header bombs: the two good files' summaries: $(cat "$work/bomb.jsonl")"
[ "$(wc -l <"$work/bomb.err")" -eq 7 ] && [ "$(wc -l <"$work/bomb.jsonl")" -eq 2 ] || fail "header bombs: $(cat "$work/bomb.err")"
set +e
run "$cli" scan --cache "$work/bombs.sqlite" "$work/bombs" >/dev/null 2>"$work/bomb-scan.err"; code=$?
set -e
[ "$code" -eq 1 ] || fail "scan of header bombs: exit $code"
[ "$(sqlite3 "$work/bombs.sqlite" 'SELECT count(*) FROM files')" -eq 2 ] || fail "scan cached a header bomb or lost a good file"
echo "hostile input: 8 passed, 0 failed"
