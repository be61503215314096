#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The game-music references of bench/eval_rhythm.py: a constant beat grid fitted to an onset
envelope from the moment the audio starts (fit_grid), whose phase the peers' beat trackers may
dispute (circular_offset, phase_disputed). A grid fitted from a start that is not a multiple of
the period must still put its first beat on the envelope's beats; a peer that sits steadily on
the half beat disputes the grid even though none of its pulses lies near a grid beat. A piece that
changes tempo has one grid per tempo: each grid's beats within its own span, a beat on the
boundary once (in the later grid), and the tempo curve changing where the second begins; grids out
of order, apart or ending before they start are refused rather than scored. A reference whose onsets
are grouped otherwise by their accents (a grid at a 3:2-related tempo carries clearly more of them)
has its meter disputed (meter_dispute), and a stretch at another tempo is found (other_tempo_stretches)."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'bench'))
import eval_rhythm  # noqa: E402

failures = 0
hop = 0.01
t = np.arange(0.0, 60.0, hop)
for bpm, first_beat, start in [(120.0, 0.13, 0.0), (120.0, 0.13, 0.35), (135.11, 0.44, 0.22), (90.0, 0.9, 1.2),
                               (160.0, 1.4, 1.25)]:
    period = 60.0 / bpm
    env = np.zeros_like(t)
    for b in np.arange(first_beat, t[-1], period):
        env[int(round(b / hop))] = 1.0
    env[t < start] = 0.0
    fitted_bpm, first, score, segments = eval_rhythm.fit_grid(t, env, bpm, start, t[-1] - 1.0)
    # the fitted first beat, the first beat at or after the start, within the 5 ms phase step and a hop
    want = first_beat + np.ceil((start - first_beat) / period - 1e-9) * period
    off = (first - want + period / 2) % period - period / 2
    ok = abs(fitted_bpm - bpm) < 0.02 and abs(off) <= 0.011 and first >= start - 1e-9 and score > 5.0
    print('%s %.2f BPM, beats from %.3f s, audio from %.2f s: fitted %.2f BPM, first beat %.3f s (want %.3f), '
          'score %.1f, segments %.2f' % ('ok  ' if ok else 'FAIL', bpm, first_beat, start, fitted_bpm, first, want,
                                         score, segments))
    failures += 0 if ok else 1

# Peers' pulses on a 120 BPM grid from 0.1 s: (name, pulses of aubio, pulses of essentia, disputed?)
period, first = 0.5, 0.1
rng = np.random.default_rng(3)
grid = first + period * np.arange(200)
on = grid + rng.normal(0.0, 0.01, grid.size)
half = grid + period / 2 + rng.normal(0.0, 0.01, grid.size)
late = grid + 0.05 + rng.normal(0.0, 0.01, grid.size)
wandering = np.sort(rng.uniform(0.0, grid[-1], grid.size))
none = np.array([])
# the offset's sign: pulses after the grid's beats are late (+)
late_offset, late_resultant = eval_rhythm.circular_offset(first, period, late)
sign_ok = 0.045 < late_offset < 0.055 and late_resultant > 0.9
print('%s pulses 50 ms after the beats: offset %+.0f ms (%.2f)' % ('ok  ' if sign_ok else 'FAIL', late_offset * 1000,
                                                                    late_resultant))
failures += 0 if sign_ok else 1
for name, aubio, essentia, want in [
    ('both on the grid', on, on, False),
    ('one 50 ms late, the other without pulses', late, none, False),
    ('one on the half beat, the other without pulses', none, half, True),
    ('one on the half beat, one wandering', wandering, half, True),
    ('one on the half beat, one on the grid', half, on, False),
    ('both 50 ms late', late, late, True),
    ('one 50 ms late, one on the grid', late, on, False),
    ('both wandering', wandering, wandering, False),
]:
    offsets = [eval_rhythm.circular_offset(first, period, p) for p in (aubio, essentia)]
    got = eval_rhythm.phase_disputed(offsets)
    ok = got == want
    print('%s %s: offsets %s, disputed %s (want %s)' % ('ok  ' if ok else 'FAIL', name, ', '.join(
        '-' if o is None else '%+.0f ms (%.2f)' % (o * 1000, r) for o, r in offsets), got, want))
    failures += 0 if ok else 1

# two grids: 150 BPM through 0.385 s until 27 s, 152 BPM through 34.28 s from 27 s to 49.8 s
def grid_track(spec):
    row = {'track': 'change', 'set': 'game', 'package': '', 'path': '', 'ref_bpm': '150', 'pulse': 'yes',
           'established': '', 'beats': spec}
    track = eval_rhythm.Track(row, '/nonexistent')
    track.duration = lambda: 50.0
    return track


