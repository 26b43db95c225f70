"""Numbers for `quizapp stats`: history, retention, streak, forecast, leeches.

Totals, per-deck/tag mastery and per-day activity come from summary tables
that triggers keep exact (see schema.py); the rest are indexed range
queries. So the cost follows the size of the answer (days, decks, due
items), not the number of cards or reviews ever made.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from fsrs import State

from quizapp.review.scheduling import LEECH_LAPSES
from quizapp.review.schema import MATURE_STABILITY_DAYS
from quizapp.review.store import ReviewStore, study_day_number
from quizapp.review.timeutil import day_start, local_day, to_ms, utc

HISTORY_DAYS = 30
FORECAST_DAYS = 7
_SCHEDULED = (int(State.Learning), int(State.Review), int(State.Relearning))


@dataclass(frozen=True)
class Mastery:
    cards: int
    seen: int
    mature: int  # stability of at least MATURE_STABILITY_DAYS

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
    last_mock_percent: int | None = None  # as the mock report shows it
    # Per day, oldest first: (date, recalled, reviews of cards already in review),
    # so retention can be drawn over time, not just as one 30-day figure.
    retention_per_day: list[tuple[str, int, int]] = field(default_factory=list)

    def retention_by_week(self) -> list[tuple[str, float | None]]:
        """Retention per 7-day block of the history window, oldest first (None: no reviews)."""
        out: list[tuple[str, float | None]] = []
        days = self.retention_per_day
        for start in range(len(days) % 7, len(days), 7):
            block = days[start : start + 7]
            recalled = sum(r for _, r, _ in block)
            reviewed = sum(n for _, _, n in block)
            out.append((block[0][0], recalled / reviewed if reviewed else None))
        return out

    @property
    def exercise_accept_rate(self) -> float | None:
        if not self.exercise_attempts:
            return None
        return self.attempts_accepted / self.exercise_attempts

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["exercise_accept_rate"] = self.exercise_accept_rate
        out["mature_stability_days"] = MATURE_STABILITY_DAYS
        out["reviews_per_day"] = [{"date": d, "reviews": n} for d, n in self.reviews_per_day]
        out["due_forecast"] = [{"date": d, "due": n} for d, n in self.due_forecast]
        for group in ("decks", "tags"):
            out[group] = {
                name: asdict(m) | {"mastery": round(m.mastery, 4)}
                for name, m in getattr(self, group).items()
            }
        out["leeches"] = [{"card": key, "lapses": n} for key, n in self.leeches]
        out["retention_per_day"] = [
            {"date": d, "recalled": r, "reviews": n} for d, r, n in self.retention_per_day
        ]
        out["retention_by_week"] = [{"from": d, "retention": v} for d, v in self.retention_by_week()]
        out["last_mock_score"] = (
            {"score": self.last_mock_score[0], "max": self.last_mock_score[1], "percent": self.last_mock_percent}
            if self.last_mock_score
            else None
        )
        return out


def compute_stats(
    store: ReviewStore, now: datetime | None = None, *, tz: tzinfo | None = None
) -> Stats:
    """All figures at `now`; `tz` (default: the store's) decides what "today" is."""
    now = utc(now)
    tz = tz if tz is not None else store.tz
    rollover = store.get_setting("day_rollover_hour")
    today = local_day(now, tz=tz, rollover_hour=rollover)
    today_n = study_day_number(now, tz=tz, rollover_hour=rollover)

    def start(day: date) -> int:
        return to_ms(day_start(day, tz=tz, rollover_hour=rollover))

    with store._read() as conn:

        def one(sql: str, *params: Any) -> Any:
            return conn.execute(sql, params).fetchone()[0]

        counters = dict(conn.execute("SELECT name, n FROM counters").fetchall())
        activity = {
            day: (reviews, review_state, recalled)
            for day, reviews, review_state, recalled in conn.execute(
                "SELECT day, reviews, review_state, recalled FROM daily_activity "
                "WHERE day > ? AND day <= ?",
                (today_n - HISTORY_DAYS, today_n),
            )
        }
        streak = 0
        for day in (today_n, today_n - 1):  # today may simply not be done yet
            row = conn.execute(
                "SELECT run_start FROM daily_activity WHERE day = ?", (day,)
            ).fetchone()
            if row:
                streak = day - row[0] + 1
                break

        forecast = []
        for i in range(FORECAST_DAYS):
            d = today + timedelta(days=i)
            low = 0 if i == 0 else start(d)  # today's figure includes the overdue
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
            deck: Mastery(cards, seen, mature)
            for deck, cards, seen, mature in conn.execute(
                "SELECT deck, cards, seen, mature FROM deck_totals WHERE cards > 0 ORDER BY deck"
            )
        }
        tags = {
            tag: Mastery(cards, seen, mature)
            for tag, cards, seen, mature in conn.execute(
                "SELECT tag, cards, seen, mature FROM tag_totals WHERE cards > 0 ORDER BY tag"
            )
        }

        attempts = one("SELECT count(*) FROM attempts")
        accepted_attempts = one(
            "SELECT count(*) FROM attempts WHERE verdict = 'accepted' AND gave_up = 0"
        )
        bests = dict(
            conn.execute(
                "SELECT exercise, min(time_used_ms) FROM attempts "
                "WHERE verdict = 'accepted' AND gave_up = 0 AND counts_for_best = 1 "
                "GROUP BY exercise ORDER BY exercise"
            ).fetchall()
        )
        solved = one("SELECT count(DISTINCT exercise) FROM attempts WHERE verdict = 'accepted' AND gave_up = 0")
        leeches = conn.execute(
            "SELECT key, lapses FROM items WHERE lapses >= ? AND kind = 'card' AND active = 1 "
            "ORDER BY lapses DESC, key",
            (LEECH_LAPSES,),
        ).fetchall()
        mock_count = one("SELECT count(*) FROM mock_sessions")
        last_finished = one("SELECT max(id) FROM mock_sessions WHERE finished_ms IS NOT NULL")
        # The percentage is the report's: the mean of the items' shares, not points over points.
        last_mock = conn.execute(
            "SELECT coalesce(sum(score), 0), coalesce(sum(max_score), 0), "
            "avg(CASE WHEN max_score > 0 THEN score / max_score ELSE 0 END) FROM mock_items "
            "WHERE session_id = ?",
            (last_finished,),
        ).fetchone()
    # "Due now" is what Home shows and `r` reviews: today's queue of cards (learning
    # steps a few minutes ahead included, the daily review limit applied).
    from quizapp.review.queue import build_queue

    due_now = sum(1 for entry in build_queue(store, now, tz=tz).due if entry.kind == "card")

    days = [today - timedelta(days=i) for i in range(HISTORY_DAYS - 1, -1, -1)]
    day_numbers = range(today_n - HISTORY_DAYS + 1, today_n + 1)
    per_day = [activity.get(n, (0, 0, 0))[0] for n in day_numbers]
    window_reviews = sum(v[1] for v in activity.values())
    window_recalled = sum(v[2] for v in activity.values())
    return Stats(
        reviews=counters.get("reviews", 0),
        cards_seen=counters.get("cards_seen", 0),
        due_now=due_now,
        exercise_attempts=attempts,
        exercises_accepted=solved,
        attempts_accepted=accepted_attempts,
        cards_active=sum(m.cards for m in decks.values()),
        cards_removed_with_history=counters.get("cards_removed", 0),
        true_retention=(window_recalled / window_reviews) if window_reviews else None,
        true_retention_reviews=window_reviews,
        streak_days=streak,
        reviewed_today=per_day[-1],
        reviews_per_day=[(d.isoformat(), n) for d, n in zip(days, per_day, strict=True)],
        retention_per_day=[
            (d.isoformat(), activity.get(n, (0, 0, 0))[2], activity.get(n, (0, 0, 0))[1])
            for d, n in zip(days, day_numbers, strict=True)
        ],
        due_forecast=forecast,
        decks=decks,
        tags=tags,
        personal_best_ms=bests,
        leeches=[(k, n) for k, n in leeches],
        rewritten=store.rewritten_cards(),
        mock_sessions=mock_count,
        last_mock_percent=round((last_mock[2] or 0.0) * 100) if last_finished is not None else None,
        last_mock_score=(
            (float(last_mock[0]), float(last_mock[1])) if last_finished is not None else None
        ),
    )
