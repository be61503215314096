#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The pulse gaps of bench/eval_rhythm.py. The issue asks that /bpm is never 0 for more than 2 s
"while the pulse goes on": longest_gap charges every stretch without a pulse, longest_sounding_gap
only the part of it over which reference beats keep their onsets (sounding, the rule pulse_start
starts from). A break without onsets is not charged; a gap over which the beat sounds throughout
is charged whole, from the last pulse to the next, not from the first reference beat after it."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'bench'))
import eval_rhythm  # noqa: E402

failures = 0


def check(name, got, want):
    global failures
    ok = abs(got - want) < 1e-9 if np.isfinite(want) else got == want
    print('%s %s: %.3f (want %.3f)' % ('ok  ' if ok else 'FAIL', name, got, want))
    failures += 0 if ok else 1


beats = np.arange(0.0, 20.0, 0.5)  # 120 BPM
every = np.ones(len(beats), dtype=bool)
# an onset on every beat except in a break from 8 to 12 s
onsets = beats[(beats < 8.0) | (beats > 12.0)] + 0.01
sounds = eval_rhythm.sounding(beats, onsets)
check('beats without onsets in the break', float(np.sum(~sounds)), 7.0)
check('the pulse starts on the first beat', eval_rhythm.pulse_start(beats, sounds), 0.0)
check('the pulse starts on the first of four beats of which three have onsets', eval_rhythm.pulse_start(beats, eval_rhythm.sounding(beats, onsets[onsets > 3.0])), 2.5)
check('no beat sounds without onsets', float(np.sum(eval_rhythm.sounding(beats, np.array([5.0])))), 0.0)

# pulses stop from 6 to 14 s: 8.5 s without a pulse, of which 6-8.5 s sound
pulses = np.concatenate([np.arange(0.0, 6.0, 0.5), np.arange(14.0, 20.0, 0.5)])
check('the plain gap charges the break', eval_rhythm.longest_gap(pulses, 19.5), 8.5)
check('the sounding gap does not', eval_rhythm.longest_sounding_gap(pulses, 19.5, beats, sounds), 3.0)
# two pulses 2.4 s apart over a beat that sounds throughout: the whole 2.4 s
check('a sounding gap counts whole', eval_rhythm.longest_sounding_gap(np.array([0.0, 2.4]), 2.4, beats, every), 2.4)
check('up to the end of the music', eval_rhythm.longest_sounding_gap(np.array([0.0, 2.4]), 5.0, beats, every), 2.6)
check('past the last reference beat, one more period', eval_rhythm.longest_sounding_gap(np.array([18.0]), 25.0, beats, every), 2.0)
check('no pulse at all', eval_rhythm.longest_sounding_gap(np.array([]), 5.0, beats, every), float('inf'))
sys.exit(1 if failures else 0)
