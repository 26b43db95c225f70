"""`quizapp grade` and the exercise half of `quizapp check`, for quizapp/cli.py.

Light at import time on purpose (no numpy, no engine): `quizapp --help` imports this
module to add the arguments. The engine is imported when a command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizapp.grading.checks import CheckResult
    from quizapp.grading.runner import Child

EXIT_ACCEPTED, EXIT_NOT_ACCEPTED, EXIT_USAGE = 0, 1, 2
MAX_SOURCE_BYTES = 1 * 2**20

_prestarted: Child | None = None


def add_grade_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("exercise_id", metavar="EXERCISE_ID", help="the exercise, as `quizapp list` shows it")
    parser.add_argument("file", metavar="FILE", type=Path, help="your solution, one Python file")
    parser.add_argument("--json", action="store_true", help="print one JSON object (CONTRACT section 1)")
    parser.add_argument(
        "--seed", type=_seed, default=None, metavar="N", help="reuse the seed a report printed, to reproduce it"
    )


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError("the seed must be between 0 and 2**63 - 1")
    return value


def prestart() -> None:
    """Start the child now (it imports numpy while the caller loads the catalog).

    Optional: the CLI may call this before loading content; run_grade uses the child.
    """
    global _prestarted
    if _prestarted is None:
        from quizapp.grading.runner import Child

        _prestarted = Child()


def _take_prestarted() -> Child | None:
    global _prestarted
    child, _prestarted = _prestarted, None
    return child


def _usage(message: str) -> int:
    child = _take_prestarted()
    if child is not None:
        child.discard()
    print(f"quizapp grade: {message}", file=sys.stderr)
    return EXIT_USAGE


def run_grade(args: argparse.Namespace, exercise_lookup: Callable[[str], Any]) -> int:
    """Grade args.file against args.exercise_id; print the report; 0 accepted, 1 not, 2 usage."""
    started = time.monotonic()
    path: Path = args.file
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return _usage(f"cannot read {path}: {exc.strerror or exc}")
    if len(raw) > MAX_SOURCE_BYTES:
        return _usage(f"{path} is larger than {MAX_SOURCE_BYTES // 1024} KiB")
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _usage(f"{path} is not UTF-8 text")
    if _prestarted is None:
        prestart()  # numpy starts loading in the child while we look the exercise up
    exercise = exercise_lookup(args.exercise_id)
    if exercise is None:
        return _usage(f"unknown exercise '{args.exercise_id}' (see `quizapp list`)")

    from quizapp.grading.engine import grade
    from quizapp.grading.report import CaseResult, GradeReport

    child = _take_prestarted()
    try:
        report = grade(exercise, source, seed=args.seed, filename=path.name, child=child)
    except Exception as exc:  # a bug of ours: say so in the contract's words, never crash
        if child is not None:
            child.discard()
        report = GradeReport(
            args.exercise_id, "judge_error", [], seed=args.seed, message=f"{type(exc).__name__}: {exc}"
        )
        report.cases = [CaseResult("grader", "judge_error", True, report.message)]
    report.time_ms = round((time.monotonic() - started) * 1000)
    if getattr(args, "json", False):
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print(report.to_text())
    return EXIT_ACCEPTED if report.accepted else EXIT_NOT_ACCEPTED


def check_exercises(exercises: Iterable[Any], repo_tests_dir: Path | None) -> list[CheckResult]:
    """Reference accepted, starter rejected, variants recognised, mutants rejected, alternatives accepted."""
    from quizapp.grading.checks import check_exercises as run_checks

    return run_checks(exercises, repo_tests_dir)
