#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Where bench/eval_rhythm.py says AMLt is lost (amlt_losses): reference beats without a pulse
within 1.1 beat periods, and the continuity that AMLt does not count because the pulses kept one
metrical variation for a while and another later. Its per-pulse continuity (continuity_hits) must
give mir_eval's own CMLt against every variation. On a 120 BPM grid of 120 beats, pulse trains with
known answers: on the beat or at half tempo throughout lose nothing; moving at beat 64 (a block
boundary) to the off-beat, to the other half-tempo parity or from double tempo to the beat loses
what the second part holds - less its first pulse, whose interval to the one before is wrong, and
the last off-beat pulse, past the grid's last midpoint; the first beat pulse after double tempo
still counts for the double grid, where AMLt has it. Dropped or stray pulses, a late start and
gaps lose nothing to switching. A late start, gaps of four beats, one pulse or none leave exactly
the beats more than 1.1 periods from every pulse unpulsed: a beat 1.08 periods from the first
pulse is covered, one 1.12 periods from it is not."""
import os
import sys

import mir_eval
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'bench'))
import eval_rhythm  # noqa: E402

failures = 0

rng = np.random.default_rng(7)
mismatches = 0
for _ in range(200):
    ref = np.cumsum(rng.uniform(0.3, 0.7, rng.integers(5, 80)))
    kind = rng.integers(3)
    if kind == 0:
        est = ref + rng.normal(0.0, 0.04, len(ref))
    elif kind == 1:  # starting late, on the beat or half a beat off
        start = rng.integers(1, len(ref) - 1)
        est = ref[start:] + rng.choice([0.0, 0.5]) * np.median(np.diff(ref)) + rng.normal(0.0, 0.02, len(ref) - start)
    else:
        est = rng.uniform(0.0, ref[-1], len(ref))
    est = np.unique(np.round(est, 4))
    if len(est) < 2:
        continue
    for v in eval_rhythm.metrical_variations(ref):
        if len(v) >= 2:
            ours = eval_rhythm.continuity_hits(v, est).sum() / max(len(v), len(est))
            mismatches += abs(ours - mir_eval.beat.continuity(v, est)[1]) > 1e-12
print('%s continuity_hits against mir_eval CMLt on every variation of 200 random grids and pulse trains: '
      '%d differ' % ('ok  ' if mismatches == 0 else 'FAIL', mismatches))
failures += 1 if mismatches else 0

ref = np.arange(0.0, 60.0, 0.5)  # 120 BPM, 120 beats
cut = 64
cases = [
    # name, pulses (10 ms late unless said), (unpulsed, switch_loss) wanted
    ('on the beat throughout', ref, (0.0, 0.0)),
    ('at half tempo throughout', ref[::2], (0.0, 0.0)),
    ('on the beat, then on the off-beat', np.concatenate([ref[:cut], ref[cut:] + 0.25]), (0.0, 54 / 120)),
    ('every other beat, then the other ones', np.concatenate([ref[:cut:2], ref[cut + 1::2]]), (0.0, 27 / 60)),
    ('double tempo, then on the beat', np.concatenate([np.arange(0.0, ref[cut], 0.25), ref[cut:]]),
     (0.0, 55 / 184 - 1 / 239)),
    ('on the beat with every 10th pulse dropped', np.delete(ref, np.arange(0, len(ref), 10)), (0.0, 0.0)),
    ('on the beat with a stray off-beat pulse every 10 beats', np.sort(np.concatenate([ref, ref[::10] + 0.25])),
     (0.0, 0.0)),
    ('on the beat from beat 64 only', ref[cut:], (63 / 120, 0.0)),
    ('on the beat from beat 64 only, 40 ms late', ref[cut:] + 0.03, (63 / 120, 0.0)),
    ('on the beat from beat 64 only, 60 ms late', ref[cut:] + 0.05, (64 / 120, 0.0)),
    ('every fourth beat', ref[::4], (31 / 120, 0.0)),
    ('one pulse', np.array([3.0]), (117 / 120, 0.0)),
    ('no pulse', np.array([]), (1.0, 0.0)),
]
for name, est, (want_unpulsed, want_switch) in cases:
    est = est + 0.01
    unpulsed, switch = eval_rhythm.amlt_losses(ref, est)
    ok = abs(unpulsed - want_unpulsed) < 1e-9 and abs(switch - want_switch) < 1e-9
    print('%s %s: beats without a pulse %.3f (want %.3f), lost to switching %.3f (want %.3f)' % (
        'ok  ' if ok else 'FAIL', name, unpulsed, want_unpulsed, switch, want_switch))
    failures += 0 if ok else 1
sys.exit(1 if failures else 0)
