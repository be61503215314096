#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Where bench/eval_rhythm.py says AMLt is lost (amlt_losses): beats without a pulse within a beat
period, and the part of the pulses' continuity that AMLt does not count because they kept one
metrical level or phase for a while and another later. A tracker on the beat throughout loses
nothing; one at half tempo throughout loses nothing either (AMLt accepts it, and every beat has a
pulse within a period); one that moves to the off-beat half-way loses half to switching; one that
starts half-way has half of the beats without a pulse."""
import os
import sys

import mir_eval
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'bench'))
import eval_rhythm  # noqa: E402

failures = 0
ref = np.arange(0.0, 60.0, 0.5)  # 120 BPM
half = len(ref) // 2
cases = [
    # name, pulses, (unpulsed, switch_loss) wanted, tolerance
    ('on the beat throughout', ref + 0.01, (0.0, 0.0)),
    ('at half tempo throughout', ref[::2] + 0.01, (0.0, 0.0)),
    ('on the beat, then on the off-beat from 30 s', np.concatenate([ref[:half], ref[half:] + 0.25]) + 0.01,
     (0.0, 0.5)),
    ('on the beat from 30 s only', ref[half:] + 0.01, (0.5, 0.0)),
]
for name, est, (want_unpulsed, want_switch) in cases:
    amlt = mir_eval.beat.continuity(ref, est)[3]
    unpulsed, switch = eval_rhythm.amlt_losses(ref, est, amlt)
    ok = abs(unpulsed - want_unpulsed) <= 0.02 and abs(switch - want_switch) <= 0.03
    print('%s %s: AMLt %.2f, beats without a pulse %.2f (want %.2f), lost to switching %.2f (want %.2f)' % (
        'ok  ' if ok else 'FAIL', name, amlt, unpulsed, want_unpulsed, switch, want_switch))
    failures += 0 if ok else 1
sys.exit(1 if failures else 0)
