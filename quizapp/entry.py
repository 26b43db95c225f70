"""The `quizapp` command's entry point: `quizapp grade` gets a head start, the rest goes to cli.

A grade is mostly waiting for the child to start its interpreter and import numpy, so
the child is started before anything else is imported, and a plain `grade ID FILE
[--json] [--seed N]` line skips argparse altogether (see commands.plain_grade_args).
Every other command line, and any grade line that is not plain, is cli.main's.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing before the child starts
if TYPE_CHECKING:
    from quizapp.grading.spawn import Spawned


def run() -> None:
    """The console script (and `python -m quizapp`): main(), then exit with its code."""
    words = sys.argv[1:]
    code = main(words)
    if words[:1] == ["grade"]:
        _exit_at_once(code)
    sys.exit(code)


def _exit_at_once(code: int) -> None:
    """Exit without the interpreter's teardown, which costs ~60 ms once numpy is loaded.

    A finished grade has nothing left to tear down: the report is printed, the child is
    reaped, files are closed. Only the scratch folder's removal may still be running in
    a thread: it is waited for, then stdout and stderr are flushed.
    """
    import threading

    for thread in threading.enumerate():
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`| head`): nothing more to say
            stream.flush()
    os._exit(code)


def _start_child() -> Spawned:
    """The grader's child, started before anything else: a fork once numpy is in (Linux).

    Both processes need numpy, and on a small machine two imports side by side slow
    each other down; so numpy is imported once, here, and the child forked from this
    process before it has loaded anything else (spawn.fork says why that is safe).
    Where a fork is not safe (quizapp/forking.py), a fresh interpreter (spawn.spawn),
    started before numpy is imported here.
    """
    from quizapp.forking import fork_is_safe
    from quizapp.grading import spawn  # os, sys, json: nothing slow

    if not fork_is_safe():  # no fork to come: start the fresh interpreter before numpy here
        return spawn.spawn()
    # No BLAS threads in this process: the fork must not inherit a pool it cannot
    # use, and this process's own arithmetic is far too small to want one.
    os.environ.update(dict.fromkeys(spawn.THREAD_VARS, "1"))
    import numpy  # noqa: F401

    if spawn.can_fork():
        try:
            return spawn.fork()
        except OSError:  # out of processes or memory for a fork: a fresh interpreter may fit
            pass
    return spawn.spawn()


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if words[:1] != ["grade"]:
        from quizapp.cli import main as cli_main

        return cli_main(words)

    from quizapp.grading import commands

    try:
        if len(words) >= 3 and not {"-h", "--help"} & set(words):
            # No child now (out of processes, say): run_grade tries again, and reports a
            # judge_error if that fails too.
            with contextlib.suppress(OSError):
                commands.prestart(_start_child())
        args = commands.plain_grade_args(words)
        if args is None:
            from quizapp.cli import main as cli_main

            return cli_main(words)
        from quizapp.locations import check_data_home
        from quizapp.userinput import InputProblem, tolerate_undecodable_output

        tolerate_undecodable_output()

        try:
            check_data_home(writing=False)  # as cli.main does for every command
        except InputProblem as exc:
            print(f"quizapp: {exc}", file=sys.stderr)
            return exc.exit_code
        from quizapp.content import load_exercise

        return commands.run_grade(args, lambda exercise_id: load_exercise(exercise_id))
    except KeyboardInterrupt:
        print("quizapp: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `quizapp grade ... | head`
        return 0
    finally:
        commands.discard_prestarted()  # left only when the run ended before grading
