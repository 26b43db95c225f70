"""Writing an item's schedule row: one statement for rating, undo and the retired-card replay."""

from __future__ import annotations

import sqlite3

from quizapp.review.scheduling import Schedule


def write_schedule(
    conn: sqlite3.Connection,
    item_id: int,
    sched: Schedule,
    *,
    reviewed_hash: str | None,
    first_review_ms: int | None,
    keep_first_review: bool = False,
) -> None:
    """Store `sched` on the item; `keep_first_review` leaves an earlier first review in place (a rating)."""
    first = "coalesce(first_review_ms, ?)" if keep_first_review else "?"
    conn.execute(
        "UPDATE items SET state = ?, step = ?, stability = ?, difficulty = ?, due_ms = ?, "
        f"last_review_ms = ?, reps = ?, lapses = ?, reviewed_hash = ?, first_review_ms = {first} WHERE id = ?",
        (
            sched.state, sched.step, sched.stability, sched.difficulty, sched.due_ms,
            sched.last_review_ms, sched.reps, sched.lapses, reviewed_hash, first_review_ms, item_id,
        ),
    )  # fmt: skip
