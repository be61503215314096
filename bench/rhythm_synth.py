#!/usr/bin/python3
"""Generated MIDI pieces with exact beat times, for the rhythm evaluation.

Writes, for every piece, OUT/NAME.mid (made with mido), OUT/NAME.beats (the reference beat
times in seconds, one per line, taken from the MIDI tempo map: every beat of the stated
metre, the dotted quarter in 6/8) and OUT/NAME.json (tempo, metre, tempo map, pulse yes/no).
Rendering to WAV is done by the caller (scripts/eval_rhythm.sh) with FluidSynth and the GM
soundfont:  fluidsynth -ni -g 0.5 -r 44100 -F NAME.wav FluidR3_GM.sf2 NAME.mid

Everything is deterministic (fixed random seeds), so the same files come out on every
machine. Pieces with a pulse have their notes exactly on the grid (only velocities vary);
pieces without one ("nopulse_*") have no grid at all.

Usage: rhythm_synth.py OUT_DIR [--list]
"""
import json
import os
import random
import sys

import mido

TPB = 480  # ticks per quarter note

# General MIDI drum keys (channel 10, index 9)
KICK, SNARE, SIDESTICK, CLAP, HH_CLOSED, HH_PEDAL, HH_OPEN, CRASH, RIDE, TAMB, LOW_TOM = (
    36, 38, 37, 39, 42, 44, 46, 49, 51, 54, 45)


class Piece:
    """Collects note events (absolute ticks) per channel, then writes a type-1 MIDI file."""

    def __init__(self, name, description):
        self.name = name
        self.description = description
        self.events = []          # (tick, order, channel, msg)
        self.tempo_map = []       # (tick, bpm)  quarter-note bpm as written in the file
        self.time_sigs = []       # (tick, num, den)
        self.programs = {}

    def tempo(self, tick, bpm):
        self.tempo_map.append((tick, bpm))

    def meter(self, tick, num, den):
        self.time_sigs.append((tick, num, den))

    def program(self, ch, prog):
        self.programs[ch] = prog

    def note(self, ch, tick, dur, key, vel):
        vel = max(1, min(127, int(vel)))
        self.events.append((int(tick), 1, ch, mido.Message('note_on', channel=ch, note=key, velocity=vel)))
        self.events.append((int(tick + dur), 0, ch, mido.Message('note_off', channel=ch, note=key, velocity=0)))

    def chord(self, ch, tick, dur, keys, vel):
        for k in keys:
            self.note(ch, tick, dur, k, vel)

    def write(self, path):
        mid = mido.MidiFile(type=1, ticks_per_beat=TPB)
        meta = mido.MidiTrack()
        mid.tracks.append(meta)
        meta_events = [(t, 0, mido.MetaMessage('set_tempo', tempo=mido.bpm2tempo(b))) for t, b in self.tempo_map]
        meta_events += [(t, 0, mido.MetaMessage('time_signature', numerator=n, denominator=d)) for t, n, d in self.time_sigs]
        meta_events.sort(key=lambda e: e[0])
        last = 0
        for t, _, m in meta_events:
            meta.append(m.copy(time=t - last))
            last = t
        by_ch = {}
        for ev in self.events:
            by_ch.setdefault(ev[2], []).append(ev)
        for ch in sorted(set(list(by_ch) + list(self.programs))):
            tr = mido.MidiTrack()
            mid.tracks.append(tr)
            if ch in self.programs:
                tr.append(mido.Message('program_change', channel=ch, program=self.programs[ch], time=0))
            evs = sorted(by_ch.get(ch, []), key=lambda e: (e[0], e[1]))
            last = 0
            for t, _, _, m in evs:
                tr.append(m.copy(time=t - last))
                last = t
        mid.save(path)
        return mid


