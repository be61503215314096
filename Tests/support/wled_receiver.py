#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A WLED Audio Sync receiver for tests, written from WLED's own definition of the packet, not
from Moodscope's encoder: struct audioSyncPacket in usermods/audioreactive/audio_reactive.h of
https://github.com/Aircoookie/WLED (the "V2" packet, header "00002"):

  char     header[6];      offset 0
  uint8_t  reserved1[2];   offset 6   (compiler padding)
  float    sampleRaw;      offset 8
  float    sampleSmth;     offset 12
  uint8_t  samplePeak;     offset 16
  uint8_t  reserved2;      offset 17
  uint8_t  fftResult[16];  offset 18
  uint16_t reserved3;      offset 34  (compiler padding)
  float    FFT_Magnitude;  offset 36
  float    FFT_MajorPeak;  offset 40  -> 44 bytes, little-endian (ESP32)

  record: wled_receiver.py record OUT.jsonl --seconds S [--group 239.0.0.1 --interface 127.0.0.1] [--port P]
          (prints "ready PORT" on stdout once listening)
  write the test signal: wled_receiver.py signal OUT.wav
  check a recording against that signal: wled_receiver.py check REC.jsonl
"""
import json
import math
import random
import socket
import struct
import sys
import time
import wave

SIZE = 44
HEADER = b"00002\x00"

# WLED's 16 GEQ channels: FFT bins first..last of a 512-point FFT at 22050 Hz (FFTcode()).
WLED_BIN_HZ = 22050.0 / 512.0
CHANNEL_BINS = [(1, 2), (2, 3), (3, 5), (5, 7), (7, 10), (10, 13), (13, 19), (19, 26),
                (26, 33), (33, 44), (44, 56), (56, 70), (70, 86), (86, 104), (104, 165), (165, 215)]


def channel_of(hz):
    for i, (first, last) in enumerate(CHANNEL_BINS):
        hi = CHANNEL_BINS[i + 1][0] * WLED_BIN_HZ if i + 1 < len(CHANNEL_BINS) else last * WLED_BIN_HZ
        if first * WLED_BIN_HZ <= hz < hi:
            return i
    return None


def parse(data):
    if len(data) != SIZE:
        raise ValueError("packet of %d bytes, WLED's V2 packet has %d" % (len(data), SIZE))
    if data[0:6] != HEADER:
        raise ValueError("header %r, expected %r" % (data[0:6], HEADER))
    return {
        "sampleRaw": struct.unpack_from("<f", data, 8)[0],
        "sampleSmth": struct.unpack_from("<f", data, 12)[0],
        "samplePeak": data[16],
        "fftResult": list(data[18:34]),
        "FFT_Magnitude": struct.unpack_from("<f", data, 36)[0],
        "FFT_MajorPeak": struct.unpack_from("<f", data, 40)[0],
        "padding": [data[6], data[7], data[17], data[34], data[35]],
    }


def record(out, seconds, port, group, interface):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("", port))
    if group:
        s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                     socket.inet_aton(group) + socket.inet_aton(interface))
    s.settimeout(0.2)
    print("ready %d" % s.getsockname()[1], flush=True)
    end = time.monotonic() + seconds
    with open(out, "w") as f:
        while time.monotonic() < end:
            try:
                data = s.recv(2048)
            except socket.timeout:
                continue
            t = time.monotonic()
            try:
                p = parse(data)
            except ValueError as e:
                p = {"error": str(e)}
            p["t"] = t
            f.write(json.dumps(p) + "\n")
            f.flush()


# The test signal: silence, a stepped sine sweep with one tone in the middle of each WLED
# channel, silence, a 120 BPM click track, silence.
RATE = 44100
LEAD = 1.5
TONE = 0.8
GAP_AFTER_TONES = 1.5
CLICKS = 8
CLICK_PERIOD = 0.5
TAIL = 2.5


def tone_hz(i):
    first = CHANNEL_BINS[i][0] * WLED_BIN_HZ
    hi = CHANNEL_BINS[i + 1][0] * WLED_BIN_HZ if i + 1 < 16 else CHANNEL_BINS[i][1] * WLED_BIN_HZ
    return math.sqrt(first * hi)


def click_start():
    return LEAD + 16 * TONE + GAP_AFTER_TONES


def signal(out):
    rng = random.Random(7)
    samples = []
    samples += [0.0] * int(LEAD * RATE)
    for i in range(16):
        f = tone_hz(i)
        n = int(TONE * RATE)
        for k in range(n):
            ramp = min(1.0, k / 220.0, (n - k) / 220.0)
            samples.append(0.25 * ramp * math.sin(2 * math.pi * f * k / RATE))
    samples += [0.0] * int(GAP_AFTER_TONES * RATE)
    for c in range(CLICKS):
        n = int(CLICK_PERIOD * RATE)
        for k in range(n):
            env = math.exp(-k / (0.03 * RATE))
            samples.append(0.6 * env * (0.6 * math.sin(2 * math.pi * 70 * k / RATE) + 0.4 * rng.uniform(-1, 1)))
    samples += [0.0] * int(TAIL * RATE)
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(struct.pack("<h", int(max(-1.0, min(1.0, x)) * 32767)) for x in samples))


def check(rec):
    packets = [json.loads(line) for line in open(rec)]
    problems = []
    bad = [p for p in packets if "error" in p]
    if bad:
        return ["%d packets not WLED V2: %s" % (len(bad), bad[0]["error"])]
    if len(packets) < 100:
        return ["only %d packets" % len(packets)]
    if any(any(x != 0 for x in p["padding"]) for p in packets):
        problems.append("padding bytes not zero")
    # the first packet with sound marks the first tone's start (plus the analysis latency)
    loud = [p for p in packets if p["sampleRaw"] > 0 or any(p["fftResult"])]
    if not loud:
        return ["no packet with sound"]
    t0 = loud[0]["t"] - LEAD
    rel = lambda p: p["t"] - t0
    within = lambda a, b: [p for p in packets if a <= rel(p) < b]
    lines = []

    # rate: WLED sends when more than 20 ms have passed (audio_reactive.h loop())
    span = packets[-1]["t"] - packets[0]["t"]
    rate = (len(packets) - 1) / span
    gaps = sorted(b["t"] - a["t"] for a, b in zip(packets, packets[1:]))
    median_gap = gaps[len(gaps) // 2]
    lines.append("rate %.1f packets/s, median gap %.1f ms" % (rate, median_gap * 1000))
    if not (40.0 <= rate <= 50.0):
        problems.append("rate %.1f packets/s, WLED sends after more than 20 ms (47.6/s)" % rate)
    if not (0.019 <= median_gap <= 0.025):
        problems.append("median gap %.1f ms" % (median_gap * 1000))

    # silence before the sweep: all zeros
    lead = [p for p in packets if rel(p) < LEAD - 0.3]
    if len(lead) < 10:
        problems.append("only %d packets before the sweep" % len(lead))
    for p in lead:
        if p["sampleRaw"] or p["sampleSmth"] or p["samplePeak"] or any(p["fftResult"]) or p["FFT_Magnitude"] or p["FFT_MajorPeak"]:
            problems.append("silence before the sweep is not all zeros: %s" % p)
            break

    # the stepped sweep walks the channels; FFT_MajorPeak follows the tone
    walked = []
    for i in range(16):
        f = tone_hz(i)
        start = LEAD + i * TONE
        ps = within(start + 0.3, start + TONE - 0.1)
        if len(ps) < 10:
            problems.append("tone %d: only %d packets" % (i, len(ps)))
            continue
        peaks = sorted(p["FFT_MajorPeak"] for p in ps)
        median_peak = peaks[len(peaks) // 2]
        if abs(median_peak - f) > 0.05 * f:
            problems.append("tone %d (%.0f Hz): FFT_MajorPeak median %.1f Hz (more than 5 %% off)" % (i, f, median_peak))
        good = 0
        argmaxes = []
        for p in ps:
            top = max(p["fftResult"])
            at = [c for c, v in enumerate(p["fftResult"]) if v == top]
            argmaxes.append(at)
            if top > 0 and all(abs(c - i) <= 1 for c in at):
                good += 1
        walked.append(sorted(argmaxes, key=len)[0][0])
        if good < 0.9 * len(ps):
            problems.append("tone %d (%.0f Hz, channel %d): loudest GEQ channel within +-1 in only %d of %d packets, e.g. %s"
                            % (i, f, i, good, len(ps), ps[len(ps) // 2]["fftResult"]))
        if min(p["sampleSmth"] for p in ps) < 1:
            problems.append("tone %d: sampleSmth below 1 while the tone plays" % i)
    lines.append("sweep: loudest channels %s" % walked)

    # no peak flags in steady tones past their starts (only onsets/beats raise it)
    steady = [p for i in range(16) for p in within(LEAD + i * TONE + 0.3, LEAD + (i + 1) * TONE - 0.1)]
    steady_peaks = sum(1 for p in steady if p["samplePeak"])

    # clicks raise samplePeak
    cs = click_start()
    clicks = within(cs, cs + CLICKS * CLICK_PERIOD + 0.1)
    peaks = [rel(p) for p in clicks if p["samplePeak"]]
    hit = set()
    for t in peaks:
        k = round((t - cs) / CLICK_PERIOD)
        if 0 <= k < CLICKS and abs(t - (cs + k * CLICK_PERIOD)) < 0.12:
            hit.add(k)
    lines.append("clicks: %d of %d raised samplePeak (%d flagged packets; %d in steady tones)"
                 % (len(hit), CLICKS, len(peaks), steady_peaks))
    if len(hit) < CLICKS - 2:
        problems.append("only %d of %d clicks raised samplePeak (at %s)" % (len(hit), CLICKS, peaks))
    if len(peaks) > 3 * CLICKS:
        problems.append("samplePeak on %d packets for %d clicks: not a pulse" % (len(peaks), CLICKS))
    if steady_peaks > 4:
        problems.append("samplePeak on %d packets of steady tones" % steady_peaks)

    # silence at the end: back to zeros
    tail = within(cs + CLICKS * CLICK_PERIOD + 1.2, 1e9)
    if len(tail) < 10:
        problems.append("only %d packets in the final silence" % len(tail))
    for p in tail:
        if p["sampleRaw"] or p["sampleSmth"] or p["samplePeak"] or any(p["fftResult"]) or p["FFT_Magnitude"] or p["FFT_MajorPeak"]:
            problems.append("final silence is not all zeros: %s" % p)
            break
    for line in lines:
        print(line)
    return problems


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "record":
        args = sys.argv[3:]
        opts = {"--seconds": "10", "--port": "11988", "--group": "", "--interface": "0.0.0.0"}
        for k, v in zip(args[::2], args[1::2]):
            opts[k] = v
        record(sys.argv[2], float(opts["--seconds"]), int(opts["--port"]), opts["--group"], opts["--interface"])
    elif cmd == "signal":
        signal(sys.argv[2])
    elif cmd == "check":
        problems = check(sys.argv[2])
        for p in problems:
            print("FAIL: " + p)
        sys.exit(1 if problems else 0)
    else:
        sys.exit("usage: see the module's docstring")
