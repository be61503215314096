#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers of the Ardour test (ardour_test.sh), standard library only.

  add-audio DIR NAME MIX.wav        puts a stereo float WAV into a saved Ardour 7 session as a
                                    region at 0 on the track "Music" (two mono sources, no
                                    fades), and the session range around it
  osc-state DIR NAME TARGETS        writes the OSC targets into every Moodscope's saved state
                                    (LV2: state.ttl, VST3: the chunk), prefix /lv2 or /vst3
  compare REF.wav EXPORT.wav        exit 0 when the export holds the reference sample by sample
  osc OSC.txt PREFIX ...            checks an oscdump -L log for one plugin (see osc_check)
"""

import array
import base64
import os
import re
import struct
import sys
import xml.etree.ElementTree as ET

SUPERCLOCK = 282240000  # Ardour 7.3's superclock ticks per second (temporal/superclock.cc)


# ---------------------------------------------------------------- float WAV files


def read_wav(path):
    """Returns (rate, channels, array('f') interleaved) of a 32-bit float WAV (also BWF)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[0:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError(f"{path}: not a RIFF WAVE file")
    pos, fmt, samples = 12, None, None
    while pos + 8 <= len(data):
        cid, size = data[pos : pos + 4], struct.unpack_from("<I", data, pos + 4)[0]
        body = data[pos + 8 : pos + 8 + size]
        if cid == b"fmt ":
            tag, channels, rate = struct.unpack_from("<HHI", body, 0)
            bits = struct.unpack_from("<H", body, 14)[0]
            if tag == 0xFFFE:
                tag = struct.unpack_from("<H", body, 24)[0]
            fmt = (tag, channels, rate, bits)
        elif cid == b"data":
            samples = body
        pos += 8 + size + (size & 1)
    if fmt is None or samples is None:
        raise ValueError(f"{path}: no fmt or data chunk")
    tag, channels, rate, bits = fmt
    if tag != 3 or bits != 32:
        raise ValueError(f"{path}: not 32-bit float (format tag {tag}, {bits} bits)")
    a = array.array("f")
    a.frombytes(samples[: len(samples) - len(samples) % 4])
    if sys.byteorder != "little":
        a.byteswap()
    return rate, channels, a


def write_wav(path, rate, channels, samples):
    a = array.array("f", samples)
    if sys.byteorder != "little":
        a.byteswap()
    body = a.tobytes()
    fmt = struct.pack("<HHIIHH", 3, channels, rate, rate * channels * 4, channels * 4, 32)
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 4 + 8 + len(fmt) + 8 + 4 + 8 + len(body)) + b"WAVE")
        f.write(b"fmt " + struct.pack("<I", len(fmt)) + fmt)
        f.write(b"fact" + struct.pack("<II", 4, len(a) // channels))
        f.write(b"data" + struct.pack("<I", len(body)) + body)


# ---------------------------------------------------------------- session XML


def session_file(d, name):
    return os.path.join(d, name + ".ardour")


def next_id(root):
    counter = int(root.get("id-counter", "1000"))
    root.set("id-counter", str(counter + 1))
    return str(counter)


def add_audio(d, name, mix):
    rate, channels, a = read_wav(mix)
    if channels != 2:
        raise SystemExit(f"FAIL: {mix} has {channels} channels, expected 2")
    frames = len(a) // 2
    tree = ET.parse(session_file(d, name))
    root = tree.getroot()
    if int(root.get("sample-rate")) != rate:
        raise SystemExit(f"FAIL: {mix} is {rate} Hz, the session {root.get('sample-rate')} Hz")

    # Ardour made one folder under interchange/ (named after the session folder) and refuses to
    # load a session with more than one.
    folders = os.listdir(os.path.join(d, "interchange"))
    if len(folders) != 1:
        raise SystemExit(f"FAIL: expected one folder in {d}/interchange, found {folders}")
    audiofiles = os.path.join(d, "interchange", folders[0], "audiofiles")
    os.makedirs(audiofiles, exist_ok=True)
    base = os.path.splitext(os.path.basename(mix))[0]
    source_ids = []
    sources = root.find("Sources")
    for ch, suffix in ((0, "L"), (1, "R")):
        fname = f"{base}-{suffix}.wav"
        write_wav(os.path.join(audiofiles, fname), rate, 1, a[ch::2])
        sid = next_id(root)
        source_ids.append(sid)
        ET.SubElement(sources, "Source", {"name": fname, "type": "audio", "flags": "", "id": sid,
                                           "captured-for": "", "take-id": "", "channel": "0",
                                           "origin": "", "gain": "1"})

    length = frames * SUPERCLOCK // rate
    if length * rate != frames * SUPERCLOCK:
        raise SystemExit(f"FAIL: {frames} frames at {rate} Hz are no whole number of superclocks")
    region = {
        "name": base, "muted": "0", "opaque": "1", "locked": "0", "video-locked": "0",
        "automatic": "0", "whole-file": "0", "import": "1", "external": "0", "sync-marked": "0",
        "left-of-split": "0", "right-of-split": "0", "hidden": "0", "position-locked": "0",
        "valid-transients": "0", "start": "a0", "length": f"a{length}@a0", "sync-position": "a0",
        "ancestral-start": "a0", "ancestral-length": f"a{length}@a0", "stretch": "1", "shift": "1",
        "layering-index": "0", "tags": "", "envelope-active": "0", "default-fade-in": "0",
        "default-fade-out": "0", "fade-in-active": "0", "fade-out-active": "0",
        "scale-amplitude": "1", "type": "audio", "first-edit": "nothing", "channels": "2",
    }
    for i, sid in enumerate(source_ids):
        region[f"source-{i}"] = sid
        region[f"master-source-{i}"] = sid

    route = next((r for r in root.iter("Route") if r.get("name") == "Music"), None)
    if route is None:
        raise SystemExit("FAIL: no track Music in the session")
    outs = [p for io in route.iter("IO") if io.get("direction") == "Output" for p in io.findall("Port")]
    if not outs or not all(any(c.get("other", "").startswith("Master/") for c in p.findall("Connection")) for p in outs):
        raise SystemExit("FAIL: the track Music is not connected to the master bus")
    playlist = next((p for p in root.find("Playlists") if p.get("id") == route.get("audio-playlist")), None)
    if playlist is None:
        raise SystemExit("FAIL: no playlist for the track Music")
    ET.SubElement(playlist, "Region", dict(region, id=next_id(root)))
    ET.SubElement(root.find("Regions"), "Region", dict(region, id=next_id(root), **{"whole-file": "1"}))

    locations = root.find("Locations")
    for loc in list(locations):
        if "IsSessionRange" in loc.get("flags", ""):
            locations.remove(loc)
    ET.SubElement(locations, "Location", {"id": next_id(root), "name": "session", "start": "a0",
                                          "end": f"a{length}", "flags": "IsSessionRange",
                                          "locked": "0", "timestamp": "0", "cue": "0"})
    # Region fades would change the first and last 64 samples.
    config = root.find("Config")
    for opt in config.findall("Option"):
        if opt.get("name") == "use-region-fades":
            opt.set("value", "0")
    tree.write(session_file(d, name), encoding="UTF-8", xml_declaration=True)
    print(f"added {frames} frames ({frames / rate:.3f} s) of {mix} to {name}")


# ---------------------------------------------------------------- plugin state

# JUCE's MemoryBlock::toBase64Encoding: "<size>." and 6-bit groups of the little-endian bit
# stream, in this alphabet (JUCE's LV2 wrapper stores the state so, as StateString).
JUCE_B64 = ".ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+"


def juce_b64_decode(text):
    size, _, body = text.partition(".")
    size = int(size)
    n = 0
    for i, c in enumerate(body):
        n |= JUCE_B64.index(c) << (6 * i)
    return (n & ((1 << (8 * size)) - 1)).to_bytes(size, "little")


def juce_b64_encode(data):
    n = int.from_bytes(data, "little")
    chars = (len(data) * 8 + 5) // 6
    return str(len(data)) + "." + "".join(JUCE_B64[(n >> (6 * i)) & 63] for i in range(chars))


XML_MAGIC = b"VC2!"  # AudioProcessor::copyXmlToBinary: magic, uint32 length, text, NUL


def edit_plugin_state(blob, targets, prefix):
    """blob starts with copyXmlToBinary's block; returns the block edited and the rest."""
    if blob[:4] != XML_MAGIC:
        raise SystemExit("FAIL: the plugin state is not Moodscope's XML state")
    length = struct.unpack_from("<I", blob, 4)[0]
    text, rest = blob[8 : 8 + length].decode("utf-8"), blob[8 + length + 1 :]
    state = ET.fromstring(text)
    state.set("oscTargets", targets)
    state.set("oscPrefix", prefix)
    new = ET.tostring(state, encoding="unicode").encode("utf-8")
    return XML_MAGIC + struct.pack("<I", len(new)) + new + b"\0", rest


def set_lv2_state(d, proc, targets, prefix):
    state_dir = proc.find("lv2").get("state-dir")
    path = os.path.join(d, "plugins", proc.get("id"), state_dir, "state.ttl")
    with open(path) as f:
        ttl = f.read()
    m = re.search(r'(StateString> ")([^"]*)(")', ttl)
    if m is None:
        raise SystemExit(f"FAIL: no StateString in {path}")
    block, rest = edit_plugin_state(juce_b64_decode(m.group(2)), targets, prefix)
    ttl = ttl[: m.start(2)] + juce_b64_encode(block + rest) + ttl[m.end(2) :]
    with open(path, "w") as f:
        f.write(ttl)


def set_vst3_state(proc, targets, prefix):
    # Ardour keeps the VST3 state as base64 of a .vstpreset-like stream: "VST3", version,
    # class id (32 chars), int64 offset of the chunk list; the list: "List", count, then
    # id/offset/size entries. JUCE's "Comp" entry is the plugin's state, then its own data.
    chunk = proc.find("vst3").find("chunk")
    data = base64.b64decode(chunk.text.strip())
    if data[:4] != b"VST3":
        raise SystemExit("FAIL: the VST3 chunk has no VST3 header")
    list_at = struct.unpack_from("<q", data, 40)[0]
    count = struct.unpack_from("<i", data, list_at + 4)[0]
    entries = [struct.unpack_from("<4sqq", data, list_at + 8 + 20 * i) for i in range(count)]
    if [e[0] for e in entries] != [b"Comp"]:
        raise SystemExit(f"FAIL: unexpected VST3 chunk entries {entries}")
    _, off, size = entries[0]
    block, rest = edit_plugin_state(data[off : off + size], targets, prefix)
    comp = block + rest
    head = data[:40] + struct.pack("<q", 48 + len(comp)) + data[48:off]
    out = head + comp + b"List" + struct.pack("<i", 1) + struct.pack("<4sqq", b"Comp", off, len(comp))
    chunk.text = base64.b64encode(out).decode("ascii")


def osc_state(d, name, targets):
    tree = ET.parse(session_file(d, name))
    n = 0
    for proc in tree.getroot().iter("Processor"):
        if proc.get("name") != "Moodscope":
            continue
        if proc.get("type") == "lv2":
            set_lv2_state(d, proc, targets, "/lv2")
        elif proc.get("type") == "vst3":
            set_vst3_state(proc, targets, "/vst3")
        else:
            continue
        n += 1
        print(f"{proc.get('type')}: OSC to {targets} under /{proc.get('type')}")
    if n == 0:
        raise SystemExit("FAIL: no Moodscope in the session")
    tree.write(session_file(d, name), encoding="UTF-8", xml_declaration=True)


# ---------------------------------------------------------------- audio checks


def compare(ref_path, exp_path):
    rr, rc, ref = read_wav(ref_path)
    er, ec, exp = read_wav(exp_path)
    if (rr, rc) != (er, ec):
        print(f"FAIL: export is {er} Hz × {ec} ch, the input {rr} Hz × {rc} ch")
        return 1
    if len(exp) != len(ref):
        print(f"FAIL: export has {len(exp) // ec} frames, the input {len(ref) // rc} (a partial export?)")
        return 1
    if exp == ref:
        print(f"export bit-identical to the input: {len(ref) // rc} frames × {rc} channels")
        return 0
    diffs = [i for i in range(len(ref)) if struct.pack("f", ref[i]) != struct.pack("f", exp[i])]
    first = diffs[0]
    print(f"FAIL: export differs from the input in {len(diffs)} of {len(ref)} samples; first at frame "
          f"{first // rc} channel {first % rc}: {exp[first]!r} instead of {ref[first]!r}")
    return 1


# ---------------------------------------------------------------- OSC checks

# Every address family the plugin sends (README "OSC output"), after the prefix.
FAMILIES = {
    "/level": "ffff", "/loudness": "ff", "/bands": "ffff", "/onset": "f", "/beat": "if",
    "/beat/phase": "f", "/bar/phase": "f", "/bpm": "ff", "/host/bpm": "f", "/host/beat/phase": "f",
    "/host/bar/phase": "f", "/host/beat": "i", "/window": "f", "/fingerprint": "f" * 25,
    "/fp/": "f", "/mood/": "f", "/mood/label": "s", "/mood/quadrant": "s", "/mood/state": "s",
    "/key": "ssf", "/event": "s",
}
# Sent whenever there is music and a transport; /key and /event need a key or a section change.
REQUIRED = ["/level", "/loudness", "/bands", "/onset", "/beat", "/beat/phase", "/bar/phase", "/bpm",
            "/host/bpm", "/host/beat/phase", "/host/bar/phase", "/host/beat", "/window",
            "/fingerprint", "/fp/", "/mood/", "/mood/label", "/mood/quadrant", "/mood/state"]


def parse_osc(path, prefix):
    """oscdump -L lines: [timetag] address types args...; returns (time or None, addr, types, args)."""
    out = []
    with open(path, errors="replace") as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            t = None
            if re.fullmatch(r"[0-9a-f]{8}\.[0-9a-f]{8}", parts[0]):
                sec, frac = parts[0].split(".")
                t = int(sec, 16) + int(frac, 16) / 2**32
                parts = parts[1:]
            if len(parts) < 1 or not parts[0].startswith(prefix + "/"):
                continue
            addr = parts[0][len(prefix) :]
            types = parts[1] if len(parts) > 1 else ""
            out.append((t, addr, types, parts[2:]))
    return out


def family(addr):
    if addr.startswith("/fp/"):
        return "/fp/"
    if addr.startswith("/mood/") and addr not in ("/mood/label", "/mood/quadrant", "/mood/state"):
        return "/mood/"
    return addr


def osc_check(path, prefix, bpm, played_seconds, lock_limit, music_db):
    """Prints one line per assertion, 'FAIL: ...' for a failed one; returns the failures."""
    msgs = parse_osc(path, prefix)
    fails = []

    def fail(text):
        fails.append(text)
        print(f"FAIL: {prefix}: {text}")

    if not msgs:
        fail("no OSC received")
        return fails
    seen = {}
    for t, addr, types, args in msgs:
        fam = family(addr)
        seen.setdefault(fam, set()).add(types)
    unknown = sorted(f for f in seen if f not in FAMILIES)
    if unknown:
        fail(f"undocumented addresses {unknown}")
    missing = [f for f in REQUIRED if f not in seen]
    if missing:
        fail(f"address families missing: {' '.join(missing)}")
    wrong = sorted(f"{f} {sorted(seen[f])}" for f in seen if f in FAMILIES and seen[f] != {FAMILIES[f]})
    if wrong:
        fail(f"wrong type tags: {wrong}")
    print(f"{prefix}: {len(msgs)} messages, families: {' '.join(sorted(seen))}")

    # Host beats: one per beat of the session tempo while rolling.
    beats = sum(1 for _, a, _, _ in msgs if a == "/host/beat")
    expected = played_seconds * bpm / 60.0
    host_bpms = sorted({round(float(args[0]), 2) for _, a, _, args in msgs if a == "/host/bpm" and args})
    print(f"{prefix}: /host/beat {beats} pulses in {played_seconds:.2f} s at {bpm} BPM (expected "
          f"{expected:.1f}); /host/bpm values {host_bpms[:6]}")
    if abs(beats - expected) > 2:
        fail(f"/host/beat fired {beats} times in {played_seconds:.2f} s at {bpm} BPM, expected "
             f"{expected:.1f} ± 2")
    if not any(abs(v - bpm) < 0.01 for v in host_bpms):
        fail(f"/host/bpm never read the session tempo {bpm} (values {host_bpms[:6]})")

    # /bpm locked: the first non-zero /bpm after the music reached the plugin, by the bundles'
    # timetags (the sender's clock, so receiver delays do not count).
    start = next((t for t, a, _, args in msgs if a == "/level" and t is not None and args
                  and float(args[0]) > music_db), None)
    lock = next((t for t, a, _, args in msgs if a == "/bpm" and t is not None and args
                 and float(args[0]) > 0), None)
    if start is None:
        fail(f"no /level above {music_db} dBFS: the music never reached the plugin (or no timetags)")
    elif lock is None:
        fail("/bpm stayed 0 for the whole play")
    else:
        first = next(args for t, a, _, args in msgs if a == "/bpm" and t == lock and float(args[0]) > 0)
        bpms = [(t, float(args[0]), float(args[1]) if len(args) > 1 else 0.0) for t, a, _, args in msgs
                if a == "/bpm" and t is not None and args]
        # when /bpm first read the session tempo (the song's), or its half or double
        true = next((t for t, v, _ in bpms if any(abs(v - bpm * k) <= 0.02 * bpm * k for k in (0.5, 1, 2))), None)
        print(f"{prefix}: /bpm locked {lock - start:.2f} s after the music started ({float(first[0]):.1f} BPM, "
              f"confidence {float(first[1]) if len(first) > 1 else 0:.2f}); "
              + (f"first read {bpm:g} (or half/double) at {true - start:.2f} s; " if true is not None
                 else f"never read {bpm:g} (or half/double); ")
              + f"last {bpms[-1][1]:.1f} BPM, confidence {bpms[-1][2]:.2f}")
        if lock - start > lock_limit:
            fail(f"/bpm locked {lock - start:.2f} s after the music started (limit {lock_limit} s)")
    return fails


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "add-audio" and len(argv) == 5:
        add_audio(argv[2], argv[3], argv[4])
    elif cmd == "osc-state" and len(argv) == 5:
        osc_state(argv[2], argv[3], argv[4])
    elif cmd == "compare" and len(argv) == 4:
        return compare(argv[2], argv[3])
    elif cmd == "osc" and len(argv) == 8:
        fails = osc_check(argv[2], argv[3], float(argv[4]), float(argv[5]), float(argv[6]), float(argv[7]))
        return 1 if fails else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
