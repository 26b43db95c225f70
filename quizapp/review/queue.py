"""Today's queue: due items first, then new ones up to the daily limits.

Everything is read through indices (due time, content position, first
review time), so building the queue costs what the queue holds, not what
the collection holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import NamedTuple

from fsrs import State

from quizapp.review.scheduling import Phase
from quizapp.review.store import ReviewStore, study_day_number
from quizapp.review.timeutil import day_start, from_ms, local_day, to_ms, utc

# Learning steps are minutes long; like Anki, show a learning card a little
# early rather than leave the user staring at an empty queue.
LEARN_AHEAD = timedelta(minutes=20)
_PHASES = {
    int(State.Learning): Phase.LEARNING,
    int(State.Review): Phase.REVIEW,
    int(State.Relearning): Phase.RELEARNING,
}


class QueueEntry(NamedTuple):
    # A NamedTuple, not a dataclass: a queue can hold hundreds of entries
    # and is rebuilt after every answer, so construction cost matters.
    kind: str  # "card" | "exercise"
    key: str
    phase: Phase
    due_ms: int | None  # None for new items

    @property
    def due(self) -> datetime | None:
        return None if self.due_ms is None else from_ms(self.due_ms)


@dataclass(frozen=True)
class Queue:
    due: tuple[QueueEntry, ...]
    new: tuple[QueueEntry, ...]

    @property
    def entries(self) -> tuple[QueueEntry, ...]:
        return self.due + self.new

    def __len__(self) -> int:
        return len(self.due) + len(self.new)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.entries)


def build_queue(
    store: ReviewStore,
    now: datetime | None = None,
    *,
    daily_new_limit: int | None = None,
    daily_new_exercises: int | None = None,
    daily_review_limit: int | None = None,
    deck: str | None = None,
    tag: str | None = None,
    learn_ahead: timedelta = LEARN_AHEAD,
    tz: tzinfo | None = None,
) -> Queue:
    """Build the queue at `now` (limits default to the stored settings).

    Only items the last `store.sync_content()` called active are included;
    a deck or tag filter applies to cards, so it leaves exercises out.
    """
    now = utc(now)
    tz = tz if tz is not None else store.tz
    settings = store.settings()
    new_limit = settings.daily_new_limit if daily_new_limit is None else daily_new_limit
    new_ex_limit = (
        settings.daily_new_exercises if daily_new_exercises is None else daily_new_exercises
    )
    review_limit = settings.daily_review_limit if daily_review_limit is None else daily_review_limit
    today = local_day(now, tz=tz, rollover_hour=settings.day_rollover_hour)
    start_ms = to_ms(day_start(today, tz=tz, rollover_hour=settings.day_rollover_hour))
    now_ms = to_ms(now)

    where, params = _filter(deck, tag)
    with store._read() as conn:
        row = conn.execute(
            "SELECT review_state FROM daily_activity WHERE day = ?",
            (study_day_number(now, tz=tz, rollover_hour=settings.day_rollover_hour),),
        ).fetchone()
        done_reviews = row[0] if row else 0
        # No GROUP BY here: it tempts the planner into a full scan of the
        # (kind, key) index instead of the short first_review_ms range.
        new_cards_today, new_exercises_today = conn.execute(
            "SELECT coalesce(sum(kind = 'card'), 0), coalesce(sum(kind = 'exercise'), 0) "
            "FROM items WHERE first_review_ms >= ?",
            (start_ms,),
        ).fetchone()
        learning = conn.execute(
            "SELECT kind, key, state, due_ms FROM items WHERE state IN (?, ?) AND active = 1 "
            f"AND due_ms <= ? {where} ORDER BY due_ms",
            (int(State.Learning), int(State.Relearning), now_ms + _ms(learn_ahead), *params),
        ).fetchall()
        reviews = conn.execute(
            "SELECT kind, key, state, due_ms FROM items WHERE state = ? AND active = 1 "
            f"AND due_ms <= ? {where} ORDER BY due_ms LIMIT ?",
            (int(State.Review), now_ms, *params, max(0, review_limit - done_reviews)),
        ).fetchall()
        new_cards = conn.execute(
            "SELECT kind, key FROM items WHERE kind = 'card' AND active = 1 AND state IS NULL "
            f"{where} ORDER BY position LIMIT ?",
            (*params, max(0, new_limit - new_cards_today)),
        ).fetchall()
        new_exercises: list[tuple[str, str]] = []
        if deck is None and tag is None:
            new_exercises = conn.execute(
                "SELECT kind, key FROM items WHERE kind = 'exercise' AND active = 1 "
                "AND state IS NULL ORDER BY position LIMIT ?",
                (max(0, new_ex_limit - new_exercises_today),),
            ).fetchall()

    due = sorted(learning + reviews, key=lambda r: r[3])  # stable: ties keep index order
    return Queue(
        due=tuple(
            QueueEntry(kind, key, _PHASES[state], due_ms) for kind, key, state, due_ms in due
        ),
        new=tuple(QueueEntry(kind, key, Phase.NEW, None) for kind, key in new_cards + new_exercises),
    )


def _filter(deck: str | None, tag: str | None) -> tuple[str, tuple[str, ...]]:
    clauses: list[str] = []
    params: list[str] = []
    if deck is not None:
        clauses.append("AND kind = 'card' AND deck = ?")
        params.append(deck)
    if tag is not None:
        clauses.append("AND id IN (SELECT item_id FROM item_tags WHERE tag = ?)")
        params.append(tag)
    return " ".join(clauses), tuple(params)


def _ms(delta: timedelta) -> int:
    return int(delta.total_seconds() * 1000)


def extra_new_cards(store: ReviewStore, count: int, *, deck: str | None = None, tag: str | None = None) -> list[str]:
    """Up to `count` never-seen cards of a deck or tag, in content order: Anki's
    "increase today's new card limit", for one session, past the daily limit."""
    where, params = _filter(deck, tag)
    with store._read() as conn:
        rows = conn.execute(
            "SELECT key FROM items WHERE kind = 'card' AND active = 1 AND state IS NULL "
            f"{where} ORDER BY position LIMIT ?",
            (*params, max(0, count)),
        ).fetchall()
    return [r[0] for r in rows]
