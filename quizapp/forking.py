"""Whether this process may fork without exec: one check for the grader and the app.

`quizapp grade` forks its child once numpy is imported (grading/spawn.py), and the app
forks a child to compute home's first counts (tui/preload.py). A fork copies only the
calling thread: a lock another thread held at that moment stays locked for ever in the
child. So both fork only on Linux (the sandbox is Linux-only; elsewhere a fork of a
process with numpy or system frameworks loaded is not safe) and only with one thread,
C libraries' threads included (a BLAS pool is invisible to `threading`).

Standard library only, nothing imported beyond os and sys: the grader checks this
before it has imported anything slow.
"""

from __future__ import annotations

import os
import sys


def native_threads() -> int:
    """Threads of this process, C ones included; -1 when unknown."""
    try:
        with open("/proc/self/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return int(fields[17])  # num_threads, field 20 of proc(5)
    except (OSError, IndexError, ValueError):
        return -1


def fork_is_safe() -> bool:
    """Linux, and exactly one thread in this process (unknown counts as more)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and native_threads() == 1
