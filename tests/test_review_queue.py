"""Today's queue: order, daily limits, filters, exercises alongside cards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating

from quizapp.review import Phase, ReviewStore, build_queue
from tests.review_fakes import T0, FakeCard, FakeExercise, make_cards


@pytest.fixture
def store(tmp_path: Path):
    with ReviewStore.open(tmp_path) as s:
        yield s


def test_new_cards_in_content_order_up_to_limit(store: ReviewStore) -> None:
    store.sync_content(make_cards(30), [FakeExercise("e1"), FakeExercise("e2")])
    queue = build_queue(store, T0, daily_new_limit=5, daily_new_exercises=1)
    assert [e.key for e in queue.new] == ["c00000", "c00001", "c00002", "c00003", "c00004", "e1"]
    assert all(e.phase is Phase.NEW for e in queue.new)
    assert queue.due == ()


def test_due_first_then_new(store: ReviewStore) -> None:
    store.sync_content(make_cards(10))
    store.review("c00005", Rating.Easy, when=T0 - timedelta(days=30))
    queue = build_queue(store, T0, daily_new_limit=3)
    assert queue.entries[0].key == "c00005" and queue.entries[0].phase is Phase.REVIEW
    assert [e.key for e in queue.new] == ["c00000", "c00001", "c00002"]


def test_new_limit_counts_cards_started_today(store: ReviewStore) -> None:
    store.sync_content(make_cards(10))
    for key in ("c00000", "c00001"):
        store.review(key, Rating.Good, when=T0)
    queue = build_queue(store, T0, daily_new_limit=3)
    assert [e.key for e in queue.new] == ["c00002"]
    # Learning cards due within the learn-ahead window are shown now.
    assert {e.key for e in queue.due} == {"c00000", "c00001"}
    tomorrow = build_queue(store, T0 + timedelta(days=1), daily_new_limit=3)
    assert len(tomorrow.new) == 3


def test_review_limit_caps_review_cards(store: ReviewStore) -> None:
    store.sync_content(make_cards(10))
    for card in make_cards(10):
        store.review(card.id, Rating.Easy, when=T0 - timedelta(days=60))
    queue = build_queue(store, T0, daily_new_limit=0, daily_review_limit=4)
    assert len(queue.due) == 4


def test_overdue_sorted_by_due_date(store: ReviewStore) -> None:
    store.sync_content(make_cards(3))
    store.review("c00002", Rating.Easy, when=T0 - timedelta(days=90))
    store.review("c00001", Rating.Easy, when=T0 - timedelta(days=60))
    queue = build_queue(store, T0, daily_new_limit=0)
    assert [e.key for e in queue.due] == ["c00002", "c00001"]


def test_deck_and_tag_filters(store: ReviewStore) -> None:
    cards = [
        FakeCard("a", deck_id="bn", tags=("train",)),
        FakeCard("b", deck_id="ln", tags=("train", "eval")),
        FakeCard("c", deck_id="bn", tags=("eval",)),
    ]
    store.sync_content(cards, [FakeExercise("e1")])
    assert [e.key for e in build_queue(store, T0, deck="bn")] == ["a", "c"]
    assert [e.key for e in build_queue(store, T0, tag="eval")] == ["b", "c"]
    assert [e.key for e in build_queue(store, T0, deck="bn", tag="eval")] == ["c"]
    assert "e1" in [e.key for e in build_queue(store, T0)]


def test_tag_change_is_followed(store: ReviewStore) -> None:
    store.sync_content([FakeCard("a", tags=("x",))])
    store.sync_content([FakeCard("a", tags=("y",))])
    assert [e.key for e in build_queue(store, T0, tag="y")] == ["a"]
    assert list(build_queue(store, T0, tag="x")) == []


def test_exercise_due_shares_the_queue(store: ReviewStore) -> None:
    ex = FakeExercise("bn2d-forward", time_limit_minutes=20)
    store.sync_content([FakeCard("a")], [ex])
    store.record_attempt(
        ex, verdict="runtime_error", passed=0, total=5, time_used_ms=60_000, timed=False,
        hints_used=0, code="", gave_up=True, when=T0,
    )  # fmt: skip
    queue = build_queue(store, T0 + timedelta(minutes=2), daily_new_limit=0)
    assert [(e.kind, e.key) for e in queue.due] == [("exercise", "bn2d-forward")]


def test_limits_default_to_settings(store: ReviewStore) -> None:
    store.sync_content(make_cards(40))
    store.set_setting("daily_new_limit", 7)
    assert len(build_queue(store, T0).new) == 7


def test_day_rollover_uses_local_hour(store: ReviewStore) -> None:
    store.sync_content(make_cards(5))
    # 02:00 UTC is still "yesterday" with a 04:00 rollover in UTC.
    late = datetime(2025, 3, 4, 2, 0, tzinfo=UTC)
    store.review("c00000", Rating.Good, when=late)
    same_day = build_queue(store, datetime(2025, 3, 3, 20, 0, tzinfo=UTC), tz=UTC,
                           daily_new_limit=2)  # fmt: skip
    next_day = build_queue(store, datetime(2025, 3, 4, 5, 0, tzinfo=UTC), tz=UTC,
                           daily_new_limit=2)  # fmt: skip
    assert len(same_day.new) == 1
    assert len(next_day.new) == 2
