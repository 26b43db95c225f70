"""`quizapp stats`: figures, JSON contract, exit codes on bad databases."""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from fsrs import Rating

from quizapp.review import LEECH_LAPSES, ReviewStore, compute_stats, schema
from quizapp.review.commands import add_stats_arguments, run_stats
from tests.review_fakes import T0, FakeExercise, make_cards

CARDS = make_cards(12)
EXERCISES = [FakeExercise("bn2d-forward", 20), FakeExercise("bn-backward", 30)]


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_stats_arguments(parser)
    return parser.parse_args(list(argv))


def _run(home: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_stats(
        _args(*argv), home=home, cards=CARDS, exercises=EXERCISES, now=T0, out=out, err=err
    )
    return code, out.getvalue(), err.getvalue()


def test_empty_history_json_contract(tmp_path: Path) -> None:
    code, out, err = _run(tmp_path, "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    for key in ("reviews", "cards_seen", "due_now", "exercise_attempts", "exercises_accepted"):
        assert isinstance(data[key], int) and data[key] == 0
    assert len(data["reviews_per_day"]) == 30 and len(data["due_forecast"]) == 7
    assert data["true_retention"] is None and data["streak_days"] == 0


def test_figures_after_some_history(tmp_path: Path) -> None:
    with ReviewStore.open(tmp_path) as store:
        store.sync_content(CARDS, EXERCISES)
        # Three study days in a row, ending today.
        for day in (2, 1, 0):
            store.review(f"c0000{day}", Rating.Easy, when=T0 - timedelta(days=day, hours=1))
        # A review-state recall and a review-state lapse.
        due = store.get_schedule("c00002").due_ms
        assert due is not None
        store.review("c00002", Rating.Good, when=T0 + timedelta(days=30))
        store.review("c00001", Rating.Again, when=T0 + timedelta(days=30))
        # The third is handed in right after the second was accepted (its model answer just
        # shown): stored and counted as accepted, but no best time (a re-solve, not a solve).
        for verdict, ms in (("wrong_answer", 900_000), ("accepted", 400_000), ("accepted", 300_000)):
            store.record_attempt(
                EXERCISES[0], verdict=verdict, passed=1, total=1, time_used_ms=ms, timed=True,
                hints_used=0, code="", when=T0,
            )  # fmt: skip
        sid = store.start_mock(when=T0)
        store.record_mock_item(
            sid, item_kind="card", item_key="c00000", score=2, max_score=3, time_used_ms=1
        )
        store.finish_mock(sid, when=T0)

        stats = compute_stats(store, T0 + timedelta(days=30, hours=1))
        assert stats.reviews == 5 + 3
        assert stats.cards_seen == 3
        assert stats.true_retention == 0.5 and stats.true_retention_reviews == 2
        assert stats.exercise_attempts == 3 and stats.attempts_accepted == 2
        assert stats.exercises_accepted == 1
        assert stats.personal_best_ms == {"bn2d-forward": 400_000}
        assert stats.exercise_accept_rate == pytest.approx(2 / 3)
        assert stats.last_mock_score == (2.0, 3.0)
        assert sum(m.cards for m in stats.decks.values()) == 12
        assert set(stats.tags) == {"t0", "t1", "t2"}

        early = compute_stats(store, T0)
        assert early.streak_days == 3 and early.reviewed_today >= 1
        assert early.due_forecast[0][1] == 0
        assert sum(n for _, n in early.due_forecast) >= 1  # Easy cards due within a week


def test_streak_survives_until_day_is_over(tmp_path: Path) -> None:
    with ReviewStore.open(tmp_path) as store:
        for day in range(1, 41):  # 40 consecutive days ending yesterday
            store.review(f"k{day}", Rating.Good, when=T0 - timedelta(days=day))
        assert compute_stats(store, T0).streak_days == 40
        assert compute_stats(store, T0 + timedelta(days=1)).streak_days == 0


def test_leeches_listed(tmp_path: Path) -> None:
    with ReviewStore.open(tmp_path) as store:
        store.sync_content(CARDS, EXERCISES)
        result = store.review("c00003", Rating.Easy, when=T0)
        for _ in range(LEECH_LAPSES):
            lapse = store.review("c00003", Rating.Again, when=result.due)
            result = store.review("c00003", Rating.Good, when=lapse.due)
    code, out, _ = _run(tmp_path, "--json")
    assert json.loads(out)["leeches"] == [{"card": "c00003", "lapses": LEECH_LAPSES}]
    code, text, _ = _run(tmp_path)
    assert "Leeches" in text and "c00003" in text


def test_text_output(tmp_path: Path) -> None:
    with ReviewStore.open(tmp_path) as store:
        store.review("c00000", Rating.Good, when=T0)
    code, out, err = _run(tmp_path)
    assert code == 0 and "Reviews: 1" in out and "Due next 7 days" in out


def test_corrupt_database_exit_1_untouched_then_moved_with_flag(tmp_path: Path) -> None:
    db = tmp_path / "quizapp.db"
    db.write_bytes(b"\x00garbage" * 512)
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    code, out, err = _run(tmp_path, "--json")
    assert code == 1 and out == ""
    assert "damaged" in err and "--move-corrupt-db" in err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest

    code, out, err = _run(tmp_path, "--json", "--move-corrupt-db")
    assert code == 0 and json.loads(out)["reviews"] == 0
    moved = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(moved) == 1 and str(moved[0]) in err
    assert hashlib.sha256(moved[0].read_bytes()).hexdigest() == digest


def test_damaged_pages_found_by_integrity_check(tmp_path: Path) -> None:
    with ReviewStore.open(tmp_path) as store:
        store.sync_content(make_cards(2000))
    conn = sqlite3.connect(tmp_path / "quizapp.db")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    db = tmp_path / "quizapp.db"
    data = bytearray(db.read_bytes())
    # Scribble over interior pages but keep the header and schema page.
    for page in range(3, len(data) // page_size, 2):
        data[page * page_size + 10 : page * page_size + 200] = b"\xab" * 190
    db.write_bytes(bytes(data))
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    code, out, err = _run(tmp_path, "--json")
    assert code == 1 and out == "" and "damaged" in err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


def test_newer_database_exit_1_even_with_flag(tmp_path: Path) -> None:
    ReviewStore.open(tmp_path).close()
    conn = sqlite3.connect(tmp_path / "quizapp.db")
    conn.execute(f"PRAGMA user_version = {schema.CURRENT_VERSION + 1}")
    conn.close()
    for argv in ((), ("--move-corrupt-db",)):
        code, out, err = _run(tmp_path, *argv)
        assert code == 1 and "newer quizapp" in err
    assert not [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]


def test_foreign_database_exit_1(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "quizapp.db")
    conn.execute("CREATE TABLE notes (t TEXT)")
    conn.commit()
    conn.close()
    code, _, err = _run(tmp_path)
    assert code == 1 and "not one quizapp created" in err


def test_retention_over_time_per_day_and_week(tmp_path: Path) -> None:
    with ReviewStore.open(tmp_path) as store:
        store.sync_content(CARDS, EXERCISES)
        for i in range(3):  # three cards into review state, a month before the window ends
            store.review(f"c0000{i}", Rating.Easy, when=T0)
        later = T0 + timedelta(days=40)
        store.review("c00000", Rating.Good, when=later)  # recalled
        store.review("c00001", Rating.Again, when=later)  # forgotten
        store.review("c00002", Rating.Good, when=later - timedelta(days=8))  # recalled, a week earlier
        stats = compute_stats(store, later + timedelta(hours=1))
    assert len(stats.retention_per_day) == 30
    last = stats.retention_per_day[-1]
    assert last[1:] == (1, 2)  # one of two review-state cards recalled today
    weeks = stats.retention_by_week()
    assert [v for _, v in weeks][-2:] == [1.0, 0.5]
    assert all(v is None for _, v in weeks[:-2])
    assert json.loads(json.dumps(stats.to_json()))["retention_by_week"][-1]["retention"] == 0.5
