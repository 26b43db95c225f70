"""Moving a retired card's review history onto the card that replaced it.

When content merges or renames cards, a deck lists `retired: {old-id: new-id}`.
The old card's answers are real work the user did, so they move to the new
card: the review log entries are re-pointed, and the new card's schedule is
recomputed by replaying all of its log (its own answers and the inherited
ones, in the order they were given). So `ReviewStore.replay(new)` still equals the stored
schedule, stats count the answers under the new card, and the queue
schedules the new card from the merged history.

The daily summaries need no change: a log entry keeps its day, rating and
`prev_state` (what the user's recall was at the time); only which item it
belongs to and its undo snapshot change. The old card's row is emptied and
removed once its log has moved, so the move happens exactly once.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Mapping

from fsrs import Rating

from quizapp.review.item_schedule import write_schedule
from quizapp.review.scheduling import Schedule, apply_rating


def retired_with_history(
    conn: sqlite3.Connection, retired: Mapping[str, str], live: Collection[str]
) -> dict[str, list[int]]:
    """Live replacement key -> row ids of retired cards that still hold history.

    A read: called on every content sync, it costs one indexed lookup per
    retired id, and nothing is written when there is nothing to move.
    """
    moves: dict[str, list[int]] = {}
    for old, new in retired.items():
        if old in live or new not in live:  # content check rejects these; never guess
            continue
        row = conn.execute(
            "SELECT id FROM items WHERE kind = 'card' AND key = ? "
            "AND EXISTS (SELECT 1 FROM review_log WHERE item_id = items.id)",
            (old,),
        ).fetchone()
        if row:
            moves.setdefault(new, []).append(row[0])
    return moves


def absorb(conn: sqlite3.Connection, new_key: str, old_ids: list[int]) -> None:
    """Inside a write transaction: give `new_key` the log of `old_ids`, and replay it."""
    target = conn.execute(
        "SELECT id, reviewed_hash FROM items WHERE kind = 'card' AND key = ?", (new_key,)
    ).fetchone()
    if target is None:  # the sync inserts every live card before this runs
        raise LookupError(new_key)
    target_id, target_hash = target
    ids = [target_id, *old_ids]
    marks = ", ".join("?" * len(ids))
    logs = conn.execute(
        f"SELECT l.id, l.item_id, l.rating, l.reviewed_ms, l.duration_ms, l.retention, i.reviewed_hash "
        f"FROM review_log l JOIN items i ON i.id = l.item_id WHERE l.item_id IN ({marks}) "
        "ORDER BY l.id",  # the order answers were given in, as replay() and undo read it
        ids,
    ).fetchall()
    # The hash the newest answer was given under: if it is not the new card's
    # text, stats list the card as rewritten since its last review, which is true.
    latest_hash = target_hash if target_hash is not None else logs[-1][6] if logs else None
    sched = Schedule()
    first_ms: int | None = None
    for log_id, _item, rating, reviewed_ms, duration_ms, retention, _hash in logs:
        prev = sched.to_json_dict() | {
            "reviewed_hash": latest_hash if first_ms is not None else None,
            "first_review_ms": first_ms,
        }
        conn.execute(
            "UPDATE review_log SET item_id = ?, prev = ? WHERE id = ?",
            (target_id, json.dumps(prev), log_id),
        )
        sched = apply_rating(
            target_id, sched, Rating(rating), reviewed_ms,
            desired_retention=retention, duration_ms=duration_ms,
        )  # fmt: skip
        first_ms = reviewed_ms if first_ms is None else first_ms
    write_schedule(conn, target_id, sched, reviewed_hash=latest_hash, first_review_ms=first_ms)
    for old_id in old_ids:
        # Emptied first, through the triggers, so the summaries drop what it counted.
        conn.execute(
            "UPDATE items SET active = 0, state = NULL, step = NULL, stability = NULL, "
            "difficulty = NULL, due_ms = NULL, last_review_ms = NULL, reps = 0, lapses = 0, "
            "reviewed_hash = NULL, first_review_ms = NULL WHERE id = ?",
            (old_id,),
        )
        conn.execute("DELETE FROM item_tags WHERE item_id = ?", (old_id,))
        conn.execute("DELETE FROM items WHERE id = ?", (old_id,))
