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
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from quizapp.review.errors import CorruptDatabase, DatabaseUnusable, ForeignDatabase, NewerDatabase, StoreBusy

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

# Anki calls a card "mature" from a 21-day interval; at the default retention
# FSRS intervals are close to stability, so the summaries count that.
MATURE_STABILITY_DAYS = 21

# Summary tables, kept exact by the triggers below inside every transaction,
# so that stats read a few rows per deck/tag/day instead of every review.
_SUMMARY_TABLES = [
    """CREATE TABLE counters (name TEXT PRIMARY KEY, n INTEGER NOT NULL)""",
    """CREATE TABLE deck_totals (
        deck TEXT PRIMARY KEY, cards INTEGER NOT NULL, seen INTEGER NOT NULL,
        mature INTEGER NOT NULL)""",
    """CREATE TABLE tag_totals (
        tag TEXT PRIMARY KEY, cards INTEGER NOT NULL, seen INTEGER NOT NULL,
        mature INTEGER NOT NULL)""",
    # run_start: first day of the unbroken run of study days this day is in,
    # which makes the streak one lookup however long it is.
    """CREATE TABLE daily_activity (
        day INTEGER PRIMARY KEY, reviews INTEGER NOT NULL, review_state INTEGER NOT NULL,
        recalled INTEGER NOT NULL, run_start INTEGER NOT NULL)""",
]

# Contribution of an items row (r = NEW or OLD) to the summaries.
_IN_DECK = "({r}.kind = 'card' AND {r}.active = 1)"
_SEEN = "({r}.kind = 'card' AND {r}.active = 1 AND {r}.stability IS NOT NULL)"
_MATURE = (
    f"({{r}}.kind = 'card' AND {{r}}.active = 1 AND coalesce({{r}}.stability >= "
    f"{MATURE_STABILITY_DAYS}, 0))"
)
_EVER_SEEN = "({r}.kind = 'card' AND {r}.stability IS NOT NULL)"
_REMOVED = "({r}.kind = 'card' AND {r}.active = 0 AND {r}.stability IS NOT NULL)"


def _c(expr: str, r: str) -> str:
    return expr.format(r=r)


_ADD_DECK = f"""INSERT INTO deck_totals (deck, cards, seen, mature)
    SELECT NEW.deck, 1, {_c(_SEEN, "NEW")}, {_c(_MATURE, "NEW")} WHERE {_c(_IN_DECK, "NEW")}
    ON CONFLICT (deck) DO UPDATE SET cards = cards + 1, seen = seen + excluded.seen,
        mature = mature + excluded.mature;"""

_TRIGGERS = [
    f"""CREATE TRIGGER items_summary_insert AFTER INSERT ON items BEGIN
        {_ADD_DECK}
        UPDATE counters SET n = n + {_c(_EVER_SEEN, "NEW")} WHERE name = 'cards_seen';
        UPDATE counters SET n = n + {_c(_REMOVED, "NEW")} WHERE name = 'cards_removed';
    END""",
    f"""CREATE TRIGGER items_summary_update AFTER UPDATE OF kind, deck, active, stability
    ON items BEGIN
        UPDATE deck_totals SET cards = cards - 1, seen = seen - {_c(_SEEN, "OLD")},
            mature = mature - {_c(_MATURE, "OLD")}
            WHERE deck = OLD.deck AND {_c(_IN_DECK, "OLD")};
        {_ADD_DECK}
        UPDATE tag_totals SET
            cards = cards - {_c(_IN_DECK, "OLD")} + {_c(_IN_DECK, "NEW")},
            seen = seen - {_c(_SEEN, "OLD")} + {_c(_SEEN, "NEW")},
            mature = mature - {_c(_MATURE, "OLD")} + {_c(_MATURE, "NEW")}
            WHERE tag IN (SELECT tag FROM item_tags WHERE item_id = NEW.id);
        UPDATE counters SET n = n + {_c(_EVER_SEEN, "NEW")} - {_c(_EVER_SEEN, "OLD")}
            WHERE name = 'cards_seen';
        UPDATE counters SET n = n + {_c(_REMOVED, "NEW")} - {_c(_REMOVED, "OLD")}
            WHERE name = 'cards_removed';
    END""",
    f"""CREATE TRIGGER item_tags_summary_insert AFTER INSERT ON item_tags BEGIN
        INSERT INTO tag_totals (tag, cards, seen, mature)
            SELECT NEW.tag, {_c(_IN_DECK, "i")}, {_c(_SEEN, "i")}, {_c(_MATURE, "i")}
            FROM items i WHERE i.id = NEW.item_id
            ON CONFLICT (tag) DO UPDATE SET cards = cards + excluded.cards,
                seen = seen + excluded.seen, mature = mature + excluded.mature;
    END""",
    f"""CREATE TRIGGER item_tags_summary_delete AFTER DELETE ON item_tags BEGIN
        UPDATE tag_totals SET (cards, seen, mature) = (
            SELECT tag_totals.cards - {_c(_IN_DECK, "i")}, tag_totals.seen - {_c(_SEEN, "i")},
                   tag_totals.mature - {_c(_MATURE, "i")}
            FROM items i WHERE i.id = OLD.item_id)
        WHERE tag = OLD.tag;
    END""",
    """CREATE TRIGGER review_log_summary_insert AFTER INSERT ON review_log BEGIN
        INSERT INTO daily_activity (day, reviews, review_state, recalled, run_start)
            VALUES (NEW.day, 1, NEW.prev_state IS 2, NEW.prev_state IS 2 AND NEW.rating > 1,
                coalesce((SELECT run_start FROM daily_activity WHERE day = NEW.day - 1), NEW.day))
            ON CONFLICT (day) DO UPDATE SET reviews = reviews + 1,
                review_state = review_state + excluded.review_state,
                recalled = recalled + excluded.recalled;
        -- A day filled in before an existing run joins the two (rare: back-dated
        -- answers); the usual insert for today finds nothing to update.
        UPDATE daily_activity
            SET run_start = (SELECT run_start FROM daily_activity WHERE day = NEW.day)
            WHERE day > NEW.day AND run_start = NEW.day + 1;
        UPDATE counters SET n = n + 1 WHERE name = 'reviews';
    END""",
    """CREATE TRIGGER review_log_summary_delete AFTER DELETE ON review_log BEGIN
        UPDATE daily_activity SET reviews = reviews - 1,
            review_state = review_state - (OLD.prev_state IS 2),
            recalled = recalled - (OLD.prev_state IS 2 AND OLD.rating > 1)
            WHERE day = OLD.day;
        -- A day left empty splits its run (undo of an older answer).
        UPDATE daily_activity SET run_start = OLD.day + 1
            WHERE day > OLD.day AND run_start <= OLD.day
            AND (SELECT reviews FROM daily_activity WHERE day = OLD.day) = 0;
        DELETE FROM daily_activity WHERE day = OLD.day AND reviews = 0;
        UPDATE counters SET n = n - 1 WHERE name = 'reviews';
    END""",
]

