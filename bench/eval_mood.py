#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Mood on real recordings (issue 14): moodscope's whole-file mood of every track in
bench/mood_references.tsv against what a listener would agree on, and the ordered pairs of
bench/mood_pairs.tsv. Prints one row per track, the share of expectations met, the share of
pairs right and how labels, quadrants and states spread; exits 1 below the targets
(>= 85 % expectations, >= 90 % pairs, no label on more than a third of the tracks, all four
quadrants, at least five states as the most frequent live state of a track). Run through scripts/eval_mood.sh, which installs the music.

    eval_mood.py --moodscope BIN --work DIR [--force] [--markdown FILE] [--only ID,ID]
"""
import argparse
import collections
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REFS = os.path.join(HERE, 'mood_references.tsv')
PAIRS = os.path.join(HERE, 'mood_pairs.tsv')

TARGET_EXPECT = 0.85
TARGET_PAIRS = 0.90
TARGET_LABEL_SHARE = 1.0 / 3.0
TARGET_QUADRANTS = 4
TARGET_STATES = 5


def read_tsv(path):
    lines = [l.rstrip('\n') for l in open(path, encoding='utf-8') if l.strip() and not l.startswith('#')]
    head = lines[0].split('\t')
    return [dict(zip(head, l.split('\t'))) for l in lines[1:]]


def audio_file(work, row):
    """The file moodscope reads: the installed one, or a zip member / Opus stream made readable."""
    path = row['path']
    if '!' in path:
        arc, member = path.split('!', 1)
        out = os.path.join(work, 'audio', row['track'] + os.path.splitext(member)[1])
        if not os.path.exists(out):
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with open(out + '.tmp', 'wb') as f:
                subprocess.run(['unzip', '-p', arc, member], stdout=f, check=True)
            os.replace(out + '.tmp', out)
        return out
    if path.endswith('.opus'):  # JUCE reads no Opus: decode at its own rate, level untouched
        out = os.path.join(work, 'audio', row['track'] + '.wav')
        if not os.path.exists(out):
            os.makedirs(os.path.dirname(out), exist_ok=True)
            subprocess.run(['opusdec', '--quiet', '--rate', '48000', path, out + '.tmp.wav'], check=True)
            os.replace(out + '.tmp.wav', out)
        return out
    return path


def analyze(moodscope, work, row, force):
    out = os.path.join(work, 'out', row['track'] + '.jsonl')
    if force or not os.path.exists(out) or os.path.getmtime(out) < os.path.getmtime(moodscope):
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out + '.tmp', 'w') as f:
            subprocess.run([moodscope, 'analyze', '--jobs', '1', audio_file(work, row)], stdout=f, check=True)
        os.replace(out + '.tmp', out)
    frames, summary = [], None
    for line in open(out, encoding='utf-8'):
        obj = json.loads(line)
        if obj.get('type') == 'frame':
            frames.append(obj)
        elif obj.get('type') == 'summary':
            summary = obj
    return frames, summary


def check(expectation, mood):
    """True when the whole-file mood meets one expectation of the references."""
    kind, want = expectation.split(':', 1)
    label = mood['label'].split()
    if kind == 'arousal':
        return (mood['arousal'] >= 0.5) == (want == 'high')
    if kind == 'valence':
        return (mood['valence'] >= 0.5) == (want == 'pos')
    if kind == 'energy':
        word = label[0]
        return word == want if not want.startswith('not-') else word != want[4:]
    if kind == 'bright':
        word = label[1]
        return word == want if not want.startswith('not-') else word != want[4:]
    if kind == 'quadrant':
        return mood['quadrant'] == want
    if kind == 'state':
        return mood['state'] in want.split('|')
    raise ValueError('unknown expectation ' + expectation)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--moodscope', required=True)
    ap.add_argument('--work', required=True)
    ap.add_argument('--force', action='store_true')
    ap.add_argument('--markdown')
    ap.add_argument('--only')
    args = ap.parse_args()

    refs = read_tsv(REFS)
    if args.only:
        keep = set(args.only.split(','))
        refs = [r for r in refs if r['track'] in keep]
    pairs = read_tsv(PAIRS)

    moods, frame_states = {}, collections.Counter()
    rows = []
    met = total = 0
    for r in refs:
        frames, summary = analyze(args.moodscope, args.work, r, args.force)
        if summary is None:
            print(f"{r['track']}: no summary", file=sys.stderr)
            return 1
        m = summary['mood']
        m['bpm'] = summary['fingerprint'].get('tempo_bpm') or 0.0
        m['lufs'] = summary['fingerprint'].get('lufs') or -70.0
        moods[r['track']] = m
        track_states = collections.Counter(f['mood']['state'] for f in frames
                                           if f.get('mood') and not f.get('warming_up'))
        frame_states.update(track_states)
        m['live_state'] = track_states.most_common(1)[0][0] if track_states else 'none'
        missed = [e for e in r['expect'].split() if not check(e, m)]
        met += len(r['expect'].split()) - len(missed)
        total += len(r['expect'].split())
        rows.append((r, m, missed))

    head = ('| track | genre | LUFS | BPM | energy | arousal | valence | bright | label | quadrant | state '
            '| live state | missed |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|')
    lines = [head]
    for r, m, missed in rows:
        lines.append(f"| {r['track']} | {r['genre']} | {m['lufs']:.1f} | {m['bpm']:.0f} | {m['energy']:.2f} | "
                     f"{m['arousal']:.2f} | {m['valence']:.2f} | {m['brightness']:.2f} | {m['label']} | "
                     f"{m['quadrant']} | {m['state']} | {m['live_state']} | {' '.join(missed) or '–'} |")

    right, wrong = 0, []
    for p in pairs:
        if p['a'] not in moods or p['b'] not in moods:
            continue
        a, b = moods[p['a']][p['metric']], moods[p['b']][p['metric']]
        if a > b:
            right += 1
        else:
            wrong.append(f"{p['a']} > {p['b']} ({p['metric']} {a:.2f} vs {b:.2f})")
    n_pairs = right + len(wrong)

    labels = collections.Counter(m['label'] for m in moods.values())
    quadrants = collections.Counter(m['quadrant'] for m in moods.values())
    states = collections.Counter(m['state'] for m in moods.values())
    live_states = collections.Counter(m['live_state'] for m in moods.values())
    n = len(moods)
    expect_share = met / total if total else 0.0
    pair_share = right / n_pairs if n_pairs else 0.0
    top_label_share = max(labels.values()) / n if n else 1.0

    def spread(c):
        return ', '.join(f'{k} {v}' for k, v in c.most_common())

    lines += ['',
              f'expectations met: {met}/{total} = {expect_share:.0%} (target >= {TARGET_EXPECT:.0%})',
              f'ordered pairs right: {right}/{n_pairs} = {pair_share:.0%} (target >= {TARGET_PAIRS:.0%})'
              + (('; wrong: ' + '; '.join(wrong)) if wrong else ''),
              f'labels ({len(labels)} used, top share {top_label_share:.0%}, target <= 33%): {spread(labels)}',
              f'quadrants ({len(quadrants)} used, target 4): {spread(quadrants)}',
              f'states of the summaries ({len(states)} used; a summary has no history, so never build, peak, '
              f'breakdown): {spread(states)}',
              f'most frequent live state of each track ({len(live_states)} used, target >= 5): {spread(live_states)}',
              f'states of all rolling updates: {spread(frame_states)}']
    text = '\n'.join(lines)
    print(text)
    if args.markdown:
        with open(args.markdown, 'w', encoding='utf-8') as f:
            f.write(text + '\n')
    ok = (expect_share >= TARGET_EXPECT and pair_share >= TARGET_PAIRS and top_label_share <= TARGET_LABEL_SHARE
          and len(quadrants) >= TARGET_QUADRANTS and len(live_states) >= TARGET_STATES)
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
