"""A warm grader for the app: a spare child that has already imported numpy.

Every grade still runs in a fresh process (no state survives from one submission to the
next); what the worker saves is the interpreter and numpy start-up, by starting the next
child as soon as one is used. The spare holds nothing: no source, no reference, no
expected value, until the moment its job is handed over.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from quizapp.grading.engine import ExerciseLike, grade, load_reference
from quizapp.grading.messages import text
from quizapp.grading.report import GradeReport
from quizapp.grading.runner import Child


class GradeWorker:
    """Thread-safe; the TUI calls `grade` from a worker thread."""

    def __init__(self, *, start: bool = True) -> None:
        self._lock = threading.Lock()
        self._spare: Child | None = None
        self._references: dict[str, Any] = {}
        self._closed = False
        if start:
            self.warm()

    def warm(self) -> None:
        """Make sure a spare child is starting or ready."""
        with self._lock:
            if self._closed:
                return
            if self._spare is not None and not self._spare.alive():
                self._spare.discard()
                self._spare = None
            if self._spare is None:
                self._spare = Child()

    def wait_ready(self, timeout: float = 15.0) -> bool:
        """Block until the spare has imported numpy and locked down (benchmarks, tests)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                spare = self._spare
            if spare is not None:
                return spare.wait_ready(max(0.0, deadline - time.monotonic()))
            time.sleep(0.002)  # the background thread is still starting it
        return False

    def grade(
        self,
        exercise: ExerciseLike,
        source: str,
        *,
        samples_only: bool = False,
        seed: int | None = None,
        filename: str = "solution.py",
    ) -> GradeReport:
        with self._lock:
            child, self._spare = self._spare, None
            reference = self._references.get(exercise.reference)
        try:
            if reference is None:
                reference = load_reference(exercise.reference)
                with self._lock:
                    self._references[exercise.reference] = reference
            return grade(
                exercise,
                source,
                samples_only=samples_only,
                seed=seed,
                filename=filename,
                child=child,
                reference=reference,
            )
        except Exception as exc:  # noqa: BLE001 - never raise into the app (issue 14)
            if child is not None:
                child.discard()
            message = text("grader_crashed", detail=type(exc).__name__)
            return GradeReport(exercise.id, "judge_error", [], message=message)
        finally:
            # The next spare starts off the caller's clock (fork+exec is ~10 ms).
            threading.Thread(target=self.warm, daemon=True).start()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            spare, self._spare = self._spare, None
        if spare is not None:
            spare.discard()

    def __enter__(self) -> GradeWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
