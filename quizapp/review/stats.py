"""Numbers for `quizapp stats`: history, retention, streak, forecast, leeches.

Each figure is an indexed range query or a scan of a covering index, so the
cost follows the size of the answer (days, decks, due items), not the
number of reviews ever made.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from fsrs import Rating, State

from quizapp.review.scheduling import LEECH_LAPSES
from quizapp.review.store import ReviewStore
from quizapp.review.timeutil import day_start, local_day, to_ms, utc

HISTORY_DAYS = 30
FORECAST_DAYS = 7
# Anki calls a card "mature" once its interval reaches 21 days; at the
# default retention FSRS intervals are close to stability, so we use that.
MATURE_STABILITY_DAYS = 21.0
_SCHEDULED = (int(State.Learning), int(State.Review), int(State.Relearning))


@dataclass(frozen=True)
class Mastery:
    cards: int
    seen: int
    mature: int

    @property
    def mastery(self) -> float:
        return self.mature / self.cards if self.cards else 0.0


@dataclass(frozen=True)
class Stats:
    reviews: int
    cards_seen: int
    due_now: int
    exercise_attempts: int
    exercises_accepted: int  # distinct exercises accepted at least once
    attempts_accepted: int
    cards_active: int
    cards_removed_with_history: int
    true_retention: float | None  # share of review-state recalls, last 30 days
    true_retention_reviews: int
    streak_days: int
    reviewed_today: int
    reviews_per_day: list[tuple[str, int]]  # oldest first, ISO dates
    due_forecast: list[tuple[str, int]]  # today (incl. overdue) and the next 6 days
    decks: dict[str, Mastery]
    tags: dict[str, Mastery]
    personal_best_ms: dict[str, int]
    leeches: list[tuple[str, int]]  # (card id, lapses)
    rewritten: list[str]
    mock_sessions: int
    last_mock_score: tuple[float, float] | None = field(default=None)

    @property
    def exercise_accept_rate(self) -> float | None:
        if not self.exercise_attempts:
            return None
        return self.attempts_accepted / self.exercise_attempts

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["exercise_accept_rate"] = self.exercise_accept_rate
        out["reviews_per_day"] = [{"date": d, "reviews": n} for d, n in self.reviews_per_day]
        out["due_forecast"] = [{"date": d, "due": n} for d, n in self.due_forecast]
        for group in ("decks", "tags"):
            out[group] = {
                name: asdict(m) | {"mastery": round(m.mastery, 4)}
                for name, m in getattr(self, group).items()
            }
        out["leeches"] = [{"card": key, "lapses": n} for key, n in self.leeches]
        out["last_mock_score"] = (
            {"score": self.last_mock_score[0], "max": self.last_mock_score[1]}
            if self.last_mock_score
            else None
        )
        return out


def compute_stats(
    store: ReviewStore, now: datetime | None = None, *, tz: tzinfo | None = None
) -> Stats:
    now = utc(now)
    rollover = store.get_setting("day_rollover_hour")
    today = local_day(now, tz=tz, rollover_hour=rollover)

    def start(day: date) -> int:
        return to_ms(day_start(day, tz=tz, rollover_hour=rollover))

    with store._read() as conn:

        def one(sql: str, *params: Any) -> Any:
            return conn.execute(sql, params).fetchone()[0]

        reviews = one("SELECT count(*) FROM review_log")
        cards_seen = one(
            "SELECT count(*) FROM items WHERE kind = 'card' AND active IN (0, 1) "
            "AND stability IS NOT NULL"
        )
        cards_active = one("SELECT count(*) FROM items WHERE kind = 'card' AND active = 1")
        removed = one(
            "SELECT count(*) FROM items WHERE kind = 'card' AND active = 0 "
            "AND stability IS NOT NULL"
        )
        due_now = one(
            "SELECT count(*) FROM items WHERE state IN (?, ?, ?) AND active = 1 AND due_ms <= ?",
            *_SCHEDULED,
            to_ms(now),
        )

        days = [today - timedelta(days=i) for i in range(HISTORY_DAYS - 1, -1, -1)]
        per_day = [
            one(
                "SELECT count(*) FROM review_log WHERE reviewed_ms >= ? AND reviewed_ms < ?",
                start(d),
                start(d + timedelta(days=1)),
            )
            for d in days
        ]
        streak = _streak(conn, today, per_day, start)

        window_start = start(days[0])
        recall_row = conn.execute(
            "SELECT count(*), coalesce(sum(rating != ?), 0) FROM review_log "
            "WHERE reviewed_ms >= ? AND prev_state = ?",
            (int(Rating.Again), window_start, int(State.Review)),
        ).fetchone()

        forecast = []
        for i in range(FORECAST_DAYS):
            d = today + timedelta(days=i)
            low = 0 if i == 0 else start(d)
            forecast.append(
                (
                    d.isoformat(),
                    one(
                        "SELECT count(*) FROM items WHERE state IN (?, ?, ?) AND active = 1 "
                        "AND due_ms >= ? AND due_ms < ?",
                        *_SCHEDULED,
                        low,
                        start(d + timedelta(days=1)),
                    ),
                )
            )

        decks = {
            deck: Mastery(total, seen, mature or 0)
            for deck, total, seen, mature in conn.execute(
                "SELECT deck, count(*), count(stability), sum(stability >= ?) FROM items "
                "WHERE kind = 'card' AND active = 1 GROUP BY deck ORDER BY deck",
                (MATURE_STABILITY_DAYS,),
            )
        }
        tags = {
            tag: Mastery(total, seen, mature or 0)
            for tag, total, seen, mature in conn.execute(
                "SELECT t.tag, count(*), count(i.stability), sum(i.stability >= ?) "
                "FROM item_tags t JOIN items i ON i.id = t.item_id "
                "WHERE i.kind = 'card' AND i.active = 1 GROUP BY t.tag ORDER BY t.tag",
                (MATURE_STABILITY_DAYS,),
            )
        }

        attempts = one("SELECT count(*) FROM attempts")
        accepted_attempts = one(
            "SELECT count(*) FROM attempts WHERE verdict = 'accepted' AND gave_up = 0"
        )
        bests = dict(
            conn.execute(
                "SELECT exercise, min(time_used_ms) FROM attempts "
                "WHERE verdict = 'accepted' AND gave_up = 0 GROUP BY exercise ORDER BY exercise"
            ).fetchall()
        )
        leeches = conn.execute(
            "SELECT key, lapses FROM items WHERE lapses >= ? AND kind = 'card' AND active = 1 "
            "ORDER BY lapses DESC, key",
            (LEECH_LAPSES,),
        ).fetchall()
        mock_count = one("SELECT count(*) FROM mock_sessions")
        last_mock = conn.execute(
            "SELECT coalesce(sum(score), 0), coalesce(sum(max_score), 0) FROM mock_items "
            "WHERE session_id = (SELECT max(id) FROM mock_sessions WHERE finished_ms IS NOT NULL)"
        ).fetchone()
        has_finished_mock = one("SELECT count(*) FROM mock_sessions WHERE finished_ms IS NOT NULL")

    return Stats(
        reviews=reviews,
        cards_seen=cards_seen,
        due_now=due_now,
        exercise_attempts=attempts,
        exercises_accepted=len(bests),
        attempts_accepted=accepted_attempts,
        cards_active=cards_active,
        cards_removed_with_history=removed,
        true_retention=(recall_row[1] / recall_row[0]) if recall_row[0] else None,
        true_retention_reviews=recall_row[0],
        streak_days=streak,
        reviewed_today=per_day[-1],
        reviews_per_day=[(d.isoformat(), n) for d, n in zip(days, per_day, strict=True)],
        due_forecast=forecast,
        decks=decks,
        tags=tags,
        personal_best_ms=bests,
        leeches=[(k, n) for k, n in leeches],
        rewritten=store.rewritten_cards(),
        mock_sessions=mock_count,
        last_mock_score=(float(last_mock[0]), float(last_mock[1])) if has_finished_mock else None,
    )


def _streak(conn: Any, today: date, per_day: list[int], start: Any) -> int:
    """Consecutive study days ending today (or yesterday, if today is not
    done yet: a streak is not broken before the day is over)."""
    counts = list(reversed(per_day))  # counts[0] is today
    first = 0 if counts[0] else 1
    streak = 0
    for n in counts[first:]:
        if not n:
            return streak
        streak += 1
    # The whole window was active: look further back, one indexed probe a day.
    day = today - timedelta(days=len(counts))
    while conn.execute(
        "SELECT 1 FROM review_log WHERE reviewed_ms >= ? AND reviewed_ms < ? LIMIT 1",
        (start(day), start(day + timedelta(days=1))),
    ).fetchone():
        streak += 1
        day -= timedelta(days=1)
    return streak
