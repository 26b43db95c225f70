"""Grading: hidden-case judging of a user's file against the references in solutions/.

Import-light on purpose: `grade` and `GradeWorker` load the engine (and numpy) on first
use, so `quizapp --help` and the content loader never pay for them.
"""

from __future__ import annotations

# typing.TYPE_CHECKING without importing typing (with the re module it pulls in, ~15 ms):
# `quizapp grade` starts its child through this package, and every ms before counts.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from quizapp.grading.report import GradeReport
    from quizapp.grading.worker import GradeWorker

__all__ = ["GradeReport", "GradeWorker", "grade"]


def grade(exercise: Any, source: str, *, samples_only: bool = False, seed: int | None = None) -> GradeReport:
    """Grade `source` (one Python module) against `exercise`; samples only for a quick "Run"."""
    from quizapp.grading.engine import grade as run

    return run(exercise, source, samples_only=samples_only, seed=seed)


def __getattr__(name: str) -> Any:
    if name == "GradeWorker":
        from quizapp.grading.worker import GradeWorker

        return GradeWorker
    if name == "GradeReport":
        from quizapp.grading.report import GradeReport

        return GradeReport
    raise AttributeError(name)