beats, curve, span = grid_track('grid:150:0.385:0.385:27;152:34.28:27:49.8').reference()
first, second = beats[beats < 27.0], beats[beats >= 27.0]
p2 = 60.0 / 152
ok = (len(first) == 67 and np.allclose(np.diff(first), 0.4) and abs(first[0] - 0.385) < 1e-9 and
      abs(first[-1] - 26.785) < 1e-9 and len(second) == 58 and np.allclose(np.diff(second), p2) and
      abs(second[0] - (34.28 - 18 * p2)) < 1e-9 and abs(second[-1] - (34.28 + 39 * p2)) < 1e-9 and
      curve == [(0.0, 150.0), (27.0, 152.0)] and span == (beats[0], beats[-1]) and
      eval_rhythm.ref_tempo_at(curve, 20.0) == 150.0 and eval_rhythm.ref_tempo_at(curve, 30.0) is None and
      eval_rhythm.ref_tempo_at(curve, 40.0) == 152.0)
print('%s a tempo change, two grids: %d beats at 150 BPM from %.3f to %.3f s, %d at 152 BPM from %.4f to %.4f s, '
      'curve %s' % ('ok  ' if ok else 'FAIL', len(first), first[0], first[-1], len(second), second[0], second[-1],
                    curve))
failures += 0 if ok else 1

# a beat on the boundary of both grids belongs to the later one, once
beats, _, _ = grid_track('grid:150:0.4:0.4:27.2;152:27.2:27.2:49.8').reference()
ok = np.sum(np.abs(beats - 27.2) < 1e-9) == 1 and np.all(np.diff(beats) > 0)
print('%s a beat on the boundary of two grids: %d beat(s) at 27.2 s, increasing %s' % (
    'ok  ' if ok else 'FAIL', np.sum(np.abs(beats - 27.2) < 1e-9), np.all(np.diff(beats) > 0)))
failures += 0 if ok else 1

# grids out of order, apart or ending before they start are refused, not scored
for spec in ('grid:152:34.28:27:49.8;150:0.385:0.385:27', 'grid:150:0.385:0.385:20;152:34.28:27:49.8',
             'grid:150:0.385:0.385:27;152:34.28:27:20'):
    try:
        grid_track(spec).reference()
        ok = False
    except ValueError as e:
        ok = True
        why = str(e)
    print('%s %s refused%s' % ('ok  ' if ok else 'FAIL', spec, ': ' + why if ok else ''))
    failures += 0 if ok else 1

# The meter: an even lattice of onsets whose accents group it otherwise than the reference disputes
# the reference (the grids at 3:2 and 3:4 take the accents on every second onset alike, those at 4:3
# and 2:3 the accents on every third); one whose accents fall on the reference's beats, a 4/4 with
# weaker eighths and sixteenths, and even eighths (where the 2:3 grid lands on beats and off-beats
# alike) do not.
def lattice(step, accent_every, accent, phase=0.0, length=60.0):
    """Triangular onsets (+-20 ms) every `step` s from `phase`, every accent_every-th one `accent`
    times as strong as the rest (accent_every may also be a list of strengths, one per position)."""
    env = np.zeros_like(t)
    levels = accent_every if isinstance(accent_every, list) else [accent] + [1.0] * (accent_every - 1)
    for k, on in enumerate(np.arange(phase, length, step)):
        env += levels[k % len(levels)] * np.maximum(0.0, 1.0 - np.abs(t - on) / 0.02)
    return env


for what, env, bpm, disputed, relation in [
        ('a 0.18 s lattice accented every second onset, reference every third', lattice(0.18, 2, 2.0),
         60.0 / 0.54, True, ('3:2', '3:4')),
        ('a 0.125 s lattice accented every fourth onset, reference every third', lattice(0.125, 4, 2.0),
         60.0 / 0.375, True, ('3:4',)),
        ('a 0.125 s lattice accented every third onset, reference every fourth', lattice(0.125, 3, 2.0),
         120.0, True, ('4:3', '2:3')),
        ('a 0.18 s lattice accented every third onset (6/8), reference every third', lattice(0.18, 3, 2.0),
         60.0 / 0.54, False, None),
        ('120 BPM, beats 1.0, eighths 0.6, sixteenths 0.3', lattice(0.125, [1.0, 0.3, 0.6, 0.3], 0.0), 120.0,
         False, None),
        ('120 BPM, even eighths', lattice(0.25, 1, 1.0), 120.0, False, None)]:
    ratio, rel = eval_rhythm.meter_dispute(t, env, bpm, 0.0, 59.0)
    ok = (ratio >= eval_rhythm.METER_MARGIN) == disputed and (relation is None or rel in relation)
    print('%s %s: the strongest related grid carries %.2f at %s (%s)' % (
        'ok  ' if ok else 'FAIL', what, ratio, rel, 'disputed' if ratio >= eval_rhythm.METER_MARGIN else 'holds'))
    failures += 0 if ok else 1

