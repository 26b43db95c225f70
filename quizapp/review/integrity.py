"""Is the database quizapp's schema, holding values of the types the app reads? Checked at open.

SQLite keeps whatever a hand edit or another program writes: a table dropped, a column
renamed, text where a time should be, a time past the year 9999. Read later, each of those
ended in a traceback far from its cause (a drill screen, an export). So `connect` asks here
once, after migrating: the tables, columns and triggers are the ones the migrations make,
and every value the app reads has its type and range. A problem raises CorruptDatabase,
naming the table, row and column; the file is left as it is (`--move-corrupt-db` moves it).
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from pathlib import Path

from quizapp.review.errors import CorruptDatabase

# Times are epoch milliseconds; past year 9999 Python's datetime cannot hold them.
_MS = "typeof({c}) = 'integer' AND {c} BETWEEN 0 AND 253402300799999"
_COUNT = "typeof({c}) = 'integer' AND {c} BETWEEN 0 AND 2147483647"
_INT = "typeof({c}) = 'integer' AND {c} BETWEEN -2147483648 AND 2147483647"
_SPAN = "typeof({c}) = 'integer' AND {c} >= 0"  # a duration in ms: a card left open for weeks is one
_FLAG = "{c} IN (0, 1) AND typeof({c}) = 'integer'"
_TEXT = "typeof({c}) = 'text'"
_INTEGER = "typeof({c}) = 'integer'"
_REAL = "typeof({c}) IN ('integer', 'real') AND {c} BETWEEN {low} AND {high}"


def _maybe(rule: str) -> str:
    return f"{{c}} IS NULL OR ({rule})"


# Per table: column -> the condition every row's value meets (`{c}` is the column).
RULES: dict[str, dict[str, str]] = {
    "items": {
        "kind": "{c} IN ('card', 'exercise')",
        "key": _TEXT,
        "deck": _TEXT,
        "content_hash": _TEXT,
        "active": _FLAG,
        "position": _INT,
        "state": _maybe("{c} IN (1, 2, 3) AND typeof({c}) = 'integer'"),  # fsrs.State
        "step": _maybe(_COUNT),
        "stability": _maybe(_REAL.format(c="{c}", low=0, high=1e9)),
        "difficulty": _maybe(_REAL.format(c="{c}", low=0, high=100)),
        "due_ms": _maybe(_MS),
        "last_review_ms": _maybe(_MS),
        "reps": _COUNT,
        "lapses": _COUNT,
        "tags": _TEXT,
        "reviewed_hash": _maybe(_TEXT),
        "first_review_ms": _maybe(_MS),
    },
    "review_log": {
        "item_id": "{c} IN (SELECT id FROM items)",
        "rating": "{c} IN (1, 2, 3, 4) AND typeof({c}) = 'integer'",
        "reviewed_ms": _MS,
        "duration_ms": _maybe(_SPAN),
        "mode": "{c} IN ('drill', 'quiz', 'mock')",
        "retention": _REAL.format(c="{c}", low=0, high=1),
        "prev": "typeof({c}) = 'text' AND json_valid({c})",
        "prev_state": _maybe("{c} IN (1, 2, 3) AND typeof({c}) = 'integer'"),
        "attempt_id": _maybe("typeof({c}) = 'integer'"),
        "day": "typeof({c}) = 'integer' AND {c} BETWEEN -1 AND 2932896",
    },
    "attempts": {
        "exercise": _TEXT,
        "finished_ms": _MS,
        "verdict": _TEXT,
        "passed": _COUNT,
        "total": _COUNT,
        "time_used_ms": _SPAN,
        "timed": _FLAG,
        "hints_used": _COUNT,
        "code": _TEXT,
        "failed_submissions": _COUNT,
        "gave_up": _FLAG,
        "mode": _TEXT,
        "counts_for_best": _FLAG,
    },
    "drafts": {"exercise": _TEXT, "code": _TEXT, "saved_ms": _MS},
    "settings": {"key": _TEXT, "value": _TEXT},
    "item_tags": {"tag": _TEXT},
    "mock_sessions": {
        "title": _TEXT,
        "started_ms": _MS,
        "finished_ms": _maybe(_MS),
        "time_limit_ms": _maybe(_SPAN),
    },
    "mock_items": {
        "session_id": "{c} IN (SELECT id FROM mock_sessions)",
        "position": _COUNT,
        "item_kind": _TEXT,
        "item_key": _TEXT,
        "score": _REAL.format(c="{c}", low=0, high=1e6),
        "max_score": _REAL.format(c="{c}", low=0, high=1e6),
        "time_used_ms": _SPAN,
        "answer_text": _maybe(_TEXT),
        "answered": _FLAG,
    },
    "counters": {"name": _TEXT, "n": _INT},
    "deck_totals": {"deck": _TEXT, "cards": _INT, "seen": _INT, "mature": _INT},
    "tag_totals": {"tag": _TEXT, "cards": _INT, "seen": _INT, "mature": _INT},
    "daily_activity": dict.fromkeys(("day", "reviews", "review_state", "recalled", "run_start"), _INTEGER),
    "cram_log": {
        "item_id": "{c} IN (SELECT id FROM items)",
        "rating": "{c} IN (1, 2, 3, 4) AND typeof({c}) = 'integer'",
        "reviewed_ms": _MS,
        "duration_ms": _maybe(_SPAN),
    },
}


@lru_cache(maxsize=1)
def expected_schema() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """The tables (with their columns) and triggers (with their SQL) the migrations make."""
    from quizapp.review.schema import MIGRATIONS

    conn = sqlite3.connect(":memory:")
    try:
        for statements in MIGRATIONS:
            for statement in statements:
                conn.execute(statement)
        return _schema_of(conn)
    finally:
        conn.close()


def _schema_of(conn: sqlite3.Connection) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    tables: dict[str, list[str]] = {}
    for table, column in conn.execute(
        "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY p.cid"
    ):
        tables.setdefault(table, []).append(column)
    triggers = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    return {t: tuple(c) for t, c in tables.items()}, triggers


def schema_problem(conn: sqlite3.Connection) -> str | None:
    """What differs from the schema the migrations make (extra tables are let be), or None."""
    want_tables, want_triggers = expected_schema()
    have_tables, have_triggers = _schema_of(conn)
    for table, columns in want_tables.items():
        if table not in have_tables:
            return f"the table '{table}' is missing"
        missing = [c for c in columns if c not in have_tables[table]]
        if missing:
            return f"the table '{table}' has no column '{missing[0]}'"
    for name, sql in want_triggers.items():
        if have_triggers.get(name) != sql:
            return f"the trigger '{name}' is missing or changed"
    extra = sorted(set(have_triggers) - set(want_triggers))
    if extra:
        return f"a trigger quizapp did not make: '{extra[0]}'"
    return None


# The logs grow with every answer (200,000 rows in bench/scale.py) and are read a few rows
# at a time, newest first: only their newest rows are checked at each open, so that
# opening costs what the collection's size does, not what its history's does.
RECENT_ONLY = {"review_log": 2_000, "cram_log": 2_000}


def value_problem(conn: sqlite3.Connection) -> str | None:
    """The first row holding a value the app cannot read, as 'table T, row N: column C holds V'."""
    for table, rules in RULES.items():
        checks = [(column, f"coalesce(({rule.format(c=column)}), 0)") for column, rule in rules.items()]
        which = " ".join(f"WHEN NOT {check} THEN '{column}'" for column, check in checks)
        every = " AND ".join(check for _column, check in checks)
        recent = RECENT_ONLY.get(table)
        window = f"rowid > (SELECT coalesce(max(rowid), 0) FROM {table}) - {recent} AND " if recent else ""
        row = conn.execute(
            f"SELECT rowid, CASE {which} END FROM {table} WHERE {window}NOT ({every}) LIMIT 1"
        ).fetchone()
        if row is not None:
            rowid, column = row
            (value,) = conn.execute(
                f"SELECT CASE WHEN typeof({column}) = 'blob' THEN 'bytes' ELSE substr(quote({column}), 1, 40) END "
                f"FROM {table} WHERE rowid = ?",
                (rowid,),
            ).fetchone()
            return f"table '{table}', row {rowid}: '{column}' holds {value}, which quizapp never writes there"
    return None


def check_database(conn: sqlite3.Connection, path: Path) -> None:
    """Raise CorruptDatabase if the schema or a value is not what quizapp wrote."""
    try:
        problem = schema_problem(conn) or value_problem(conn)
    except sqlite3.DatabaseError as exc:  # "malformed", or a column's text that is not UTF-8
        raise CorruptDatabase(path, str(exc)) from exc
    if problem:
        raise CorruptDatabase(path, problem)
