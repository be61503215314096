#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Whether bench/eval_rhythm.py tells a reference whose metrical level was fixed independently from
one whose level is essentia.js's alone. A tempo map (charts, renders) fixes the level; a game-music
reference needs both full-range tools (aubio tempo, essentia.js) within 4 % of it in the curation's
`established` text. bpm-tools folds every tempo into 84-146 BPM, so its agreement is no witness.
Checked on crafted rows (at the 4 % edge, at the double, with a field missing), on every game
reference of bench/rhythm_references.tsv (both tools' tempi must parse, or a format change would
silently leave every level unwitnessed), and on the split table make_table prints (Acc1, rolling
coverage, pulse F, CMLt and the median lock of each group)."""

from checks import check, finish  # puts bench/ on the path
import eval_rhythm  # noqa: E402


def game_row(name, ref, aubio, bpm_tools, essentia):
    established = ('aubio tempo %.2f, bpm-tools %.2f, essentia.js %.2f; pair within 4 %%: %.2f BPM; constant grid '
                   'fitted to our onset envelope: %.2f BPM' % (aubio, bpm_tools, essentia, ref, ref))
    return {'track': name, 'set': 'game', 'package': 'p', 'path': 'x', 'ref_bpm': '%.2f' % ref, 'beats': 'grid',
            'pulse': 'yes', 'established': established}


chart = {'track': 'c', 'set': 'chart', 'package': 'p', 'path': 'x', 'ref_bpm': '170', 'beats': 'tempo-map',
         'pulse': 'yes', 'established': 'notes.mid tempo map'}
w = eval_rhythm.level_witnesses(chart)
check('a chart\'s level is its tempo map', w == ['tempo map'] and eval_rhythm.level_fixed(chart), w)

both = game_row('both', 120.0, 121.0, 119.9, 120.0)
w = eval_rhythm.level_witnesses(both)
check('aubio and essentia.js at the reference fix the level', w == ['aubio tempo', 'essentia.js']
      and eval_rhythm.level_fixed(both), w)

alone = game_row('alone', 92.0, 104.45, 91.89, 92.0)
w = eval_rhythm.level_witnesses(alone)
check('bpm-tools and essentia.js alone leave the level essentia.js\'s', w == ['essentia.js']
      and not eval_rhythm.level_fixed(alone), w)
check('the curation note gives each tool\'s tempo', eval_rhythm.curated_tempo(alone, 'aubio tempo') == 104.45
      and eval_rhythm.curated_tempo(alone, 'essentia.js') == 92.0 and eval_rhythm.curated_tempo(alone, 'madmom') is None,
      [eval_rhythm.curated_tempo(alone, t) for t in ('aubio tempo', 'essentia.js', 'madmom')])

double = game_row('double', 90.0, 180.2, 90.0, 90.0)
w = eval_rhythm.level_witnesses(double)
check('aubio at the double is no witness of the level', w == ['essentia.js'] and not eval_rhythm.level_fixed(double), w)

edge_in = game_row('edge_in', 100.0, 104.0, 100.0, 96.0)
edge_out = game_row('edge_out', 100.0, 104.01, 100.0, 100.0)
w_in, w_out = eval_rhythm.level_witnesses(edge_in), eval_rhythm.level_witnesses(edge_out)
check('the 4 % tolerance holds at its edge', len(w_in) == 2 and w_out == ['essentia.js'], (w_in, w_out))

broken = dict(both, established='aubio tempo n/a; essentia.js nan')
w = eval_rhythm.level_witnesses(broken)
check('an unreadable curation note witnesses nothing', w == [] and not eval_rhythm.level_fixed(broken), w)

# every game reference of the evaluation: both full-range tempi parse from its curation note
refs = [r for r in eval_rhythm.read_refs() if r['set'] == 'game' and r['pulse'] == 'yes']
unparsed = [(r['track'], tool) for r in refs for tool in eval_rhythm.FULL_RANGE_TOOLS
            if eval_rhythm.curated_tempo(r, tool) is None]
fixed = sum(1 for r in refs if eval_rhythm.level_fixed(r))
check('every game reference names both full-range tempi', not unparsed and len(refs) > 0,
      '%d references, %d with the level fixed, unparsed %s' % (len(refs), fixed, unparsed[:3]))
# the split table calls the rest "essentia.js's alone": no game reference may rest on aubio alone
# or on no full-range tool
others = [(r['track'], eval_rhythm.level_witnesses(r)) for r in refs if not eval_rhythm.level_fixed(r)]
check('every game reference whose level is not fixed has essentia.js as its one witness',
      all(w == ['essentia.js'] for _, w in others), '%d such references, others %s'
      % (len(others), [o for o in others if o[1] != ['essentia.js']][:3]))

# the split table: Acc1 over the fixed-level references and over essentia.js's alone
silent = dict(both, track='silent', pulse='no')
tracks = [eval_rhythm.Track(r, '/nonexistent') for r in (chart, both, alone, silent)]
scores = [{'track': 'c', 'set': 'chart', 'system': 'moodscope', 'acc1': 1.0, 'coverage': 0.9, 'f': 0.9, 'cmlt': 0.8,
           'lock': 3.0},
          {'track': 'both', 'set': 'game', 'system': 'moodscope', 'acc1': 0.0, 'coverage': 0.5, 'f': 0.5, 'cmlt': 0.4,
           'lock': 5.0},
          {'track': 'alone', 'set': 'game', 'system': 'moodscope', 'acc1': 0.0, 'coverage': 0.2, 'f': 0.7, 'cmlt': 0.2,
           'lock': float('inf')},
          {'track': 'silent', 'set': 'game', 'system': 'moodscope', 'acc1': 1.0, 'coverage': 1.0, 'f': 1.0, 'cmlt': 1.0,
           'lock': 1.0}]  # a track without a pulse is in neither group
table = eval_rhythm.make_table(scores, tracks)
fixed_line = [l for l in table.splitlines() if l.startswith('| fixed independently')]
alone_line = [l for l in table.splitlines() if l.startswith('| essentia.js')]
check('the split table scores the two groups apart',
      len(fixed_line) == 1 and fixed_line[0].endswith('| 2 | moodscope | 0.50 | 0.70 | 0.70 | 0.60 | 4.0 |')
      and len(alone_line) == 1 and alone_line[0].endswith('| 1 | moodscope | 0.00 | 0.20 | 0.70 | 0.20 | ∞ (1 never) |'),
      (fixed_line, alone_line))

finish('level witnesses')
