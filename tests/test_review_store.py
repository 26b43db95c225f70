"""Unit tests of ReviewStore: reviews, undo, content identity, records, settings."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from fsrs import Rating

from quizapp.review import (
    LEECH_LAPSES,
    Phase,
    ReviewStore,
    rating_from_attempt,
    rating_from_choice,
)
from tests.review_fakes import T0, FakeCard, FakeExercise, make_cards


@pytest.fixture
def store(tmp_path: Path):
    with ReviewStore.open(tmp_path) as s:
        yield s


def test_database_lives_in_home_only(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with ReviewStore.open(home) as s:
        s.review("a", Rating.Good, when=T0)
        assert s.path == home / "quizapp.db"
    assert {p.name for p in tmp_path.iterdir()} == {"home"}
    assert {p.name for p in home.iterdir()} <= {"quizapp.db", "quizapp.db-wal", "quizapp.db-shm"}


def test_review_reschedules_and_logs(store: ReviewStore) -> None:
    first = store.review("a", Rating.Good, when=T0, duration_ms=3200)
    assert first.phase is Phase.LEARNING
    assert first.due > T0
    graduated = store.review("a", Rating.Good, when=first.due)
    assert graduated.phase is Phase.REVIEW
    assert graduated.interval >= timedelta(days=1)
    history = store.review_history("a")
    assert [h.rating for h in history] == [Rating.Good, Rating.Good]
    assert history[0].duration_ms == 3200 and history[0].mode == "drill"
    assert store.get_schedule("a") == graduated.schedule


def test_naive_datetime_is_refused(store: ReviewStore) -> None:
    with pytest.raises(ValueError, match="naive"):
        store.review("a", Rating.Good, when=T0.replace(tzinfo=None))


def test_bad_mode_is_refused(store: ReviewStore) -> None:
    with pytest.raises(ValueError, match="mode"):
        store.review("a", Rating.Good, when=T0, mode="cram")


def test_preview_matches_what_review_applies(store: ReviewStore) -> None:
    store.review("a", Rating.Good, when=T0)
    when = T0 + timedelta(minutes=15)
    preview = store.preview_intervals("a", when)
    assert set(preview) == set(Rating)
    assert preview[Rating.Again] < preview[Rating.Good] <= preview[Rating.Easy]
    result = store.review("a", Rating.Easy, when=when)
    assert result.interval == preview[Rating.Easy]


def test_preview_for_unknown_card_is_a_new_card(store: ReviewStore) -> None:
    preview = store.preview_intervals("never-seen", T0)
    assert preview[Rating.Again] == timedelta(minutes=1)
    assert store.get_schedule("never-seen") is None  # previewing writes nothing


def test_undo_restores_previous_state(store: ReviewStore) -> None:
    store.review("a", Rating.Good, when=T0)
    before = store.get_schedule("a")
    store.review("a", Rating.Again, when=T0 + timedelta(minutes=10))
    undone = store.undo_last_review()
    assert undone is not None and undone.key == "a" and undone.rating == Rating.Again
    assert store.get_schedule("a") == before
    assert len(store.review_history("a")) == 1
    store.undo_last_review()
    assert store.get_schedule("a").phase is Phase.NEW
    assert store.undo_last_review() is None


def test_undo_does_not_take_back_exercise_attempts(store: ReviewStore) -> None:
    ex = FakeExercise("bn2d-forward")
    store.record_attempt(
        ex, verdict="accepted", passed=3, total=3, time_used_ms=60_000, timed=False,
        hints_used=0, code="x", when=T0,
    )  # fmt: skip
    assert store.undo_last_review() is None
    assert len(store.attempts()) == 1


def test_edited_card_keeps_history_and_rewrite_is_flagged(store: ReviewStore) -> None:
    store.sync_content([FakeCard("a", content_hash="v1")])
    store.review("a", Rating.Good, when=T0)
    report = store.sync_content([FakeCard("a", content_hash="v2", deck_id="other")])
    assert report.rewritten == ("a",) and report.updated == 1
    assert store.rewritten_cards() == ["a"]
    assert len(store.review_history("a")) == 1
    # Reviewing it under the new text clears the flag.
    store.review("a", Rating.Good, when=T0 + timedelta(minutes=10))
    assert store.rewritten_cards() == []


def test_removed_card_keeps_history_but_is_not_scheduled(store: ReviewStore) -> None:
    from quizapp.review import build_queue

    store.sync_content([FakeCard("a"), FakeCard("b")])
    store.review("a", Rating.Again, when=T0)
    report = store.sync_content([FakeCard("b")])
    assert report.deactivated == 1
    queue = build_queue(store, T0 + timedelta(days=1))
    assert [e.key for e in queue] == ["b"]
    assert len(store.review_history("a")) == 1
    back = store.sync_content([FakeCard("a"), FakeCard("b")])
    assert back.reactivated == 1
    assert "a" in [e.key for e in build_queue(store, T0 + timedelta(days=1))]


def test_unchanged_sync_writes_nothing(store: ReviewStore) -> None:
    cards = make_cards(50)
    store.sync_content(cards, [FakeExercise("e1")])
    report = store.sync_content(cards, [FakeExercise("e1")])
    assert (report.added, report.updated, report.deactivated) == (0, 0, 0)


def test_leech_after_eight_lapses(store: ReviewStore) -> None:
    result = store.review("a", Rating.Easy, when=T0)  # straight to Review
    became = []
    for _ in range(LEECH_LAPSES):
        lapse = store.review("a", Rating.Again, when=result.due)  # forgotten: a lapse
        became.append(lapse.became_leech)
        result = store.review("a", Rating.Good, when=lapse.due)  # relearnt
    assert store.get_schedule("a").lapses == LEECH_LAPSES
    assert became == [False] * (LEECH_LAPSES - 1) + [True]
    assert store.leeches() == ["a"]


def test_rating_from_attempt_rules() -> None:
    def rate(**kw: object) -> Rating:
        base = dict(
            verdict="accepted", failed_submissions=0, hints_used=0,
            time_used_ms=15 * 60_000, time_limit_minutes=20, gave_up=False,
        )  # fmt: skip
        return rating_from_attempt(**(base | kw))  # type: ignore[arg-type]

    assert rate() == Rating.Good
    assert rate(time_used_ms=5 * 60_000) == Rating.Easy
    assert rate(failed_submissions=2) == Rating.Hard
    assert rate(hints_used=1, time_used_ms=60_000) == Rating.Hard
    assert rate(verdict="wrong_answer") == Rating.Again
    assert rate(gave_up=True) == Rating.Again
    assert rating_from_choice(True) == Rating.Good
    assert rating_from_choice(False) == Rating.Again


def test_record_attempt_schedules_the_exercise(store: ReviewStore) -> None:
    ex = FakeExercise("bn2d-forward", time_limit_minutes=20)
    result = store.record_attempt(
        ex, verdict="wrong_answer", passed=9, total=14, time_used_ms=1_200_000, timed=True,
        hints_used=1, code="class BatchNorm2D: ...", failed_submissions=3, gave_up=True,
        when=T0,
    )  # fmt: skip
    assert result.rating == Rating.Again
    assert result.review.kind == "exercise"
    [attempt] = store.attempts("bn2d-forward")
    assert (attempt.passed, attempt.total, attempt.timed, attempt.hints_used) == (9, 14, True, 1)
    assert attempt.code == "class BatchNorm2D: ..." and not attempt.accepted
    assert store.get_schedule("bn2d-forward", kind="exercise").reps == 1
    assert store.get_schedule("bn2d-forward") is None  # cards and exercises are apart


def test_drafts(store: ReviewStore) -> None:
    assert store.load_draft("e1") is None
    store.save_draft("e1", "v1")
    store.save_draft("e1", "v2")
    assert store.load_draft("e1") == "v2"
    store.delete_draft("e1")
    assert store.load_draft("e1") is None


def test_settings_defaults_validation_and_effect(store: ReviewStore) -> None:
    assert store.get_setting("desired_retention") == 0.9
    assert store.settings().daily_new_limit == 20
    with pytest.raises(ValueError):
        store.set_setting("desired_retention", 1.5)
    with pytest.raises(KeyError):
        store.set_setting("colour", "red")
    store.set_setting("language", "zh")
    assert store.settings().language == "zh"

    def good_interval_at(retention: float, key: str) -> timedelta:
        store.set_setting("desired_retention", retention)
        store.review(key, Rating.Easy, when=T0)
        return store.review(key, Rating.Good, when=T0 + timedelta(days=8)).interval

    # Asking to remember more means seeing cards more often.
    assert good_interval_at(0.95, "x") < good_interval_at(0.8, "y")


def test_mock_session_record(store: ReviewStore) -> None:
    sid = store.start_mock(title="BN round", when=T0)
    store.record_mock_item(
        sid, item_kind="card", item_key="a", score=3, max_score=4, time_used_ms=90_000
    )
    store.record_mock_item(
        sid, item_kind="exercise", item_key="bn2d-forward", score=10, max_score=10,
        time_used_ms=600_000,
    )  # fmt: skip
    with pytest.raises(ValueError):
        store.record_mock_item(
            sid, item_kind="card", item_key="b", score=5, max_score=4, time_used_ms=1
        )
    session = store.finish_mock(sid, when=T0 + timedelta(minutes=30))
    assert [i.item_key for i in session.items] == ["a", "bn2d-forward"]
    assert (session.total_score, session.max_score) == (13, 14)
    assert session.duration_ms == 30 * 60_000
    assert [m.id for m in store.list_mocks()] == [sid]


def test_two_instances_both_work(tmp_path: Path) -> None:
    with ReviewStore.open(tmp_path) as one, ReviewStore.open(tmp_path) as two:
        one.review("a", Rating.Good, when=T0)
        two.review("b", Rating.Good, when=T0)
        assert two.get_schedule("a") is not None
        assert one.get_schedule("b") is not None


def test_concurrent_writers_from_threads_and_processes(tmp_path: Path) -> None:
    """Writers in parallel never lose an answer (WAL + busy_timeout)."""
    ReviewStore.open(tmp_path).close()
    script = (
        "import sys; from datetime import datetime, UTC\n"
        "from quizapp.review import ReviewStore\n"
        "s = ReviewStore.open(__import__('pathlib').Path(sys.argv[1]))\n"
        "for i in range(40): s.review(f'p{i}', 3, when=datetime.now(UTC))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], cwd=Path.cwd())
    with ReviewStore.open(tmp_path) as store:

        def work(prefix: str) -> None:
            for i in range(40):
                store.review(f"{prefix}{i}", Rating.Good)

        threads = [threading.Thread(target=work, args=(p,)) for p in ("t", "u")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert proc.wait(timeout=60) == 0
        from quizapp.review import compute_stats

        assert compute_stats(store).reviews == 120


def test_busy_database_says_why(tmp_path: Path) -> None:
    import sqlite3

    from quizapp.review import StoreBusy

    ReviewStore.open(tmp_path).close()
    blocker = sqlite3.connect(tmp_path / "quizapp.db", isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        store = ReviewStore.open(tmp_path)
        store._conn.execute("PRAGMA busy_timeout = 50")
        with pytest.raises(StoreBusy, match="locked by another quizapp"):
            store.review("a", Rating.Good, when=T0)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


def test_no_textual_in_review_package() -> None:
    code = (
        "import sys, quizapp.review as r\n"
        "import quizapp.review.store, quizapp.review.queue, quizapp.review.stats\n"
        "import quizapp.review.commands\n"
        "assert not any(m.split('.')[0] == 'textual' for m in sys.modules), 'textual imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path.cwd())


def test_commands_module_imports_light() -> None:
    code = (
        "import sys, quizapp.review.commands\n"
        "heavy = [m for m in ('fsrs', 'sqlite3', 'numpy', 'textual') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path.cwd())
