#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Moodscope's lighting profile on a real lighting console: QLC+ (Debian qlcplus) runs headless
on a workspace made here — its OSC input on universe 1 on the loopback line with the shipped
"Moodscope Lighting" input profile, Art-Net output to 127.0.0.1 — whose Virtual Console sliders
and flash buttons are bound to the channels that profile names. `moodscope analyze --realtime
--osc-profile lighting` plays an excerpt of a real recording (a charted Frets on Fire song) into
it, and QLC+'s Art-Net output is captured and checked: QLC+ took the generated profile (its web
access shows it patched), the level dimmer follows the audio's RMS,
the flash button on /beat flashes once per charted beat and never latches, the beat-band dimmer
(automatic gain) spans most of 0..255, and every channel reads 0 once the music stops."""
import argparse, os, signal, socket, struct, subprocess, sys, threading, time, urllib.request, wave
import xml.etree.ElementTree as ET

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'Standalone', 'cli', 'rhythm'))
from charted_songs import chart_beats  # noqa: E402  the chart's tempo map, shared with the rhythm test

SONG = '/usr/share/games/fretsonfire/data/songs/sectoid/Escape from chaosland/'
START, SECONDS = 30.0, 40.0  # the excerpt: a steady 135 BPM stretch
LOCK_SECONDS = 5.0           # the live tracker's lock-in, not scored (as mir_eval's trim_beats)
TOLERANCE = 0.12             # a flash within this of a (latency-aligned) charted beat counts
OSC_PORT, ARTNET_PORT, WEB_PORT = 7700, 6454, 9999

# DMX channel (0-based) → (address tail, widget): sliders in Level mode, buttons flash a scene
# that sets their channel to 255.
PATCH = [
    ('/level', 'slider'),
    ('/bands/beat', 'slider'),
    ('/beat', 'flash'),
    ('/beat/env', 'slider'),
    ('/bpm', 'slider'),
    ('/bands/high', 'slider'),
    ('/downbeat', 'flash'),
    ('/mood/energy', 'slider'),
]
LEVEL, BEAT_BAND, BEAT_FLASH = 0, 1, 2


def fail(message):
    print('FAIL: ' + message)
    sys.exit(1)


def profile_channels(qxi):
    """Address → QLC+ channel, as the shipped input profile names them."""
    ns = {'q': 'http://www.qlcplus.org/InputProfile'}
    root = ET.parse(qxi).getroot()
    if root.find('q:Type', ns).text != 'OSC':
        fail(qxi + ' is not an OSC input profile')
    return {c.find('q:Name', ns).text: int(c.get('Number')) for c in root.findall('q:Channel', ns)}, \
        root.find('q:Manufacturer', ns).text + ' ' + root.find('q:Model', ns).text


def workspace(path, channels, profile):
    """A QLC+ 4.12 workspace: one generic dimmer per patched channel, bound Virtual Console widgets."""
    ws = ET.Element('Workspace', {'xmlns': 'http://www.qlcplus.org/Workspace', 'CurrentWindow': 'VirtualConsole'})
    creator = ET.SubElement(ws, 'Creator')
    for tag, text in (('Name', 'Q Light Controller Plus'), ('Version', '4.12.6'), ('Author', 'moodscope test')):
        ET.SubElement(creator, tag).text = text
    engine = ET.SubElement(ws, 'Engine')
    iomap = ET.SubElement(engine, 'InputOutputMap')
    universe = ET.SubElement(iomap, 'Universe', {'Name': 'Universe 1', 'ID': '0'})
    ET.SubElement(universe, 'Input', {'Plugin': 'OSC', 'UID': '127.0.0.1', 'Line': '0', 'Profile': profile})
    ET.SubElement(universe, 'Output', {'Plugin': 'ArtNet', 'UID': '127.0.0.1', 'Line': '0'})
    fixture = ET.SubElement(engine, 'Fixture')
    for tag, text in (('Manufacturer', 'Generic'), ('Model', 'Generic'), ('Mode', 'Generic'), ('ID', '0'),
                      ('Name', 'Dimmers'), ('Universe', '0'), ('Address', '0'), ('Channels', str(len(PATCH)))):
        ET.SubElement(fixture, tag).text = text
    vc = ET.SubElement(ws, 'VirtualConsole')
    frame = ET.SubElement(vc, 'Frame', {'Caption': ''})
    for ch, (tail, kind) in enumerate(PATCH):
        source = {'Universe': '0', 'Channel': str(channels['/moodscope' + tail])}
        state = {'Visible': 'True', 'X': str(10 + 70 * ch), 'Y': '10', 'Width': '60', 'Height': '200'}
        if kind == 'slider':
            w = ET.SubElement(frame, 'Slider', {'Caption': tail, 'ID': str(ch), 'WidgetStyle': 'Slider',
                                                'InvertedAppearance': 'false'})
            ET.SubElement(w, 'WindowState', state)
            ET.SubElement(w, 'Input', source)
            ET.SubElement(w, 'SliderMode', {'ValueDisplayStyle': 'Exact', 'ClickAndGoType': 'None',
                                            'Monitor': 'false'}).text = 'Level'
            level = ET.SubElement(w, 'Level', {'LowLimit': '0', 'HighLimit': '255', 'Value': '0'})
            ET.SubElement(level, 'Channel', {'Fixture': '0'}).text = str(ch)
        else:
            scene = ET.SubElement(engine, 'Function', {'ID': str(ch), 'Type': 'Scene', 'Name': 'flash ' + tail})
            ET.SubElement(scene, 'Speed', {'FadeIn': '0', 'FadeOut': '0', 'Duration': '0'})
            ET.SubElement(scene, 'FixtureVal', {'ID': '0'}).text = '%d,255' % ch
            w = ET.SubElement(frame, 'Button', {'Caption': tail, 'ID': str(ch), 'Icon': ''})
            ET.SubElement(w, 'WindowState', state)
            ET.SubElement(w, 'Function', {'ID': str(ch)})
            ET.SubElement(w, 'Action').text = 'Flash'
            ET.SubElement(w, 'Input', source)
    with open(path, 'wb') as f:
        f.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE Workspace>\n')
        f.write(ET.tostring(ws))


class ArtNetCapture:
    """Every ArtDmx packet of universe 0 on 127.0.0.1: (arrival time, its channels)."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        # QLC+ binds the Art-Net port too (any address, shared): the more specific bind gets the packets
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(('127.0.0.1', ARTNET_PORT))
        self.sock.settimeout(0.1)
        self.frames, self.stop = [], False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop:
            try:
                data = self.sock.recv(1024)
            except socket.timeout:
                continue
            if len(data) < 18 or data[:8] != b'Art-Net\0' or struct.unpack('<H', data[8:10])[0] != 0x5000:
                continue
            universe, length = struct.unpack('<H', data[14:16])[0], struct.unpack('>H', data[16:18])[0]
            if universe == 0:
                self.frames.append((time.monotonic(), np.frombuffer(data[18:18 + length], dtype=np.uint8)[:len(PATCH)]))

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()


