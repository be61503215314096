#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Whether bench/eval_rhythm.py's beat-strength score (strength_follows) measures what it says: the
Spearman rho between each pulse's strength and the onset strength of its own beat, the strongest
value of the evaluation's spectral flux within 70 ms of the pulse, and the share of pulses at 0.
On 120 BPM clicks of 16 levels (each a 20 ms noise burst): strengths that rise with the clicks'
levels score 1, falling ones -1, strengths that follow the click before near 0 (|rho| < 0.25);
pulses 50 ms late still find their clicks, pulses half a beat off find nothing to follow; equal
strengths score 0 and the zeros are counted."""
import os
import sys
import tempfile

import numpy as np
import scipy.io.wavfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'bench'))
import eval_rhythm  # noqa: E402

failures = 0


def check(what, ok, detail):
    global failures
    print('%s %s (%s)' % ('ok  ' if ok else 'FAIL', what, detail))
    failures += 0 if ok else 1


sr = 44100
beats = np.arange(1.0, 33.0, 0.5)
rng = np.random.default_rng(3)
levels = rng.permutation(np.repeat(np.geomspace(0.02, 0.8, 16), 4))[:len(beats)]
audio = np.zeros(int(34.0 * sr), dtype=np.float32)
for t, g in zip(beats, levels):
    i = int(t * sr)
    n = int(0.02 * sr)
    audio[i:i + n] += (g * rng.uniform(-1.0, 1.0, n) * np.exp(-np.arange(n) / (0.005 * sr))).astype(np.float32)
with tempfile.TemporaryDirectory() as tmp:
    wav = os.path.join(tmp, 'clicks.wav')
    scipy.io.wavfile.write(wav, sr, (audio * 32767).astype(np.int16))

    rho, zero = eval_rhythm.strength_follows(wav, beats, levels)
    check('strengths that rise with the clicks score 1', rho > 0.95 and zero == 0.0, 'rho %.3f, zeros %.3f' % (rho, zero))
    rho, _ = eval_rhythm.strength_follows(wav, beats, -levels)
    check('falling ones -1', rho < -0.95, 'rho %.3f' % rho)
    rho, _ = eval_rhythm.strength_follows(wav, beats, np.roll(levels, 1))
    check('the click before tells nothing of this one', abs(rho) < 0.25, 'rho %.3f' % rho)
    rho, _ = eval_rhythm.strength_follows(wav, beats + 0.05, levels)
    check('a pulse 50 ms late still finds its click', rho > 0.95, 'rho %.3f' % rho)
    rho, _ = eval_rhythm.strength_follows(wav, beats + 0.25, levels)
    check('a pulse half a beat off finds none to follow', abs(rho) < 0.35, 'rho %.3f' % rho)
    strengths = np.where(np.arange(len(beats)) % 4 == 0, 0.0, 0.5)
    _, zero = eval_rhythm.strength_follows(wav, beats, strengths)
    check('a quarter of the pulses at 0', abs(zero - 0.25) < 1e-9, 'zeros %.3f' % zero)
    rho, zero = eval_rhythm.strength_follows(wav, beats, np.full(len(beats), 0.5))
    check('equal strengths follow nothing', rho == 0.0 and zero == 0.0, 'rho %.3f, zeros %.3f' % (rho, zero))
sys.exit(1 if failures else 0)
