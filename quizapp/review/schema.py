"""Opening the database file safely, and its versioned schema.

The schema version lives in `PRAGMA user_version`; every version bump is one
forward migration below, applied in a single transaction. `application_id`
marks the file as ours so that a stranger's SQLite file is never migrated
into (and thereby damaged).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from quizapp.review.errors import CorruptDatabase, ForeignDatabase, NewerDatabase, StoreBusy

DB_NAME = "quizapp.db"
APPLICATION_ID = 0x51495A31  # "QIZ1": identifies quizapp's file in the SQLite header
BUSY_TIMEOUT_S = 5.0
SQLITE_MAGIC = b"SQLite format 3\x00"

# Version 1 was the first released schema; it is kept verbatim so that old
# files (and the migration test) go through exactly the path users' files do.
_V1 = [
    """CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('card', 'exercise')),
        key TEXT NOT NULL,
        deck TEXT NOT NULL DEFAULT '',
        content_hash TEXT NOT NULL DEFAULT '',
        active INTEGER NOT NULL DEFAULT 1,
        position INTEGER NOT NULL DEFAULT 0,
        state INTEGER,              -- fsrs.State; NULL while the item is new
        step INTEGER,
        stability REAL,
        difficulty REAL,
        due_ms INTEGER,
        last_review_ms INTEGER,
        reps INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0,
        UNIQUE (kind, key)
    )""",
    """CREATE TABLE review_log (
        id INTEGER PRIMARY KEY,
        item_id INTEGER NOT NULL REFERENCES items(id),
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        reviewed_ms INTEGER NOT NULL,
        duration_ms INTEGER,
        mode TEXT NOT NULL CHECK (mode IN ('drill', 'quiz', 'mock')),
        retention REAL NOT NULL,
        prev TEXT NOT NULL          -- JSON of the item's schedule before, for undo
    )""",
    """CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        exercise TEXT NOT NULL,
        finished_ms INTEGER NOT NULL,
        verdict TEXT NOT NULL,
        passed INTEGER NOT NULL,
        total INTEGER NOT NULL,
        time_used_ms INTEGER NOT NULL,
        timed INTEGER NOT NULL,
        hints_used INTEGER NOT NULL,
        code TEXT NOT NULL
    )""",
    """CREATE TABLE drafts (
        exercise TEXT PRIMARY KEY,
        code TEXT NOT NULL,
        saved_ms INTEGER NOT NULL
    )""",
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE INDEX review_log_item ON review_log (item_id, id)",
]

# Version 2: tags, rewrite detection, leech/retention bookkeeping, mock
# interviews, and the indices that keep queue and stats sub-linear.
_V2 = [
    "ALTER TABLE items ADD COLUMN tags TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE items ADD COLUMN reviewed_hash TEXT",
    "ALTER TABLE items ADD COLUMN first_review_ms INTEGER",
    "UPDATE items SET reviewed_hash = content_hash WHERE reps > 0",
    """UPDATE items SET first_review_ms =
        (SELECT min(reviewed_ms) FROM review_log WHERE item_id = items.id)""",
    "ALTER TABLE review_log ADD COLUMN prev_state INTEGER",
    "ALTER TABLE review_log ADD COLUMN attempt_id INTEGER REFERENCES attempts(id)",
    "UPDATE review_log SET prev_state = json_extract(prev, '$.state')",
    "ALTER TABLE attempts ADD COLUMN failed_submissions INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE attempts ADD COLUMN gave_up INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE attempts ADD COLUMN mode TEXT NOT NULL DEFAULT 'drill'",
    """CREATE TABLE item_tags (
        item_id INTEGER NOT NULL REFERENCES items(id),
        tag TEXT NOT NULL,
        PRIMARY KEY (tag, item_id)
    )""",  # not WITHOUT ROWID: SQLite 3.40's quick_check reports false NULLs there
    """CREATE TABLE mock_sessions (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL DEFAULT '',
        started_ms INTEGER NOT NULL,
        finished_ms INTEGER
    )""",
    """CREATE TABLE mock_items (
        session_id INTEGER NOT NULL REFERENCES mock_sessions(id),
        position INTEGER NOT NULL,
        item_kind TEXT NOT NULL,
        item_key TEXT NOT NULL,
        score REAL NOT NULL,
        max_score REAL NOT NULL,
        time_used_ms INTEGER NOT NULL,
        PRIMARY KEY (session_id, position)
    )""",
    "CREATE INDEX items_due ON items (state, active, due_ms) WHERE state IS NOT NULL",
    "CREATE INDEX items_new ON items (kind, active, position) WHERE state IS NULL",
    "CREATE INDEX items_first_review ON items (first_review_ms)",
    "CREATE INDEX items_lapses ON items (lapses)",
    "CREATE INDEX items_deck ON items (kind, active, deck, stability)",
    "CREATE INDEX review_log_time ON review_log (reviewed_ms, prev_state, rating)",
    "CREATE INDEX attempts_exercise ON attempts (exercise, verdict, time_used_ms)",
]

MIGRATIONS: list[list[str]] = [_V1, _V2]
CURRENT_VERSION = len(MIGRATIONS)


def db_path(home: Path) -> Path:
    return home / DB_NAME


def _looks_like_sqlite(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def connect(home: Path, *, busy_timeout: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
    """Open (creating or migrating if needed) the database in `home`.

    Raises CorruptDatabase / ForeignDatabase / NewerDatabase without writing a
    single byte to a file that is not ours or not understood.
    """
    path = db_path(home)
    if path.exists() and path.stat().st_size > 0 and not _looks_like_sqlite(path):
        raise CorruptDatabase(path, "no SQLite header")
    home.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: we issue BEGIN/COMMIT ourselves, so each answer is
    # its own transaction and nothing waits in an implicit one.
    conn = sqlite3.connect(
        path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
    )
    try:
        _check_and_migrate(conn, path, busy_timeout)
    except BaseException:
        conn.close()
        raise
    return conn


def _check_and_migrate(conn: sqlite3.Connection, path: Path, busy_timeout: float) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
    try:
        app_id, version, n_tables = _identify(conn)
    except sqlite3.OperationalError as exc:
        if _is_busy(exc):
            raise StoreBusy(path, busy_timeout) from exc
        raise CorruptDatabase(path, str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabase(path, str(exc)) from exc
    if app_id != APPLICATION_ID and (app_id != 0 or version != 0 or n_tables):
        raise ForeignDatabase(path, f"application_id={app_id:#x}, {n_tables} tables")
    if version > CURRENT_VERSION:
        raise NewerDatabase(path, version, CURRENT_VERSION)
    try:
        # WAL lets a second instance read while one writes; FULL makes every
        # commit durable even across power loss, a small price at human pace.
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        if version < CURRENT_VERSION:
            _migrate(conn)
    except sqlite3.OperationalError as exc:
        if _is_busy(exc):
            raise StoreBusy(path, busy_timeout) from exc
        raise
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabase(path, str(exc)) from exc


def _identify(conn: sqlite3.Connection) -> tuple[int, int, int]:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    n_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    return app_id, version, n_tables


def _migrate(conn: sqlite3.Connection, target: int = CURRENT_VERSION) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Re-read inside the write lock: another instance may have migrated
        # between our first look and taking the lock.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for number in range(version + 1, target + 1):
            for statement in MIGRATIONS[number - 1]:
                conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {max(version, target)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def create_at_version(home: Path, version: int) -> sqlite3.Connection:
    """A fresh database at an old schema version (for migration tests)."""
    home.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db_path(home), isolation_level=None)
    _migrate(conn, target=version)
    return conn


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """Output of `PRAGMA quick_check` other than "ok" (empty when sound)."""
    rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
    return [] if rows == ["ok"] else rows


def move_aside(home: Path, *, now: datetime | None = None) -> Path:
    """Rename the database (and its WAL/SHM companions) out of the way.

    Never overwrites anything: the new name carries a timestamp and, if that
    is taken too, a counter. Returns the new path of the main file.
    """
    path = db_path(home)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    counter = 0
    while True:
        suffix = f".corrupt-{stamp}" + (f"-{counter}" if counter else "")
        target = path.with_name(path.name + suffix)
        companions = [Path(str(path) + ext) for ext in ("-wal", "-shm")]
        taken = [target] + [Path(str(c) + suffix) for c in companions]
        if not any(p.exists() for p in taken):
            break
        counter += 1
    os.rename(path, target)
    for companion in companions:
        with contextlib.suppress(FileNotFoundError):
            os.rename(companion, Path(str(companion) + suffix))
    return target


@contextlib.contextmanager
def write_transaction(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT: take the write lock up front so a second
    instance waits (busy_timeout) instead of failing half-way through."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if _is_busy(exc):
            raise StoreBusy(path, BUSY_TIMEOUT_S) from exc
        raise
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