# Recompute every summary from the base tables: used by the migration and
# by `ReviewStore.rebuild_summaries()` (repair, tests comparing with triggers).
REBUILD_SUMMARIES = [
    "DELETE FROM counters",
    """INSERT INTO counters (name, n) VALUES
        ('reviews', (SELECT count(*) FROM review_log)),
        ('cards_seen', (SELECT count(*) FROM items WHERE kind = 'card'
                        AND stability IS NOT NULL)),
        ('cards_removed', (SELECT count(*) FROM items WHERE kind = 'card' AND active = 0
                           AND stability IS NOT NULL))""",
    "DELETE FROM deck_totals",
    f"""INSERT INTO deck_totals (deck, cards, seen, mature)
        SELECT i.deck, count(*), sum({_c(_SEEN, "i")}), sum({_c(_MATURE, "i")})
        FROM items i WHERE {_c(_IN_DECK, "i")} GROUP BY i.deck""",
    "DELETE FROM tag_totals",
    f"""INSERT INTO tag_totals (tag, cards, seen, mature)
        SELECT t.tag, sum({_c(_IN_DECK, "i")}), sum({_c(_SEEN, "i")}), sum({_c(_MATURE, "i")})
        FROM item_tags t JOIN items i ON i.id = t.item_id GROUP BY t.tag""",
    "DELETE FROM daily_activity",
    """INSERT INTO daily_activity (day, reviews, review_state, recalled, run_start)
        WITH per_day AS (
            SELECT day, count(*) AS n, sum(prev_state IS 2) AS rs,
                   sum(prev_state IS 2 AND rating > 1) AS rc
            FROM review_log GROUP BY day),
        islands AS (SELECT *, day - row_number() OVER (ORDER BY day) AS island FROM per_day)
        SELECT day, n, rs, rc, min(day) OVER (PARTITION BY island) FROM islands""",
]

