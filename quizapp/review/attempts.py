"""Exercise attempts and code drafts (a mixin of ReviewStore).

An attempt is one go at an exercise that ended (accepted or given up), not a
single submission; its rating comes from that evidence and schedules the
exercise in the same transaction as the attempt is recorded.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from fsrs import Rating

from quizapp.review.dbcore import StoreCore
from quizapp.review.protocols import ExerciseInfo
from quizapp.review.ratings import rating_from_attempt
from quizapp.review.timeutil import from_ms, to_ms, utc

if TYPE_CHECKING:
    from quizapp.review.store import ReviewResult


@dataclass(frozen=True)
class Attempt:
    id: int
    exercise: str
    finished: datetime
    verdict: str
    passed: int
    total: int
    time_used_ms: int
    timed: bool
    hints_used: int
    failed_submissions: int
    gave_up: bool
    mode: str
    code: str
    counts_for_best: bool = True  # its time is a solve time (see record_attempt)

    @property
    def accepted(self) -> bool:
        return self.verdict == "accepted" and not self.gave_up


@dataclass(frozen=True)
class AttemptResult:
    attempt_id: int
    rating: Rating
    review: ReviewResult


_ATTEMPT_COLUMNS = (
    "id, exercise, finished_ms, verdict, passed, total, time_used_ms, timed, hints_used, "
    "failed_submissions, gave_up, mode, code, counts_for_best"
)

# After the model answer was shown (an attempt accepted or given up), a solve
# within this long is recall of that answer, not a solve: its time is no best time.
SOLUTION_MEMORY_MS = 12 * 3600 * 1000


class ExerciseRecords(StoreCore):
    def _review_in(self, conn: sqlite3.Connection, *args: object) -> ReviewResult:
        raise NotImplementedError  # provided by ReviewStore

    def record_attempt(
        self,
        exercise: ExerciseInfo,
        *,
        verdict: str,
        passed: int,
        total: int,
        time_used_ms: int,
        timed: bool,
        hints_used: int,
        code: str,
        failed_submissions: int = 0,
        gave_up: bool = False,
        mode: str = "drill",
        when: datetime | None = None,
        from_starter: bool = True,
    ) -> AttemptResult:
        """Store a finished attempt and schedule the exercise from its evidence.

        `from_starter`: the code was written in this sitting from the starter (not
        handed in from a draft filled earlier); only then is its time a best time.
        """
        rating = rating_from_attempt(
            verdict=verdict,
            failed_submissions=failed_submissions,
            hints_used=hints_used,
            time_used_ms=time_used_ms,
            time_limit_minutes=exercise.time_limit_minutes,
            gave_up=gave_up,
        )
        when_ms = to_ms(utc(when))
        with self._write() as conn:
            # The model answer shows after an accepted or given-up attempt (not after one
            # the clock ended, nor one left after failed submissions).
            last_ended = conn.execute(
                "SELECT max(finished_ms) FROM attempts WHERE exercise = ? AND (verdict = 'accepted' OR gave_up = 1)",
                (exercise.id,),
            ).fetchone()[0]
            solution_fresh = last_ended is not None and when_ms - last_ended < SOLUTION_MEMORY_MS
            counts = verdict == "accepted" and not gave_up and from_starter and not solution_fresh
            cur = conn.execute(
                "INSERT INTO attempts (exercise, finished_ms, verdict, passed, total, "
                "time_used_ms, timed, hints_used, code, failed_submissions, gave_up, mode, counts_for_best) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    exercise.id, when_ms, verdict, passed, total, time_used_ms, int(timed),
                    hints_used, code, failed_submissions, int(gave_up), mode, int(counts),
                ),
            )  # fmt: skip
            attempt_id = int(cur.lastrowid or 0)
            review = self._review_in(
                conn, "exercise", exercise.id, rating, mode, when_ms, time_used_ms, attempt_id
            )
        return AttemptResult(attempt_id, rating, review)

    def attempts(self, exercise_id: str | None = None) -> list[Attempt]:
        """Attempts, newest first (all exercises, or one)."""
        where, params = ("WHERE exercise = ?", (exercise_id,)) if exercise_id else ("", ())
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT {_ATTEMPT_COLUMNS} FROM attempts {where} ORDER BY id DESC", params
            ).fetchall()
        return [
            Attempt(
                r[0], r[1], from_ms(r[2]), r[3], r[4], r[5], r[6], bool(r[7]), r[8], r[9],
                bool(r[10]), r[11], r[12], bool(r[13]),
            )  # fmt: skip
            for r in rows
        ]

    def save_draft(self, exercise_id: str, code: str, *, when: datetime | None = None) -> None:
        """Keep the editor's text; committed at once so a crash keeps it."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO drafts (exercise, code, saved_ms) VALUES (?, ?, ?) "
                "ON CONFLICT (exercise) DO UPDATE SET code = excluded.code, "
                "saved_ms = excluded.saved_ms",
                (exercise_id, code, to_ms(utc(when))),
            )

    def load_draft(self, exercise_id: str, *, max_bytes: int | None = None) -> str | None:
        """The stored draft; None if there is none or it is longer than `max_bytes` (left stored, not read)."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT code FROM drafts WHERE exercise = ? AND (? IS NULL OR length(CAST(code AS BLOB)) <= ?)",
                (exercise_id, max_bytes, max_bytes),
            ).fetchone()
        return row[0] if row else None

    def delete_draft(self, exercise_id: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM drafts WHERE exercise = ?", (exercise_id,))
