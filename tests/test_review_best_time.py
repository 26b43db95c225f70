"""Which accepted attempts set a best time (issue 16, defect 8): a solve, not a re-submission or a recall."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from quizapp.review import ReviewStore, compute_stats
from tests.review_fakes import T0, FakeExercise, make_cards

EXERCISE = FakeExercise("bn2d-forward", 20)


def _attempt(store: ReviewStore, *, hours: float, ms: int, accepted: bool = True, **extra: object) -> bool:
    store.record_attempt(
        EXERCISE, verdict="accepted" if accepted else "wrong_answer", passed=1, total=1, time_used_ms=ms,
        timed=False, hints_used=0, code="", when=T0 + timedelta(hours=hours), **extra,  # type: ignore[arg-type]
    )  # fmt: skip
    return store.attempts(EXERCISE.id)[0].counts_for_best


def test_only_a_solve_from_the_starter_away_from_the_model_answer_sets_a_best(tmp_path: Path) -> None:
    with ReviewStore.open(tmp_path) as store:
        store.sync_content(make_cards(3), [EXERCISE])
        assert _attempt(store, hours=0.1, ms=600_000) is True  # the first solve counts
        assert _attempt(store, hours=0.2, ms=30_000) is False  # handed in again minutes after: recall
        assert _attempt(store, hours=30, ms=20_000, from_starter=False) is False  # a filled draft re-submitted
        assert _attempt(store, hours=60, ms=1_000, accepted=False, gave_up=True) is False  # gave up: model shown
        assert _attempt(store, hours=61, ms=13_000) is False  # retyped an hour after seeing it
        assert _attempt(store, hours=80, ms=500_000) is True  # a fresh solve the next day
        stats = compute_stats(store, T0 + timedelta(days=4))
        assert stats.personal_best_ms == {EXERCISE.id: 500_000}
        assert stats.exercises_accepted == 1 and stats.attempts_accepted == 5


def test_an_attempt_the_clock_ended_does_not_block_the_next_solve(tmp_path: Path) -> None:
    with ReviewStore.open(tmp_path) as store:
        store.sync_content(make_cards(3), [EXERCISE])
        _attempt(store, hours=0, ms=900_000, accepted=False)  # time ran out: no model answer shown
        assert _attempt(store, hours=0.5, ms=700_000) is True