def udp_bound(port):
    with open('/proc/net/udp') as f:
        return any(line.split()[1].endswith(':%04X' % port) for line in f.readlines()[1:])


def rms01(path, hop):
    """The excerpt's RMS on Moodscope's level scale (sine-referenced dBFS, −60..0 → 0..1) per hop."""
    with wave.open(path) as w:
        rate, channels = w.getframerate(), w.getnchannels()
        x = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(np.float64) / 32768.0
    x = x.reshape(-1, channels).mean(axis=1)
    n = int(rate * hop)
    frames = x[:len(x) // n * n].reshape(-1, n)
    db = 10 * np.log10(np.maximum((frames ** 2).mean(axis=1), 1e-12)) + 3.01
    return np.clip((db + 60) / 60, 0, 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('moodscope')
    ap.add_argument('qxi')
    ap.add_argument('work')
    args = ap.parse_args()
    if not os.path.exists(SONG + 'notes.mid'):
        fail(SONG + ' is missing: scripts/setup.sh installs fretsonfire-songs-sectoid')
    qlcplus = subprocess.run(['sh', '-c', 'command -v qlcplus'], capture_output=True, text=True).stdout.strip()
    if not qlcplus:
        fail('qlcplus is not installed: scripts/setup.sh installs it')
    os.makedirs(args.work, exist_ok=True)

    # the user's input profile folder of a fresh home, as a user would install the shipped one
    home = os.path.join(args.work, 'home')
    os.makedirs(os.path.join(home, '.qlcplus', 'inputprofiles'), exist_ok=True)
    with open(args.qxi, 'rb') as src, open(os.path.join(home, '.qlcplus', 'inputprofiles',
                                                        os.path.basename(args.qxi)), 'wb') as dst:
        dst.write(src.read())
    channels, profile = profile_channels(args.qxi)
    ws = os.path.join(args.work, 'moodscope.qxw')
    workspace(ws, channels, profile)

    excerpt = os.path.join(args.work, 'excerpt.wav')
    stems = [SONG + s for s in ('song.ogg', 'guitar.ogg', 'rhythm.ogg', 'drums.ogg') if os.path.exists(SONG + s)]
    subprocess.run(['sox', '-q', '-m'] + stems + ['-b', '16', excerpt, 'trim', str(START), str(SECONDS)], check=True)
    beats, _ = chart_beats(SONG + 'notes.mid', START + SECONDS)
    beats = beats[(beats >= START + LOCK_SECONDS) & (beats <= START + SECONDS - 0.5)] - START

    failed = 0

    def check(ok, what):
        nonlocal failed
        print('%s: %s' % ('PASS' if ok else 'FAIL', what))
        failed += 0 if ok else 1

    capture = ArtNetCapture()
    log = open(os.path.join(args.work, 'qlcplus.log'), 'w')
    env = dict(os.environ, HOME=home, QT_QPA_PLATFORM='offscreen')
    # --nowm: run by root with a window manager, QLC+ reads input profiles from the system folder only
    # -w: its web access shows the input patch (port 9999, in this test's own network)
    console = subprocess.Popen([qlcplus, '-platform', 'offscreen', '--nowm', '-p', '-w', '-o', ws],
                               stdout=log, stderr=log, env=env)
    try:
        deadline = time.monotonic() + 60
        while not (udp_bound(OSC_PORT) and capture.frames):
            if console.poll() is not None:
                fail('qlcplus exited with %d (%s)' % (console.returncode, log.name))
            if time.monotonic() > deadline:
                fail('qlcplus did not open OSC port %d and send Art-Net within 60 s (%s)' % (OSC_PORT, log.name))
            time.sleep(0.1)
        time.sleep(1.0)
        try:
            page = urllib.request.urlopen('http://127.0.0.1:%d/config' % WEB_PORT, timeout=10).read().decode()
        except OSError as e:
            page = str(e)
        check('<option value="%s" selected>' % profile in page,
              'QLC+ read the generated input profile "%s" and patched it to universe 1' % profile)
        begin = time.monotonic()
        run = subprocess.run([args.moodscope, 'analyze', '--realtime', '--osc', '127.0.0.1:%d' % OSC_PORT,
                              '--osc-profile', 'lighting', excerpt], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
        end = time.monotonic()
        if run.returncode != 0:
            fail('moodscope analyze exited with %d: %s' % (run.returncode, run.stderr.strip()))
        time.sleep(1.5)
    finally:
        console.send_signal(signal.SIGTERM)
        try:
            console.wait(10)
        except subprocess.TimeoutExpired:
            console.kill()
            console.wait()
        capture.close()
        log.close()

    t = np.array([f[0] for f in capture.frames]) - begin
    dmx = np.array([f[1] for f in capture.frames]).astype(np.float64)
    np.savez(os.path.join(args.work, 'artnet.npz'), t=t, dmx=dmx, end=end - begin)  # for a look after a failure
    playing = (t >= 0) & (t <= end - begin)
    print('qlcplus: %d Art-Net frames, %.1f per second while playing' %
          (len(t), playing.sum() / max(end - begin, 1e-9)))

    # level: DMX level against the audio's RMS, both over 100 ms, at the best latency within 0..0.5 s
    hop, fine = 0.1, 0.01
    ref = rms01(excerpt, hop)
    best = (-1.0, 0.0)
    for lag in np.arange(0.0, 0.5, 0.01):
        grid = np.arange(len(ref) * int(round(hop / fine))) * fine + fine / 2 + lag
        level = np.interp(grid, t, dmx[:, LEVEL]).reshape(len(ref), -1).mean(axis=1)
        keep = (np.arange(len(ref)) * hop > 1.0) & (np.arange(len(ref)) * hop < SECONDS - 0.3)
        if level[keep].std() > 0:
            best = max(best, (float(np.corrcoef(level[keep], ref[keep])[0, 1]), lag))
    check(best[0] >= 0.8, 'the level dimmer follows the audio RMS: correlation %.3f (at least 0.8) at %.0f ms' %
          (best[0], 1000 * best[1]))

    # the flash button on /beat: rising edges, how long each stays up
    up = dmx[:, BEAT_FLASH] > 127
    rises = [i for i in range(1, len(up)) if up[i] and not up[i - 1]]
    falls = [i for i in range(1, len(up)) if not up[i] and up[i - 1]]
    flashes = t[rises]
    lengths = []
    for r in rises:
        after = [f for f in falls if f > r]
        lengths.append(t[after[0]] - t[r] if after else float('inf'))
    scored = flashes[(flashes >= LOCK_SECONDS) & (flashes <= SECONDS + 0.5)]
    offsets = [scored[np.argmin(np.abs(scored - b))] - b for b in beats] if len(scored) else [1e9]
    latency = float(np.median(offsets))
    hit = sum(1 for b in beats if len(scored) and np.min(np.abs(scored - latency - b)) <= TOLERANCE)
    check(hit >= 0.8 * len(beats), 'the beat flash fired on %d of %d charted beats (%.0f %%, at least 80 %%) '
          '%.0f ms after them' % (hit, len(beats), 100.0 * hit / max(len(beats), 1), 1000 * latency))
    check(len(scored) <= 1.2 * len(beats), '%d flashes for %d beats: once per beat, not more' %
          (len(scored), len(beats)))
    check(len(lengths) > 0 and max(lengths) <= 0.3, 'no flash latched: the longest stayed up %.0f ms (at most 300)' %
          (1000 * max(lengths) if lengths else float('inf')))

    # the beat-band dimmer (automatic gain) after the gain settled
    band = dmx[playing & (t >= LOCK_SECONDS), BEAT_BAND]
    lo, hi = np.percentile(band, 2), np.percentile(band, 98)
    check(hi - lo >= 0.75 * 255, 'the beat-band dimmer spans DMX %.0f..%.0f (2nd..98th percentile; at least 191 '
          'apart)' % (lo, hi))

    # every channel 0 once the music stopped
    after = dmx[t >= end - begin + 1.0]
    check(len(after) > 0 and not after[-1].any(), 'after the music stopped every channel reads 0: %s' %
          (after[-1].astype(int).tolist() if len(after) else 'no Art-Net frame'))
    print('qlcplus console: %d checks failed' % failed)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
