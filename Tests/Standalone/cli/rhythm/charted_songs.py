#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Rhythm on real recordings: the Frets on Fire songs (Debian fretsonfire-songs-*), whose
notes.mid holds the chart's tempo map from the audio's time 0, analyzed by `moodscope analyze
--beats`, scored with mir_eval's definitions: whole-file tempo Acc1 (within 4 %) and Acc2
(also x2, x1/2, x3, x1/3); rolling coverage (slow updates after warm-up within 4 %) and the
share reading 0; live pulses: F-measure (+-70 ms), AMLt, with mir_eval.beat.trim_beats (the
first 5 s are not scored), and the longest stretch without a pulse from the first pulse to the
chart's last note or the end of the music (where its 50 ms RMS last comes within 20 dB of its
loudest), whichever comes first. Prints one row per song and the means; exits 1 below the floors (above them for
"zero" and "gap")."""
import argparse, glob, json, os, subprocess, sys, wave

import mido
import mir_eval
import numpy as np

# the benchmark's own definitions of the music's end and of a pulse gap (bench/eval_rhythm.py)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'bench'))
from eval_rhythm import audio_end, chart_last_note, longest_gap, loudness_profile  # noqa: E402


def chart_beats(midi_path, seconds):
    """Beat times of the chart's tempo map (quarter notes from tick 0) up to `seconds`."""
    m = mido.MidiFile(midi_path)
    changes, tick = [], 0
    for msg in m.tracks[0]:
        tick += msg.time
        if msg.type == 'set_tempo':
            changes.append((tick, msg.tempo))
    if not changes or changes[0][0] > 0:
        changes.insert(0, (0, 500000))
    beats, tick, t, i = [], 0, 0.0, 0
    while t < seconds:
        beats.append(t)
        while i + 1 < len(changes) and changes[i + 1][0] <= tick:
            i += 1
        t += changes[i][1] / 1e6
        tick += m.ticks_per_beat
    # the dominant tempo: the one that lasts longest
    spans = {}
    for k, (start, tempo) in enumerate(changes):
        end = changes[k + 1][0] if k + 1 < len(changes) else tick
        spans[tempo] = spans.get(tempo, 0) + max(0, end - start)
    return np.array(beats), mido.tempo2bpm(max(spans, key=spans.get))


def within(value, truth, factors):
    return any(abs(value - truth * f) <= 0.04 * truth * f for f in factors)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('moodscope')
    ap.add_argument('work')
    ap.add_argument('--floor', action='append', default=[], help='metric=value, e.g. acc1=0.85')
    args = ap.parse_args()
    floors = dict((k, float(v)) for k, v in (f.split('=') for f in args.floor))
    songs = sorted(d for d in glob.glob('/usr/share/games/fretsonfire/data/songs/*/*/')
                   if os.path.exists(d + 'song.ogg') and os.path.exists(d + 'notes.mid'))
    if len(songs) < 8:
        print('FAIL: %d charted songs found; scripts/setup.sh installs fretsonfire-songs-muldjord' % len(songs))
        return 1
    os.makedirs(args.work, exist_ok=True)
    wavs = []
    for d in songs:
        out = os.path.join(args.work, os.path.basename(d.rstrip('/')).replace(' ', '_') + '.wav')
        if not os.path.exists(out):
            stems = [d + s for s in ('song.ogg', 'guitar.ogg', 'rhythm.ogg', 'drums.ogg') if os.path.exists(d + s)]
            cmd = ['sox', '-q'] + (['-m'] if len(stems) > 1 else []) + stems + ['-b', '16', out]
            subprocess.run(cmd, check=True)
        wavs.append((out, d + 'notes.mid'))
    lines = subprocess.run([args.moodscope, 'analyze', '--beats'] + [w for w, _ in wavs],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    per = {w: {'frames': [], 'beats': [], 'summary': None} for w, _ in wavs}
    for line in lines:
        j = json.loads(line)
        d = per[j['file']]
        if j['type'] == 'frame':
            d['frames'].append(j)
        elif j['type'] == 'beat':
            d['beats'].append(j['time'])
        else:
            d['summary'] = j
    rows = []
    print('%-24s %6s %7s %4s %4s %5s %5s %5s %5s %5s' % ('song', 'chart', 'summary', 'acc1', 'acc2', 'cover', 'zero', 'F',
                                                          'AMLt', 'gap'))
    for w, mid in wavs:
        with wave.open(w) as f:
            seconds = f.getnframes() / f.getframerate()
        ref, truth = chart_beats(mid, seconds)
        d = per[w]
        tempo = d['summary']['fingerprint'].get('tempo_bpm') or 0.0
        rolling = [fr['fingerprint'].get('tempo_bpm') or 0.0 for fr in d['frames'] if not fr['warming_up']]
        ref_t, est_t = mir_eval.beat.trim_beats(ref), mir_eval.beat.trim_beats(np.array(d['beats']))
        r = {'acc1': float(within(tempo, truth, (1,))),
             'acc2': float(within(tempo, truth, (1, 2, 0.5, 3, 1 / 3))),
             'cover': float(np.mean([within(v, truth, (1,)) for v in rolling])) if rolling else 0.0,
             'zero': float(np.mean([v == 0 for v in rolling])) if rolling else 1.0,
             'F': mir_eval.beat.f_measure(ref_t, est_t),
             'AMLt': mir_eval.beat.continuity(ref_t, est_t)[3],
             'gap': longest_gap(np.array(d['beats']), min(chart_last_note(mid), audio_end(loudness_profile(w), -20.0)))}
        rows.append(r)
        print('%-24s %6.1f %7.1f %4.0f %4.0f %5.2f %5.2f %5.2f %5.2f %5.1f' % (
            os.path.basename(w)[:-4][:24], truth, tempo, r['acc1'], r['acc2'], r['cover'], r['zero'], r['F'], r['AMLt'],
            r['gap']))
    mean = {k: float(np.mean([r[k] for r in rows])) for k in rows[0]}
    print('%-24s %6s %7s %4.2f %4.2f %5.2f %5.2f %5.2f %5.2f %5.2f' % ('mean', '', '', mean['acc1'], mean['acc2'],
                                                                      mean['cover'], mean['zero'], mean['F'],
                                                                      mean['AMLt'], mean['gap']))
    failed = 0
    for k, floor in floors.items():
        ceiling = k in ('zero', 'gap')
        ok = mean[k] <= floor if ceiling else mean[k] >= floor
        print('%s: %s %.2f (%s %.2f)' % ('PASS' if ok else 'FAIL', k, mean[k], 'at most' if ceiling else 'at least', floor))
        failed += 0 if ok else 1
    print('charted songs: %d passed, %d failed' % (len(floors) - failed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