def tick_to_seconds(tick, tempo_map):
    """Seconds at a tick, from a tempo map [(tick, bpm)] sorted by tick."""
    t = 0.0
    tm = sorted(tempo_map)
    for i, (t0, bpm) in enumerate(tm):
        t1 = tm[i + 1][0] if i + 1 < len(tm) else None
        if t1 is not None and tick >= t1:
            t += (t1 - t0) / TPB * 60.0 / bpm
        else:
            return t + (tick - t0) / TPB * 60.0 / bpm
    return t


def chord_keys(root, minor=False, octave=4):
    base = 12 * (octave + 1) + root
    return [base, base + (3 if minor else 4), base + 7]


# ---------------------------------------------------------------------------- the pieces

def rock_44(bpm=120, bars=44, name='synth_rock44_120'):
    p = Piece(name, f'rock 4/4, {bpm} BPM: drum kit (kick 1/3, snare 2/4, closed hi-hat 8ths), '
                    'picked bass, overdriven guitar power chords')
    rnd = random.Random(1)
    p.tempo(0, bpm); p.meter(0, 4, 4)
    p.program(0, 29); p.program(1, 33)  # overdriven guitar, fingered bass
    prog = [(9, True), (5, False), (0, False), (7, False)]  # Am F C G
    for bar in range(bars):
        b0 = bar * 4 * TPB
        root, minor = prog[bar % 4]
        if bar % 8 == 0:
            p.note(9, b0, TPB, CRASH, 100)
        for e in range(8):
            t = b0 + e * TPB // 2
            p.note(9, t, TPB // 4, HH_CLOSED, 70 + (15 if e % 2 == 0 else 0) + rnd.randint(-5, 5))
            p.note(1, t, TPB // 2 - 20, 12 * 3 + root, 90 + rnd.randint(-6, 6))
        for beat in range(4):
            t = b0 + beat * TPB
            if beat in (0, 2):
                p.note(9, t, TPB // 4, KICK, 110 + rnd.randint(-5, 5))
            else:
                p.note(9, t, TPB // 4, SNARE, 105 + rnd.randint(-5, 5))
            p.chord(0, t, TPB - 30, [12 * 4 + root, 12 * 4 + root + 7, 12 * 5 + root], 80)
        p.note(9, b0 + 2 * TPB + TPB // 2, TPB // 4, KICK, 90)  # the "and" of 3
    return p


def punk(bpm=184, bars=64, name='synth_punk44_184'):
    p = Piece(name, f'fast punk 4/4, {bpm} BPM: kick/snare alternating on every beat, 8th hi-hats, '
                    '8th-note distorted guitar and bass')
    rnd = random.Random(2)
    p.tempo(0, bpm); p.meter(0, 4, 4)
    p.program(0, 30); p.program(1, 34)  # distortion guitar, picked bass
    prog = [0, 0, 5, 7]  # C C F G (E power chords)
    for bar in range(bars):
        b0 = bar * 4 * TPB
        root = prog[bar % 4] + 4
        if bar % 4 == 0:
            p.note(9, b0, TPB, CRASH, 105)
        for e in range(8):
            t = b0 + e * TPB // 2
            p.note(9, t, TPB // 4, HH_CLOSED, 75 + rnd.randint(-6, 6))
            p.chord(0, t, TPB // 2 - 30, [12 * 3 + root, 12 * 3 + root + 7, 12 * 4 + root], 95 + rnd.randint(-5, 5))
            p.note(1, t, TPB // 2 - 30, 12 * 2 + root, 95)
        for beat in range(4):
            t = b0 + beat * TPB
            p.note(9, t, TPB // 4, KICK if beat % 2 == 0 else SNARE, 112 + rnd.randint(-4, 4))
    return p


def waltz(bpm=144, bars=54, name='synth_waltz34_144'):
    p = Piece(name, f'waltz 3/4, {bpm} BPM (quarter): oom-pah-pah, bass on 1, string and piano chords on 2 and 3, '
                    'melody on top, no drums')
    rnd = random.Random(3)
    p.tempo(0, bpm); p.meter(0, 3, 4)
    p.program(0, 0); p.program(1, 32); p.program(2, 73)  # piano, acoustic bass, flute
    prog = [(0, False), (7, False), (7, False), (0, False), (5, False), (0, False), (7, False), (0, False)]
    scale = [0, 2, 4, 5, 7, 9, 11, 12]
    for bar in range(bars):
        b0 = bar * 3 * TPB
        root, minor = prog[bar % len(prog)]
        p.note(1, b0, TPB - 20, 12 * 3 + root, 100)
        for beat in (1, 2):
            p.chord(0, b0 + beat * TPB, TPB - 60, chord_keys(root, minor, 4), 62 + rnd.randint(-5, 5))
        # melody: a dotted quarter + eighth + quarter, or three quarters
        if bar % 2 == 0:
            pattern = [(0, 3 * TPB // 2), (3 * TPB // 2, TPB // 2), (2 * TPB, TPB)]
        else:
            pattern = [(0, TPB), (TPB, TPB), (2 * TPB, TPB)]
        for off, d in pattern:
            p.note(2, b0 + off, d - 20, 12 * 6 + root + rnd.choice(scale[:5]) - 12 * (root > 5), 78 + rnd.randint(-6, 6))
    return p


def six_eight(dotted_bpm=72, bars=48, name='synth_68_72'):
    """6/8: the beat is the dotted quarter (two beats per bar); the file's tempo is in quarters."""
    qbpm = dotted_bpm * 1.5
    p = Piece(name, f'6/8 folk-rock shuffle, dotted quarter = {dotted_bpm} BPM (eighths at {dotted_bpm * 3}): '
                    'kick on 1, snare on 4, hi-hat eighths, nylon guitar arpeggio in eighths, bass on each beat')
    rnd = random.Random(4)
    p.tempo(0, qbpm); p.meter(0, 6, 8)
    p.program(0, 24); p.program(1, 33)  # nylon guitar, fingered bass
    prog = [(2, True), (10, False), (5, False), (0, False)]  # Dm Bb F C
    eighth = TPB // 2
    for bar in range(bars):
        b0 = bar * 6 * eighth
        root, minor = prog[(bar // 2) % 4]
        ck = chord_keys(root, minor, 4)
        arp = [ck[0], ck[1], ck[2], ck[1] + 12, ck[2], ck[1]]
        for e in range(6):
            t = b0 + e * eighth
            p.note(0, t, eighth * 2, arp[e], 70 + (18 if e in (0, 3) else 0) + rnd.randint(-5, 5))
            p.note(9, t, eighth // 2, HH_CLOSED, 60 + (20 if e in (0, 3) else 0) + rnd.randint(-5, 5))
        p.note(9, b0, eighth, KICK, 110)
        p.note(9, b0 + 3 * eighth, eighth, SNARE, 100)
        p.note(1, b0, 3 * eighth - 30, 12 * 3 + root, 95)
        p.note(1, b0 + 3 * eighth, 3 * eighth - 30, 12 * 3 + root + 7, 85)
    p.beat_ticks = 3 * eighth
    p.reference_bpm = dotted_bpm
    return p


def ballad(bpm=68, bars=26, name='synth_ballad44_68'):
    p = Piece(name, f'slow ballad 4/4, {bpm} BPM: piano chords in 8ths, strings pad, soft kick on 1 and 3, '
                    'side-stick on 2 and 4, bass on 1')
    rnd = random.Random(5)
    p.tempo(0, bpm); p.meter(0, 4, 4)
    p.program(0, 0); p.program(1, 48); p.program(2, 32)  # piano, strings, acoustic bass
    prog = [(0, False), (9, True), (5, False), (7, False)]
    for bar in range(bars):
        b0 = bar * 4 * TPB
        root, minor = prog[bar % 4]
        ck = chord_keys(root, minor, 4)
        p.chord(1, b0, 4 * TPB - 10, [k - 12 for k in ck], 50)
        p.note(2, b0, 2 * TPB - 20, 12 * 3 + root, 85)
        p.note(2, b0 + 2 * TPB, 2 * TPB - 20, 12 * 3 + root + 7, 75)
        for e in range(8):
            t = b0 + e * TPB // 2
            p.note(0, t, TPB // 2 - 10, ck[e % 3] + (12 if e % 4 == 3 else 0), 55 + (15 if e % 2 == 0 else 0) + rnd.randint(-5, 5))
        for beat in range(4):
            t = b0 + beat * TPB
            p.note(9, t, TPB // 4, KICK if beat % 2 == 0 else SIDESTICK, 85 + rnd.randint(-5, 5))
    return p


def edm(bpm=128, bars=48, name='synth_edm44_128'):
    p = Piece(name, f'four-on-the-floor dance 4/4, {bpm} BPM: kick on every beat, clap on 2/4, open hi-hat '
                    'on the off-beats, synth bass off-beats, saw pad')
    rnd = random.Random(6)
    p.tempo(0, bpm); p.meter(0, 4, 4)
    p.program(0, 38); p.program(1, 90)  # synth bass 1, polysynth pad
    prog = [(9, True), (5, False), (0, False), (7, False)]
    for bar in range(bars):
        b0 = bar * 4 * TPB
        root, minor = prog[(bar // 2) % 4]
        p.chord(1, b0, 4 * TPB - 10, chord_keys(root, minor, 4), 55)
        for beat in range(4):
            t = b0 + beat * TPB
            p.note(9, t, TPB // 4, KICK, 115)
            if beat % 2 == 1:
                p.note(9, t, TPB // 4, CLAP, 95)
            p.note(9, t + TPB // 2, TPB // 4, HH_OPEN, 70 + rnd.randint(-5, 5))
            p.note(0, t + TPB // 2, TPB // 2 - 40, 12 * 2 + root, 100)
    return p


def funk(bpm=100, bars=40, name='synth_funk44_100'):
    p = Piece(name, f'funk 4/4, {bpm} BPM: 16th hi-hats, syncopated kick, snare on 2/4 with ghost notes, '
                    'syncopated slap bass, clavinet stabs')
    rnd = random.Random(7)
    p.tempo(0, bpm); p.meter(0, 4, 4)
    p.program(0, 36); p.program(1, 7)  # slap bass 1, clavinet
    s = TPB // 4
    kick = [0, 3, 6, 10]            # 16th positions in a bar
    bass = [(0, 0), (3, 0), (6, 12), (7, 10), (10, 7), (12, 0), (14, 3)]
    clav = [2, 5, 9, 13]
    for bar in range(bars):
        b0 = bar * 16 * s
        root = 4 if (bar // 4) % 2 == 0 else 9
        for i in range(16):
            p.note(9, b0 + i * s, s // 2, HH_CLOSED, (80 if i % 4 == 0 else 55 if i % 2 == 0 else 40) + rnd.randint(-4, 4))
        for i in kick:
            p.note(9, b0 + i * s, s, KICK, 110)
        for i in (4, 12):
            p.note(9, b0 + i * s, s, SNARE, 112)
        for i in (7, 15):
            p.note(9, b0 + i * s, s, SNARE, 35)
        for i, o in bass:
            p.note(0, b0 + i * s, s - 10, 12 * 2 + root + o, 100 + rnd.randint(-5, 5))
        for i in clav:
            p.chord(1, b0 + i * s, s - 20, chord_keys(root, True, 4), 75)
    return p


def reggae(bpm=76, bars=26, name='synth_reggae44_76'):
    p = Piece(name, f'reggae one-drop 4/4, {bpm} BPM: kick and rim on beat 3 only, hi-hat 8ths, '
                    'guitar/organ skank on the off-beats 2 and 4, bass lines')
    rnd = random.Random(8)
    p.tempo(0, bpm); p.meter(0, 4, 4)
    p.program(0, 27); p.program(1, 33); p.program(2, 17)  # clean guitar, bass, organ
    for bar in range(bars):
        b0 = bar * 4 * TPB
        root, minor = [(7, False), (0, False)][(bar // 2) % 2]
        for e in range(8):
            p.note(9, b0 + e * TPB // 2, TPB // 4, HH_CLOSED, 55 + rnd.randint(-5, 5))
        p.note(9, b0 + 2 * TPB, TPB // 4, KICK, 110)
        p.note(9, b0 + 2 * TPB, TPB // 4, SIDESTICK, 100)
        for beat in (1, 3):
            p.chord(0, b0 + beat * TPB, TPB // 3, chord_keys(root, minor, 4), 85)
            p.chord(2, b0 + beat * TPB, TPB // 3, chord_keys(root, minor, 4), 60)
        for off, o in [(0, 0), (TPB, 7), (3 * TPB // 2, 9), (5 * TPB // 2, 12), (3 * TPB, 7)]:
            p.note(1, b0 + off, TPB // 2 - 20, 12 * 2 + root + o, 100)
    return p


def swing(bpm=152, bars=60, name='synth_swing44_152'):
    p = Piece(name, f'jazz swing 4/4, {bpm} BPM: ride in swung 8ths, hi-hat pedal on 2 and 4, walking bass '
                    'quarters, piano comping, no backbeat snare')
    rnd = random.Random(9)
    p.tempo(0, bpm); p.meter(0, 4, 4)
    p.program(0, 32); p.program(1, 0)  # acoustic bass, piano
    prog = [(2, True), (7, False), (0, False), (0, False)]  # ii V I I
    sw = TPB * 2 // 3
    for bar in range(bars):
        b0 = bar * 4 * TPB
        root, minor = prog[bar % 4]
        walk = [0, 4 if not minor else 3, 7, 9]
        for beat in range(4):
            t = b0 + beat * TPB
            p.note(9, t, TPB // 4, RIDE, 85 + rnd.randint(-6, 6))
            if beat % 2 == 1:
                p.note(9, t + sw, TPB // 4, RIDE, 65)
                p.note(9, t, TPB // 4, HH_PEDAL, 80)
            p.note(0, t, TPB - 30, 12 * 3 + root + walk[beat], 95 + rnd.randint(-5, 5))
        for off in (rnd.choice([0, TPB + sw]), rnd.choice([2 * TPB + sw, 3 * TPB])):
            p.chord(1, b0 + off, TPB // 2, [k + 12 for k in chord_keys(root, minor, 3)], 60)
    return p


def tempo_change(bpm_a=96, bpm_b=132, bars_a=16, bars_b=28, name='synth_change_96_132'):
    p = rock_44(bpm_a, bars_a + bars_b, name)
    p.tempo_map = [(0, bpm_a), (bars_a * 4 * TPB, bpm_b)]
    p.description = (f'rock 4/4 with an abrupt tempo change: {bpm_a} BPM for {bars_a} bars, then {bpm_b} BPM '
                     f'for {bars_b} bars (the second tempo dominates by duration)')
    return p


def nopulse_ambient(seconds=90, name='nopulse_ambient_pads'):
    p = Piece(name, 'ambient: overlapping pad and string chords of random length (5-13 s), slow attacks, '
                    'no percussion, no grid')
    rnd = random.Random(11)
    p.tempo(0, 60); p.meter(0, 4, 4)  # 1 quarter = 1 s, so ticks are plain time
    p.program(0, 89); p.program(1, 49); p.program(2, 91)  # warm pad, slow strings, choir pad
    t = 0.0
    while t < seconds - 6:
        dur = rnd.uniform(5, 13)
        root = rnd.choice([0, 2, 5, 7, 9])
        ch = rnd.choice([0, 1, 2])
        p.chord(ch, int(t * TPB), int(dur * TPB), chord_keys(root, rnd.random() < 0.5, rnd.choice([3, 4])), rnd.randint(45, 70))
        t += rnd.uniform(2.3, 7.1)
    return p


def nopulse_rubato(seconds=90, name='nopulse_rubato_piano'):
    p = Piece(name, 'free rubato piano: single notes and chords at random, log-normally distributed '
                    'intervals (0.12-2.5 s), random velocities, no grid')
    rnd = random.Random(12)
    p.tempo(0, 60); p.meter(0, 4, 4)
    p.program(0, 0)
    t = 0.5
    scale = [0, 2, 3, 5, 7, 8, 10]
    while t < seconds - 3:
        if rnd.random() < 0.3:
            root = rnd.choice(scale)
            p.chord(0, int(t * TPB), int(rnd.uniform(0.8, 3) * TPB), chord_keys(root, True, rnd.choice([3, 4])), rnd.randint(35, 85))
        else:
            p.note(0, int(t * TPB), int(rnd.uniform(0.3, 2) * TPB), 12 * rnd.choice([5, 6]) + rnd.choice(scale), rnd.randint(30, 95))
        t += min(2.5, max(0.12, rnd.lognormvariate(-0.6, 0.7)))
    return p


def nopulse_random_hits(seconds=90, name='nopulse_random_hits'):
    p = Piece(name, 'random percussion: toms, congas and wood blocks at Poisson-distributed times (mean '
                    'interval 0.45 s, none closer than 0.08 s) over a sustained organ drone; no grid')
    rnd = random.Random(13)
    p.tempo(0, 60); p.meter(0, 4, 4)
    p.program(0, 19)  # church organ
    p.chord(0, 0, int((seconds - 2) * TPB), [38, 45, 50, 57], 50)
    t = 0.7
    while t < seconds - 2:
        p.note(9, int(t * TPB), TPB // 8, rnd.choice([41, 43, 45, 47, 62, 63, 64, 76, 77]), rnd.randint(50, 110))
        t += max(0.08, rnd.expovariate(1 / 0.45))
    return p


PIECES = [rock_44, punk, waltz, six_eight, ballad, edm, funk, reggae, swing, tempo_change,
          nopulse_ambient, nopulse_rubato, nopulse_random_hits]
# Not MIDI: made by sox in scripts/eval_rhythm.sh, listed here so the references are complete.
NOISE = {'name': 'nopulse_noise', 'pulse': False, 'reference_bpm': 0,
         'description': 'pink noise with a slow 0.07 Hz swell (sox synth), 60 s'}


def build(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    listing = []
    for make in PIECES:
        p = make()
        mid_path = os.path.join(out_dir, p.name + '.mid')
        mid = p.write(mid_path)
        pulse = not p.name.startswith('nopulse')
        end_s = mid.length
        info = {'name': p.name, 'pulse': pulse, 'description': p.description,
                'tempo_map_qbpm': p.tempo_map, 'meter': p.time_sigs}
        if pulse:
            beat_ticks = getattr(p, 'beat_ticks', TPB)
            last_tick = max(e[0] for e in p.events if e[3].type == 'note_on')
            beats = [tick_to_seconds(k, p.tempo_map) for k in range(0, last_tick + 1, beat_ticks)]
            # the tempo in beats per minute over time: [(start_s, bpm)]
            scale = TPB / beat_ticks
            segs = [(tick_to_seconds(t, p.tempo_map), b * scale) for t, b in p.tempo_map]
            durations = {}
            for i, (s0, b) in enumerate(segs):
                s1 = segs[i + 1][0] if i + 1 < len(segs) else beats[-1]
                durations[b] = durations.get(b, 0) + (s1 - s0)
            info['reference_bpm'] = getattr(p, 'reference_bpm', max(durations, key=durations.get))
            info['tempo_segments'] = segs
            with open(os.path.join(out_dir, p.name + '.beats'), 'w') as f:
                f.writelines('%.6f\n' % b for b in beats)
        else:
            info['reference_bpm'] = 0
        info['midi_seconds'] = end_s
        with open(os.path.join(out_dir, p.name + '.json'), 'w') as f:
            json.dump(info, f, indent=1)
        listing.append(info)
    return listing


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for info in build(sys.argv[1]):
        print('%s\t%s\t%s' % (info['name'], info['reference_bpm'], info['description']))
