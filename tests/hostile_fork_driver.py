"""Grades tests/hostile/ with forked children, as `quizapp grade` does; prints JSON.

Run by tests/test_hostile.py in a process of its own (a fork needs a process with one
thread, which pytest's is not guaranteed to be). Arguments: the placeholders' values
(JSON), the canary (on this command line on purpose: the forks must forget it), and
`--user`: as root, drop to an ordinary user (uid 65534) before forking the children,
after warming every import a grade needs (the interpreter may live where that user
cannot read). Output: one line, {file name: the fields of test_hostile.Run}.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quizapp.grading.spawn import THREAD_VARS  # noqa: E402

# As `quizapp grade` does (quizapp/entry.py): no BLAS thread pool, or there would be
# more than one thread and fork would not be safe.
os.environ.update(dict.fromkeys(THREAD_VARS, "1"))

import numpy  # noqa: E402, F401 - spawn.fork forks a process that has numpy

from tests import test_hostile  # noqa: E402

if "--user" in sys.argv[3:] and os.geteuid() == 0:
    test_hostile.become_unprivileged()
runs = test_hostile.grade_all_forked(json.loads(sys.argv[1]))
print(json.dumps({name: dataclasses.asdict(run) for name, run in runs.items()}))