# The margin: every second onset of a 0.18 s lattice accented, a reference on every third. The
# every-second grid carries about 2a / (1 + a) of the reference's best grid for accents a (the grids'
# sampling of the lattice adds up to 0.03): accents of 1.03 (1.05) hold, 1.25 (1.14) dispute; also on
# a lattice from 3.07 s checked from 3.5 s. Where no grid carries an onset the meter is not disputed.
for what, env, t0, disputed in [
        ('accents of 1.03 on every second onset', lattice(0.18, 2, 1.03), 0.0, False),
        ('accents of 1.25 on every second onset', lattice(0.18, 2, 1.25), 0.0, True),
        ('accents of 1.25, the lattice from 3.07 s, checked from 3.5 s',
         np.where(t >= 3.0, lattice(0.18, 2, 1.25, phase=3.07), 0.0), 3.5, True),
        ('no onsets', np.zeros_like(t), 0.0, False)]:
    ratio, rel = eval_rhythm.meter_dispute(t, env, 60.0 / 0.54, t0, 59.0)
    ok = (ratio >= eval_rhythm.METER_MARGIN) == disputed
    print('%s %s: %.3f at %s (%s)' % ('ok  ' if ok else 'FAIL', what, ratio, rel,
                                      'disputed' if ratio >= eval_rhythm.METER_MARGIN else 'holds'))
    failures += 0 if ok else 1
# The meter check per constant-tempo part: a silent first part (no onset on its grid) does not hide a
# disputed second one.
cell = eval_rhythm.meter_cell(t, np.where(t >= 30.0, lattice(0.18, 2, 2.0, phase=30.0), 0.0),
                              [(0.0, 60.0 / 0.54), (30.0, 60.0 / 0.54)], (0.0, 59.0))
ok = cell.endswith('(disputed)')
print('%s a silent part before a disputed one: %s' % ('ok  ' if ok else 'FAIL', cell))
failures += 0 if ok else 1
# An opening at another tempo: 125 BPM for 25 s, then 160. A reference at 160 throughout has its
# first stretch carried by a 125 BPM grid; one that changes to 160 at 25 s has none, nor does a
# reference at 62.5 or at 125.6 BPM (its double, and within the 1 % a tempo may be off). A stretch
# across a change, 15-35 s with the change at 25 s and the opening twice as loud, is compared with both
# tempi. The margin: a 125 BPM part at 1.15 over a 160 BPM pulse of 1.0 is not a stretch of its own,
# at 1.6 it is.
def stretches(env, curve, span=(0.0, 59.0)):
    return eval_rhythm.other_tempo_stretches(t, env, curve, span)


part_125 = np.where(t < 25.0, lattice(0.48, 1, 1.0), 0.0)
part_160 = np.where(t >= 25.0, lattice(0.375, 1, 1.0, 25.0), 0.0)
opening, loud_opening = part_125 + part_160, 2.0 * part_125 + part_160
over = lambda level: lattice(0.375, 1, 1.0) + np.where(t < 25.0, level * lattice(0.48, 1, 1.0, 0.1), 0.0)
for what, found, want in [
        ('the opening against one 160 BPM grid', stretches(opening, [(0.0, 160.0)]), (0.0, 125.0)),
        ('the opening against a change to 160 at 25 s', stretches(opening, [(0.0, 125.0), (25.0, 160.0)]), None),
        ('the opening against 62.5 BPM', stretches(opening, [(0.0, 62.5)], (0.0, 24.0)), None),
        ('the opening against 125.6 BPM', stretches(opening, [(0.0, 125.6)], (0.0, 24.0)), None),
        ('a loud opening, the stretch across the change', stretches(loud_opening, [(0.0, 125.0), (25.0, 160.0)],
                                                                    (15.0, 35.0)), None),
        ('125 BPM at 1.15 over 160 BPM', stretches(over(1.15), [(0.0, 160.0)]), None),
        ('125 BPM at 1.6 over 160 BPM', stretches(over(1.6), [(0.0, 160.0)]), (0.0, 125.0))]:
    ok = (not found) if want is None else (len(found) >= 1 and found[0][0] == want[0] and
                                            abs(found[0][2] / want[1] - 1.0) < 0.01)
    print('%s %s: %s' % ('ok  ' if ok else 'FAIL', what, ['%.0f-%.0f s %.1f BPM x%.2f' % x for x in found] or 'none'))
    failures += 0 if ok else 1
sys.exit(1 if failures else 0)
