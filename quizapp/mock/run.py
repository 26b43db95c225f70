"""A mock interview in progress: the clock, the answers, and what they do to the schedule.

Every answer is written to the store the moment it is given (a crash keeps
them), and also feeds the review engine: theory self-grades and choice answers
reschedule their cards, so the weakest cards of a session come back sooner.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from fsrs import Rating

from quizapp.content.model import ChoiceCard, Exercise, QACard
from quizapp.mock.plan import MockPlan
from quizapp.review.store import ReviewStore

Clock = Callable[[], datetime]

MOCK_TITLE = "mock interview"


def _now() -> datetime:
    return datetime.now(UTC)


def theory_rating(covered: int, total: int) -> Rating:
    """Self-graded recall: every key point -> Good, at least half -> Hard, else Again."""
    if total <= 0 or covered >= total:
        return Rating.Good
    return Rating.Hard if covered * 2 >= total else Rating.Again


@dataclass
class MockRun:
    store: ReviewStore
    plan: MockPlan
    clock: Clock = _now
    session_id: int = 0
    started: datetime = field(default_factory=_now)
    _item_started: datetime = field(default_factory=_now)

    @classmethod
    def start(cls, store: ReviewStore, plan: MockPlan, *, clock: Clock = _now) -> MockRun:
        now = clock()
        session_id = store.start_mock(title=MOCK_TITLE, when=now, time_limit_minutes=plan.total_minutes)
        return cls(store, plan, clock, session_id, now, now)

    # --- time ---------------------------------------------------------------------

    @property
    def limit_seconds(self) -> float:
        return self.plan.total_minutes * 60.0

    def elapsed_seconds(self) -> float:
        return (self.clock() - self.started).total_seconds()

    def remaining_seconds(self) -> float:
        return max(0.0, self.limit_seconds - self.elapsed_seconds())

    @property
    def expired(self) -> bool:
        return self.remaining_seconds() <= 0

    def begin_item(self) -> None:
        """Start timing the next item (called when it is shown)."""
        self._item_started = self.clock()

    def _item_ms(self) -> int:
        return max(0, int((self.clock() - self._item_started).total_seconds() * 1000))

    # --- answers ------------------------------------------------------------------

    def answer_theory(self, card: QACard, covered: Sequence[int], text: str = "") -> float:
        """Self-grade against the card's key points (indices of the ones covered)."""
        total = len(card.key_points)
        hit = len({i for i in covered if 0 <= i < total})
        used = self._item_ms()
        self.store.record_mock_item(
            self.session_id,
            item_kind="card",
            item_key=card.id,
            score=hit,
            max_score=total,
            time_used_ms=used,
            answer_text=text.strip() or None,
        )
        self.store.review(card.id, theory_rating(hit, total), mode="mock", when=self.clock(), duration_ms=used)
        return hit / total if total else 1.0

    def answer_choice(self, card: ChoiceCard, picked: Sequence[int]) -> bool:
        correct = set(picked) == set(card.correct)
        used = self._item_ms()
        self.store.record_mock_item(
            self.session_id,
            item_kind="choice",
            item_key=card.id,
            score=1.0 if correct else 0.0,
            max_score=1.0,
            time_used_ms=used,
        )
        rating = Rating.Good if correct else Rating.Again
        self.store.review(card.id, rating, mode="mock", when=self.clock(), duration_ms=used)
        return correct

    def answer_exercise(self, *, verdict: str, passed: int, total: int, code: str, hints_used: int = 0) -> float:
        """Record the coding item from the grader's verdict (an attempt, scheduled from evidence)."""
        exercise = self.plan.exercise
        if exercise is None:
            raise ValueError("this mock interview has no coding exercise")
        used = self._item_ms()
        score = passed / total if total else 0.0
        self.store.record_mock_item(
            self.session_id,
            item_kind="exercise",
            item_key=exercise.id,
            score=score,
            max_score=1.0,
            time_used_ms=used,
        )
        self.store.record_attempt(
            exercise,
            verdict=verdict,
            passed=passed,
            total=total,
            time_used_ms=used,
            timed=True,
            hints_used=hints_used,
            code=code,
            mode="mock",
            when=self.clock(),
        )
        return score

    def skip(
        self, item: QACard | ChoiceCard | Exercise, *, answer_text: str | None = None, shown: bool = False
    ) -> None:
        """An item the interview ended on or never reached: it scores 0.

        `shown`: it was on screen when time ran out or the user ended (its time
        counts and what was typed is kept); otherwise it was never reached. It is
        not reviewed either way: an unfinished answer says nothing sure about memory,
        but the report must not look better than the interview went.
        """
        if isinstance(item, QACard):
            kind, max_score = "card", float(len(item.key_points))
        elif isinstance(item, ChoiceCard):
            kind, max_score = "choice", 1.0
        else:
            kind, max_score = "exercise", 1.0
        self.store.record_mock_item(
            self.session_id,
            item_kind=kind,
            item_key=item.id,
            score=0.0,
            max_score=max_score,
            time_used_ms=self._item_ms() if shown else 0,
            answer_text=(answer_text or "").strip() or None,
            answered=False,
        )

    def finish(self):  # -> MockSession
        return self.store.finish_mock(self.session_id, when=self.clock())
