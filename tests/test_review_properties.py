"""Property tests over rating sequences (hypothesis)."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from fsrs import Rating, State
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.review import ReviewStore, Schedule
from quizapp.review.scheduling import apply_rating
from quizapp.review.timeutil import to_ms
from tests.review_fakes import T0

ratings = st.sampled_from(list(Rating))
# Gaps from "immediately" to over a year, so same-day learning steps, on-time
# reviews and long-overdue reviews all occur.
gaps = st.one_of(
    st.integers(min_value=0, max_value=30 * 60_000),
    st.integers(min_value=0, max_value=400 * 86_400_000),
)
sequences = st.lists(st.tuples(ratings, gaps), min_size=1, max_size=25)
retentions = st.sampled_from([0.8, 0.9, 0.95])


@settings(max_examples=300, deadline=None)
@given(sequences, retentions)
def test_schedule_invariants(seq: list[tuple[Rating, int]], retention: float) -> None:
    sched = Schedule()
    when_ms = to_ms(T0)
    lapses = 0
    for rating, gap in seq:
        when_ms += gap
        before = sched
        sched = apply_rating(7, sched, rating, when_ms, desired_retention=retention)
        lapses += before.state == State.Review and rating == Rating.Again
        assert sched.due_ms is not None and sched.due_ms > when_ms  # due moves forward
        assert sched.stability is not None and sched.stability > 0
        assert sched.difficulty is not None and 1 <= sched.difficulty <= 10
        assert sched.last_review_ms == when_ms
        recalled = rating in (Rating.Good, Rating.Easy)
        if before.state == State.Review and recalled and gap >= 86_400_000:
            # Remembering a mature card after a day or more never weakens it.
            assert sched.stability >= before.stability
    assert sched.reps == len(seq) and sched.lapses == lapses


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sequences, retentions)
def test_store_log_replays_to_same_state_and_undo_walks_back(
    seq: list[tuple[Rating, int]], retention: float
) -> None:
    with tempfile.TemporaryDirectory() as tmp, ReviewStore.open(Path(tmp)) as store:
        store.set_setting("desired_retention", retention)
        when = T0
        states = [store.get_schedule("k") or Schedule()]
        for rating, gap in seq:
            when += timedelta(milliseconds=gap)
            result = store.review("k", rating, when=when, duration_ms=gap % 10_000)
            assert result.due > when
            states.append(result.schedule)
        assert store.replay("k") == store.get_schedule("k") == states[-1]
        # Undo, one answer at a time, retraces the exact same states.
        for expected in reversed(states[:-1]):
            assert store.undo_last_review() is not None
            assert (store.get_schedule("k") or Schedule()) == expected


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), ratings, gaps), min_size=1, max_size=30))
def test_replay_per_card_with_interleaved_cards(seq: list[tuple[str, Rating, int]]) -> None:
    with tempfile.TemporaryDirectory() as tmp, ReviewStore.open(Path(tmp)) as store:
        when = T0
        for key, rating, gap in seq:
            when += timedelta(milliseconds=gap)
            store.review(key, rating, when=when)
        for key in {k for k, _, _ in seq}:
            assert store.replay(key) == store.get_schedule(key)


SUMMARY_QUERIES = [
    "SELECT name, n FROM counters ORDER BY name",
    "SELECT deck, cards, seen, mature FROM deck_totals WHERE cards > 0 ORDER BY deck",
    "SELECT tag, cards, seen, mature FROM tag_totals WHERE cards > 0 ORDER BY tag",
    "SELECT day, reviews, review_state, recalled, run_start FROM daily_activity ORDER BY day",
]

KEYS = [f"k{i}" for i in range(6)]
operations = st.one_of(
    # (op, key, rating, offset in hours from T0: back-dated answers included)
    st.tuples(st.just("review"), st.sampled_from(KEYS), ratings, st.integers(-240, 2400)),
    st.tuples(st.just("undo"), st.none(), st.none(), st.none()),
    st.tuples(
        st.just("sync"),
        st.lists(st.sampled_from(KEYS), unique=True),
        st.sampled_from(["d1", "d2"]),
        st.lists(st.sampled_from(["x", "y", "z"]), unique=True, max_size=2),
    ),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(operations, max_size=40))
def test_trigger_summaries_equal_a_rebuild(ops: list[tuple]) -> None:
    from datetime import UTC

    from tests.review_fakes import FakeCard

    with tempfile.TemporaryDirectory() as tmp, ReviewStore.open(Path(tmp), tz=UTC) as store:
        for op, a, b, c in ops:
            if op == "review":
                store.review(a, b, when=T0 + timedelta(hours=c))
            elif op == "undo":
                store.undo_last_review()
            else:
                store.sync_content([FakeCard(k, deck_id=b, tags=tuple(c)) for k in a])
        incremental = [store._conn.execute(q).fetchall() for q in SUMMARY_QUERIES]
        store.rebuild_summaries()
        rebuilt = [store._conn.execute(q).fetchall() for q in SUMMARY_QUERIES]
        assert incremental == rebuilt