# Version 2: tags, rewrite detection, leech/retention bookkeeping, study days,
# mock interviews, summaries, and the indices that keep queue and stats
# sub-linear in the size of the collection.
_V2 = [
    # Tags joined by newlines, only to notice changes cheaply; item_tags is
    # what queries use.
    "ALTER TABLE items ADD COLUMN tags TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE items ADD COLUMN reviewed_hash TEXT",
    "ALTER TABLE items ADD COLUMN first_review_ms INTEGER",
    "UPDATE items SET reviewed_hash = content_hash WHERE reps > 0",
    """UPDATE items SET first_review_ms =
        (SELECT min(reviewed_ms) FROM review_log WHERE item_id = items.id)""",
    "ALTER TABLE review_log ADD COLUMN prev_state INTEGER",
    "ALTER TABLE review_log ADD COLUMN attempt_id INTEGER REFERENCES attempts(id)",
    # The study day (local date, days since 1970) is fixed when answering, in
    # the user's time zone then. Version 1 kept no zone: assume UTC, 04:00.
    "ALTER TABLE review_log ADD COLUMN day INTEGER NOT NULL DEFAULT 0",
    "UPDATE review_log SET prev_state = json_extract(prev, '$.state')",
    "UPDATE review_log SET day = (reviewed_ms - 4 * 3600000) / 86400000",
    "ALTER TABLE attempts ADD COLUMN failed_submissions INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE attempts ADD COLUMN gave_up INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE attempts ADD COLUMN mode TEXT NOT NULL DEFAULT 'drill'",
    """CREATE TABLE item_tags (
        item_id INTEGER NOT NULL REFERENCES items(id),
        tag TEXT NOT NULL,
        PRIMARY KEY (tag, item_id)
    )""",  # not WITHOUT ROWID: SQLite 3.40's quick_check reports false NULLs there
    "CREATE INDEX item_tags_item ON item_tags (item_id)",
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
    # Covering (kind, key): the queue reads due items without touching rows.
    """CREATE INDEX items_due ON items (state, active, due_ms, kind, key)
        WHERE state IS NOT NULL""",
    "CREATE INDEX items_new ON items (kind, active, position, key) WHERE state IS NULL",
    "CREATE INDEX items_first_review ON items (first_review_ms, kind)",
    "CREATE INDEX items_lapses ON items (lapses)",
    """CREATE INDEX items_rewritten ON items (kind, active, key)
        WHERE reviewed_hash IS NOT NULL AND reviewed_hash != content_hash""",
    "CREATE INDEX review_log_time ON review_log (reviewed_ms)",
    "CREATE INDEX attempts_exercise ON attempts (exercise, verdict, gave_up, time_used_ms)",
    *_SUMMARY_TABLES,
    *REBUILD_SUMMARIES,
    *_TRIGGERS,
]

# Version 3: what a mock interview was given and what the user wrote, so the
# report (and its Markdown export) can say both later.
_V3 = [
    "ALTER TABLE mock_sessions ADD COLUMN time_limit_ms INTEGER",
    "ALTER TABLE mock_items ADD COLUMN answer_text TEXT",
]

# Version 4: which mock items were answered (one the clock cut off scores 0
# but says nothing about memory), and cram answers, kept apart from the
# review log so that cramming never moves a schedule or a statistic.
_V4 = [
    "ALTER TABLE mock_items ADD COLUMN answered INTEGER NOT NULL DEFAULT 1",
    """CREATE TABLE cram_log (
        id INTEGER PRIMARY KEY,
        item_id INTEGER NOT NULL REFERENCES items(id),
        rating INTEGER NOT NULL,
        reviewed_ms INTEGER NOT NULL,
        duration_ms INTEGER
    )""",
]

# Version 5: whether an accepted attempt's time is a solve time ("Best time"): not
# when it was handed in from a draft filled in an earlier sitting, nor right after
# the model answer was shown. Older attempts keep counting (nothing says otherwise).
_V5 = [
    "ALTER TABLE attempts ADD COLUMN counts_for_best INTEGER NOT NULL DEFAULT 1",
]

MIGRATIONS: list[list[str]] = [_V1, _V2, _V3, _V4, _V5]
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
    try:
        # A folder or a FIFO named quizapp.db must not be opened (a FIFO would block).
        info = path.stat() if path.exists() else None
        if info is not None and not stat.S_ISREG(info.st_mode):
            raise DatabaseUnusable(path, "it is a folder or a special file, not a database file")
        if info is not None and info.st_size > 0 and not _looks_like_sqlite(path):
            raise CorruptDatabase(path, "no SQLite header")
        home.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnusable(path, exc.strerror or str(exc)) from None
    # isolation_level=None: we issue BEGIN/COMMIT ourselves, so each answer is
    # its own transaction and nothing waits in an implicit one.
    try:
        conn = sqlite3.connect(
            path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise DatabaseUnusable(path, str(exc)) from None
    try:
        _check_and_migrate(conn, path, busy_timeout)
        from quizapp.review.integrity import check_database

        check_database(conn, path)
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
        if is_file_problem(exc):  # e.g. quizapp.db-wal is a folder: the file is fine, its room is not
            raise DatabaseUnusable(path, str(exc)) from exc
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
        if is_file_problem(exc):  # read-only file or folder, disk full
            raise DatabaseUnusable(path, str(exc)) from exc
        if is_schema_damage(exc):  # a user_version hand-set below the tables there: rolled back
            raise CorruptDatabase(path, str(exc)) from exc
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


_FILE_PROBLEMS = ("readonly", "read-only", "unable to open", "disk i/o", "disk is full", "out of memory")


def is_file_problem(exc: sqlite3.OperationalError) -> bool:
    """The file or its folder is at fault (permissions, space), not the SQL: the user's to fix."""
    text = str(exc).lower()
    return any(words in text for words in _FILE_PROBLEMS)


# What an OperationalError says when the file's tables, not quizapp's SQL, are at fault:
# a table or column gone or already there (a hand edit, another program), text that is not UTF-8.
_SCHEMA_DAMAGE = ("no such table", "no such column", "has no column", "already exists", "duplicate column", "decode")


def is_schema_damage(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return any(words in text for words in _SCHEMA_DAMAGE)


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
