# SPDX-License-Identifier: GPL-3.0-or-later
"""What the bench tests share: bench/ on the import path, one printed line per check, and an exit
status that fails when any check did."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'bench'))

failures = 0


def check(what, ok, detail):
    global failures
    print('%s %s (%s)' % ('ok  ' if ok else 'FAIL', what, detail))
    failures += 0 if ok else 1


def finish(name=None):
    if name:
        print('%s: %d failed' % (name, failures))
    sys.exit(1 if failures else 0)
