"""Schema versions and bad database files: migrate forward, never damage."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from fsrs import Rating

from quizapp.review import (
    CorruptDatabase,
    ForeignDatabase,
    NewerDatabase,
    ReviewStore,
    Schedule,
    build_queue,
    compute_stats,
    schema,
)
from quizapp.review.scheduling import apply_rating
from quizapp.review.timeutil import to_ms
from tests.review_fakes import T0, FakeCard, FakeExercise


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_v1_history(home: Path) -> dict[str, Schedule]:
    """A version-1 database as the first release wrote it, with real history."""
    conn = schema.create_at_version(home, 1)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    expected: dict[str, Schedule] = {}
    for item_id, (key, ratings) in enumerate(
        [("bn-why", [3, 3, 1, 3]), ("ln-vs-bn", [4]), ("gn-groups", [2, 1, 1])], start=1
    ):
        conn.execute(
            "INSERT INTO items (id, kind, key, deck, content_hash) VALUES (?, 'card', ?, 'd', 'h')",
            (item_id, key),
        )
        sched = Schedule()
        when_ms = to_ms(T0)
        for rating in ratings:
            before = sched
            sched = apply_rating(item_id, sched, Rating(rating), when_ms, desired_retention=0.9)
            conn.execute(
                "INSERT INTO review_log (item_id, rating, reviewed_ms, duration_ms, mode, "
                "retention, prev) VALUES (?, ?, ?, 1000, 'drill', 0.9, ?)",
                (item_id, rating, when_ms, json.dumps(before.to_json_dict())),
            )
            when_ms = sched.due_ms or when_ms
        conn.execute(
            "UPDATE items SET state=?, step=?, stability=?, difficulty=?, due_ms=?, "
            "last_review_ms=?, reps=?, lapses=? WHERE id=?",
            (*sched.to_json_dict().values(), item_id),
        )
        expected[key] = sched
    conn.execute(
        "INSERT INTO attempts (exercise, finished_ms, verdict, passed, total, time_used_ms, "
        "timed, hints_used, code) VALUES ('bn2d-forward', ?, 'accepted', 14, 14, 300000, 1, 0, "
        "'class BatchNorm2D: ...')",
        (to_ms(T0),),
    )
    conn.execute("INSERT INTO drafts VALUES ('bn-backward', 'def batchnorm_backward(): ...', 0)")
    conn.execute("INSERT INTO settings VALUES ('desired_retention', '0.85')")
    conn.close()
    return expected


def test_migration_from_version_1_to_current(tmp_path: Path) -> None:
    expected = _write_v1_history(tmp_path)
    with ReviewStore.open(tmp_path) as store:
        raw = store._conn
        assert raw.execute("PRAGMA user_version").fetchone()[0] == schema.CURRENT_VERSION
        assert raw.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
        for key, sched in expected.items():
            assert store.get_schedule(key) == sched
            assert store.replay(key) == sched  # the log still replays
        # Backfilled columns.
        assert raw.execute("SELECT count(*) FROM items WHERE first_review_ms IS NULL").fetchone()[
            0
        ] == 0
        assert raw.execute(
            "SELECT count(*) FROM review_log WHERE prev_state IS NULL"
        ).fetchone()[0] == 3  # exactly the first review of each card (new before)
        assert store.attempts()[0].failed_submissions == 0
        assert store.load_draft("bn-backward") == "def batchnorm_backward(): ..."
        assert store.get_setting("desired_retention") == 0.85
        # New-version features work on the migrated file.
        store.sync_content(
            [FakeCard("bn-why", deck_id="d", content_hash="h", tags=("bn",)),
             FakeCard("ln-vs-bn", deck_id="d", content_hash="h2")],
            [FakeExercise("bn2d-forward")],
        )  # fmt: skip
        assert store.rewritten_cards() == ["ln-vs-bn"]
        stats = compute_stats(store, T0 + timedelta(days=1))
        assert stats.reviews == 8 and stats.exercises_accepted == 1
        assert stats.cards_removed_with_history == 1  # gn-groups left the content
        build_queue(store, T0 + timedelta(days=2), tag="bn")
        sid = store.start_mock(when=T0)
        store.finish_mock(sid, when=T0)


def test_failed_migration_leaves_old_version(tmp_path: Path, monkeypatch) -> None:
    _write_v1_history(tmp_path)
    broken = [*schema.MIGRATIONS[1][:3], "THIS IS NOT SQL"]
    monkeypatch.setattr(schema, "MIGRATIONS", [schema.MIGRATIONS[0], broken])
    with pytest.raises(sqlite3.OperationalError):
        schema.connect(tmp_path)
    conn = sqlite3.connect(tmp_path / "quizapp.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    columns = {r[1] for r in conn.execute("PRAGMA table_info(items)")}
    assert "tags" not in columns  # the partial migration was rolled back
    conn.close()


def test_open_is_idempotent(tmp_path: Path) -> None:
    ReviewStore.open(tmp_path).close()
    ReviewStore.open(tmp_path).close()


def test_garbage_file_is_reported_and_untouched(tmp_path: Path) -> None:
    db = tmp_path / "quizapp.db"
    db.write_bytes(b"this is my shopping list, not a database\n" * 100)
    before = _digest(db)
    with pytest.raises(CorruptDatabase, match="--move-corrupt-db"):
        ReviewStore.open(tmp_path)
    assert _digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quizapp.db"]


def test_sqlite_header_with_garbage_body_is_corrupt(tmp_path: Path) -> None:
    db = tmp_path / "quizapp.db"
    db.write_bytes(schema.SQLITE_MAGIC + b"\xff" * 4000)
    before = _digest(db)
    with pytest.raises(CorruptDatabase):
        ReviewStore.open(tmp_path)
    assert _digest(db) == before


def test_foreign_sqlite_file_is_not_migrated(tmp_path: Path) -> None:
    db = tmp_path / "quizapp.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ada')")
    conn.commit()
    conn.close()
    before = _digest(db)
    with pytest.raises(ForeignDatabase, match="not one quizapp created"):
        ReviewStore.open(tmp_path)
    assert _digest(db) == before


def test_newer_database_says_so(tmp_path: Path) -> None:
    ReviewStore.open(tmp_path).close()
    conn = sqlite3.connect(tmp_path / "quizapp.db")
    conn.execute(f"PRAGMA user_version = {schema.CURRENT_VERSION + 5}")
    conn.close()
    before = _digest(tmp_path / "quizapp.db")
    with pytest.raises(NewerDatabase, match="newer quizapp") as info:
        ReviewStore.open(tmp_path)
    assert info.value.found == schema.CURRENT_VERSION + 5
    assert _digest(tmp_path / "quizapp.db") == before


def test_move_aside_never_overwrites(tmp_path: Path) -> None:
    db = tmp_path / "quizapp.db"
    first_target = None
    for content in (b"one", b"two"):
        db.write_bytes(content)
        (tmp_path / "quizapp.db-wal").write_bytes(b"wal-" + content)
        moved = schema.move_aside(tmp_path, now=T0)  # same timestamp both times
        assert moved.read_bytes() == content
        assert Path(str(moved).replace("quizapp.db", "quizapp.db-wal")).read_bytes() == (
            b"wal-" + content
        )
        assert moved != first_target
        first_target = moved
    assert not db.exists()
