#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Whether bench/eval_rhythm.py's beat-strength score (strength_follows) measures what it says: the
Spearman rho between each pulse's strength and the onset strength at its beat, the evaluation's
spectral flux summed over the onsets within 70 ms of the pulse, and the pulses at 0. On 120 BPM
clicks of 16 levels (20 ms noise bursts over a faint noise floor, each at a random place within
the envelope's 10 ms hop): the flux peaks a median FLUX_LEAD_S before the click (within 2 ms);
strengths that rise with the clicks' levels score 1, falling ones -1, strengths that follow the
click before near 0; pulses 50 ms late or early still find their clicks, pulses 100 ms off or half
a beat late find nothing of them; equal strengths, too few pulses or none in the span cannot be
scored (NaN), and the zeros are counted."""
import math
import os
import tempfile

import numpy as np
import scipy.io.wavfile

from checks import check, finish  # puts bench/ on the path
import eval_rhythm  # noqa: E402


sr = 44100
rng = np.random.default_rng(3)
beats = np.arange(5.0, 37.0, 0.5) + rng.uniform(0.0, 441.0 / 44100.0, 64)
levels = rng.permutation(np.repeat(np.geomspace(0.02, 0.8, 16), 4))[:len(beats)]
audio = (0.0005 * rng.uniform(-1.0, 1.0, int(38.0 * sr))).astype(np.float32)
for t, g in zip(beats, levels):
    i = int(t * sr)
    n = int(0.02 * sr)
    audio[i:i + n] += (g * rng.uniform(-1.0, 1.0, n) * np.exp(-np.arange(n) / (0.005 * sr))).astype(np.float32)
with tempfile.TemporaryDirectory() as tmp:
    wav = os.path.join(tmp, 'clicks.wav')
    scipy.io.wavfile.write(wav, sr, (audio * 32767).astype(np.int16))

    t, env = eval_rhythm.onset_envelope(wav)
    leads = []
    for b in beats:
        near = (t > b - 0.1) & (t < b + 0.1)
        leads.append(b - t[near][np.argmax(env[near])])
    lead = float(np.median(leads))
    check('the flux peaks FLUX_LEAD_S before its click', abs(lead - eval_rhythm.FLUX_LEAD_S) < 0.002,
          'median %.1f ms before, %.1f-%.1f ms' % (1e3 * lead, 1e3 * min(leads), 1e3 * max(leads)))

    def rho(times, strengths, **kw):
        return eval_rhythm.strength_follows(wav, times, strengths, **kw)[0]

    r = rho(beats, levels)
    check('strengths that rise with the clicks score 1', r > 0.95, 'rho %.3f' % r)
    r = rho(beats, -levels)
    check('falling ones -1', r < -0.95, 'rho %.3f' % r)
    r = rho(beats, np.roll(levels, 1))
    check('the click before tells nothing of this one', abs(r) < 0.25, 'rho %.3f' % r)
    for shift in (0.05, -0.05):
        r = rho(beats + shift, levels)
        check('a pulse %+.0f ms off still finds its click' % (1e3 * shift), r > 0.95, 'rho %.3f' % r)
    for shift in (0.1, -0.1, 0.25):
        r = rho(beats + shift, levels)
        check('a pulse %+.0f ms off finds nothing of its click' % (1e3 * shift), math.isnan(r) or abs(r) < 0.3,
              'rho %.3f' % r)
    r, zero, n = eval_rhythm.strength_follows(wav, beats, np.where(np.arange(len(beats)) % 4 == 0, 0.0, 0.5))
    check('a quarter of the pulses at 0', zero == len(beats) // 4 and n == len(beats), '%d of %d' % (zero, n))
    r = rho(beats, np.full(len(beats), 0.5))
    check('equal strengths cannot be scored', math.isnan(r), 'rho %s' % r)
    r = rho(beats[:7], levels[:7])
    check('nor 7 pulses', math.isnan(r), 'rho %s' % r)
    r, zero, n = eval_rhythm.strength_follows(wav, beats, levels, start=10.0, end=20.0)
    inside = int(np.sum((beats >= 10.0) & (beats <= 20.0)))
    check('only the pulses from start to end count', n == inside, '%d pulses of %d' % (n, inside))
    r, zero, n = eval_rhythm.strength_follows(wav, beats, levels, start=40.0)
    check('none in the span', math.isnan(r) and n == 0, 'rho %s, %d pulses' % (r, n))
finish()
