"""The only place that talks to py-fsrs.

Fuzzing is switched off on purpose: with it, the same review log could replay
to different due dates, the interval shown on a rating button could differ
from the one applied, and undo/replay would not be exact. Decks here are a few
hundred cards, where fuzz's load-spreading matters little.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from functools import lru_cache

from fsrs import Card, Rating, Scheduler, State

from quizapp.review.timeutil import from_ms, to_ms

LEECH_LAPSES = 8  # Anki's default leech threshold


class Phase(StrEnum):
    """Where an item is in its life; `new` means never reviewed."""

    NEW = "new"
    LEARNING = "learning"
    REVIEW = "review"
    RELEARNING = "relearning"


_PHASE_OF_STATE = {
    State.Learning: Phase.LEARNING,
    State.Review: Phase.REVIEW,
    State.Relearning: Phase.RELEARNING,
}


@dataclass(frozen=True)
class Schedule:
    """An item's scheduling state, exactly as stored in `items`."""

    state: int | None = None  # fsrs.State value; None while new
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due_ms: int | None = None
    last_review_ms: int | None = None
    reps: int = 0
    lapses: int = 0

    @property
    def phase(self) -> Phase:
        return Phase.NEW if self.state is None else _PHASE_OF_STATE[State(self.state)]

    @property
    def is_leech(self) -> bool:
        return self.lapses >= LEECH_LAPSES

    def to_json_dict(self) -> dict[str, object]:
        return {
            "state": self.state,
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due_ms": self.due_ms,
            "last_review_ms": self.last_review_ms,
            "reps": self.reps,
            "lapses": self.lapses,
        }

    @classmethod
    def from_json_dict(cls, data: dict[str, object]) -> Schedule:
        # The undo snapshot carries a few extra bookkeeping keys; skip them.
        return cls(**{k: v for k, v in data.items() if k in _SCHEDULE_FIELDS})  # type: ignore[arg-type]


_SCHEDULE_FIELDS = frozenset(Schedule.__dataclass_fields__)


@lru_cache(maxsize=8)
def scheduler_for(desired_retention: float) -> Scheduler:
    return Scheduler(desired_retention=desired_retention, enable_fuzzing=False)


def _to_card(item_id: int, sched: Schedule, when_ms: int) -> Card:
    # card_id is always given: Card() without one sleeps 1 ms to invent an id.
    if sched.state is None:
        return Card(card_id=item_id, due=from_ms(when_ms))
    return Card(
        card_id=item_id,
        state=State(sched.state),
        step=sched.step,
        stability=sched.stability,
        difficulty=sched.difficulty,
        due=from_ms(sched.due_ms) if sched.due_ms is not None else from_ms(when_ms),
        last_review=from_ms(sched.last_review_ms) if sched.last_review_ms is not None else None,
    )


def apply_rating(
    item_id: int,
    sched: Schedule,
    rating: Rating,
    when_ms: int,
    *,
    desired_retention: float,
    duration_ms: int | None = None,
) -> Schedule:
    """The schedule after answering `rating` at `when_ms` (pure function)."""
    card = _to_card(item_id, sched, when_ms)
    new, _log = scheduler_for(desired_retention).review_card(
        card, Rating(rating), review_datetime=from_ms(when_ms), review_duration=duration_ms
    )
    # A lapse is forgetting a card that had graduated to Review (Anki's sense).
    lapsed = sched.state == State.Review and Rating(rating) == Rating.Again
    due_ms = to_ms(new.due)
    if Rating(rating) == Rating.Easy and new.state == State.Review:
        # As Anki does: Easy always waits longer than Good. Leaving learning,
        # FSRS can give both the same day ("3 Good 1d  4 Easy 1d"), which makes
        # Easy a lie; here it is one day past Good instead.
        good = apply_rating(item_id, sched, Rating.Good, when_ms, desired_retention=desired_retention)
        if good.state == State.Review and good.due_ms is not None and due_ms <= good.due_ms:
            due_ms = good.due_ms + 86_400_000
    return replace(
        sched,
        state=int(new.state),
        step=new.step,
        stability=new.stability,
        difficulty=new.difficulty,
        due_ms=due_ms,
        last_review_ms=when_ms,
        reps=sched.reps + 1,
        lapses=sched.lapses + (1 if lapsed else 0),
    )


def preview(
    item_id: int, sched: Schedule, when_ms: int, *, desired_retention: float
) -> dict[Rating, timedelta]:
    """Interval each rating would give now, for Anki-style button labels."""
    out: dict[Rating, timedelta] = {}
    for rating in Rating:
        after = apply_rating(item_id, sched, rating, when_ms, desired_retention=desired_retention)
        assert after.due_ms is not None
        out[rating] = timedelta(milliseconds=after.due_ms - when_ms)
    return out


def retrievability(sched: Schedule, when: datetime, *, desired_retention: float = 0.9) -> float:
    """Predicted recall probability now (0 for new items)."""
    if sched.state is None:
        return 0.0
    card = _to_card(0, sched, to_ms(when))
    return float(scheduler_for(desired_retention).get_card_retrievability(card, when))


def format_interval(delta: timedelta) -> str:
    """Compact label for a rating button: 1m, 10m, 3h, 4d, 2.1mo, 1.3y."""
    seconds = delta.total_seconds()
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


def interval_labels(deltas: dict[Rating, timedelta]) -> dict[Rating, str]:
    """Button labels for a preview; two different intervals never share a label.

    Rounding to months can make 60 and 61 days both "2.0mo": such a pair is
    shown in whole days (or hours) instead.
    """
    labels = {rating: format_interval(delta) for rating, delta in deltas.items()}
    ratings = sorted(deltas)
    for low, high in zip(ratings, ratings[1:], strict=False):
        if labels[low] == labels[high] and deltas[low] != deltas[high]:
            for rating in (low, high):
                seconds = deltas[rating].total_seconds()
                labels[rating] = f"{seconds / 86400:.0f}d" if seconds >= 2 * 86400 else f"{seconds / 3600:.0f}h"
    return labels
