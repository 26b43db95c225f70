"""ReviewStore: the user's review history and card schedules in SQLite.

Every answer is committed before the call returns, so a killed process loses
nothing already answered. Card identity is the YAML id (`key`); the integer
row id is only what fsrs sees as `card_id`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from fsrs import Rating

from quizapp.review import retire, schema
from quizapp.review.attempts import ExerciseRecords
from quizapp.review.dbcore import StoreCore
from quizapp.review.errors import UnknownItem
from quizapp.review.item_schedule import write_schedule
from quizapp.review.mock import MockRecords
from quizapp.review.protocols import CardInfo, ExerciseInfo
from quizapp.review.scheduling import Phase, Schedule, apply_rating, preview
from quizapp.review.settings import SETTINGS, Settings, validate
from quizapp.review.timeutil import from_ms, local_day, to_ms, utc

MODES = ("drill", "quiz", "mock")
_SCHEDULE_COLUMNS = "state, step, stability, difficulty, due_ms, last_review_ms, reps, lapses"


@dataclass(frozen=True)
class ReviewResult:
    kind: str
    key: str
    rating: Rating
    reviewed: datetime
    schedule: Schedule
    became_leech: bool

    @property
    def due(self) -> datetime:
        assert self.schedule.due_ms is not None
        return from_ms(self.schedule.due_ms)

    @property
    def interval(self) -> timedelta:
        return self.due - self.reviewed

    @property
    def phase(self) -> Phase:
        return self.schedule.phase


@dataclass(frozen=True)
class UndoResult:
    kind: str
    key: str
    rating: Rating
    reviewed: datetime
    restored: Schedule


@dataclass(frozen=True)
class LoggedReview:
    rating: Rating
    reviewed: datetime
    duration_ms: int | None
    mode: str
    retention: float


@dataclass(frozen=True)
class SyncReport:
    added: int
    updated: int
    deactivated: int  # left the content: history kept, no longer scheduled
    reactivated: int
    rewritten: tuple[str, ...]  # reviewed cards whose text changed since
    merged: tuple[str, ...] = ()  # replacement cards that took over a retired card's history


class ReviewStore(ExerciseRecords, MockRecords, StoreCore):
    @classmethod
    def open(cls, home: Path | None = None, *, tz: tzinfo | None = None) -> ReviewStore:
        """Open `home / "quizapp.db"`, creating or migrating it.

        `home` defaults to `quizapp.locations.data_home()`; `tz` decides which
        study day an answer counts for (default: local time).
        Raises CorruptDatabase, ForeignDatabase, NewerDatabase or StoreBusy;
        none of them writes to the file.
        """
        if home is None:
            from quizapp.locations import ensure_data_home

            home = ensure_data_home()
        return cls(schema.connect(home), schema.db_path(home), tz)

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- content -----------------------------------------------------------

    def sync_content(
        self,
        cards: Iterable[CardInfo],
        exercises: Iterable[ExerciseInfo] = (),
        retired: Mapping[str, str] | None = None,
    ) -> SyncReport:
        """Tell the store what content exists now (call after loading content).

        New ids get a row (state new); changed deck/tags/text are updated;
        ids gone from content are deactivated, keeping their history, unless
        `retired` maps them to a live card: then their history moves there
        (see retire.py). Only differences are written, so an unchanged reload
        is read-only.
        """
        wanted: dict[tuple[str, str], tuple[str, tuple[str, ...], str, int]] = {}
        for position, card in enumerate(cards):
            wanted[("card", card.id)] = (card.deck_id, tuple(card.tags), card.content_hash, position)
        for position, exercise in enumerate(exercises):
            wanted[("exercise", exercise.id)] = ("", (), "", position)

        with self._read() as conn:
            rows = conn.execute(
                "SELECT id, kind, key, deck, tags, content_hash, active, position, "
                "reviewed_hash, reps FROM items"
            ).fetchall()
        have = {(r[1], r[2]): r for r in rows}
        inserts, updates, deactivate = [], [], []
        tag_changes: list[tuple[int, tuple[str, ...]]] = []
        reactivated = 0
        rewritten: list[str] = []
        for ref, (deck, tag_tuple, chash, position) in wanted.items():
            tags = "\n".join(tag_tuple)
            row = have.get(ref)
            if row is None:
                inserts.append((ref[0], ref[1], deck, tags, chash, position, tag_tuple))
                continue
            item_id, _k, _key, old_deck, old_tags, old_hash, active, old_pos, rhash, reps = row
            if (old_deck, old_tags, old_hash, active, old_pos) != (deck, tags, chash, 1, position):
                updates.append((deck, tags, chash, position, item_id))
                reactivated += not active
            if old_tags != tags:
                tag_changes.append((item_id, tag_tuple))
            if reps and rhash is not None and rhash != chash and ref[0] == "card":
                rewritten.append(ref[1])
        for ref, row in have.items():
            if ref not in wanted and row[6]:
                deactivate.append((row[0],))
        live_cards = {key for kind, key in wanted if kind == "card"}
        with self._read() as conn:
            moves = retire.retired_with_history(conn, retired or {}, live_cards)

        if inserts or updates or deactivate or moves:
            with self._write() as conn:
                for kind, key, deck, tags, chash, position, tag_tuple in inserts:
                    cur = conn.execute(
                        "INSERT INTO items (kind, key, deck, tags, content_hash, position) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (kind, key, deck, tags, chash, position),
                    )
                    tag_changes.append((int(cur.lastrowid or 0), tag_tuple))
                conn.executemany(
                    "UPDATE items SET deck = ?, tags = ?, content_hash = ?, position = ?, "
                    "active = 1 WHERE id = ?",
                    updates,
                )
                conn.executemany("UPDATE items SET active = 0 WHERE id = ?", deactivate)
                for item_id, tag_tuple in tag_changes:
                    conn.execute("DELETE FROM item_tags WHERE item_id = ?", (item_id,))
                    conn.executemany(
                        "INSERT OR IGNORE INTO item_tags (item_id, tag) VALUES (?, ?)",
                        [(item_id, t) for t in tag_tuple],
                    )
                for new_key, old_ids in moves.items():
                    retire.absorb(conn, new_key, old_ids)
            if moves:
                rewritten = sorted(set(rewritten) | set(self.rewritten_cards()))
        return SyncReport(
            added=len(inserts),
            updated=len(updates),
            deactivated=len(deactivate),
            reactivated=reactivated,
            rewritten=tuple(sorted(rewritten)),
            merged=tuple(sorted(moves)),
        )

    def rewritten_cards(self) -> list[str]:
        """Active cards reviewed under a different text than they have now."""
        with self._read() as conn:
            rows = conn.execute(
                # Same condition as the partial index items_rewritten.
                "SELECT key FROM items WHERE kind = 'card' AND active = 1 "
                "AND reviewed_hash IS NOT NULL AND reviewed_hash != content_hash ORDER BY key"
            ).fetchall()
        return [r[0] for r in rows]

    # -- reviewing ---------------------------------------------------------

    def get_schedule(self, card_id: str, *, kind: str = "card") -> Schedule | None:
        with self._read() as conn:
            row = conn.execute(
                f"SELECT {_SCHEDULE_COLUMNS} FROM items WHERE kind = ? AND key = ?",
                (kind, card_id),
            ).fetchone()
        return Schedule(*row) if row else None

    def review(
        self,
        card_id: str,
        rating: Rating | int,
        *,
        mode: str = "drill",
        when: datetime | None = None,
        duration_ms: int | None = None,
        kind: str = "card",
    ) -> ReviewResult:
        """Record one answer and reschedule; committed before returning."""
        rating = Rating(rating)
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        # Whole milliseconds: what is stored is exactly what was computed
        # with, so replaying the log reproduces the state bit for bit.
        when_ms = to_ms(utc(when))
        with self._write() as conn:
            return self._review_in(conn, kind, card_id, rating, mode, when_ms, duration_ms, None)

    def _review_in(
        self,
        conn: sqlite3.Connection,
        kind: str,
        key: str,
        rating: Rating,
        mode: str,
        when_ms: int,
        duration_ms: int | None,
        attempt_id: int | None,
    ) -> ReviewResult:
        item_id, before, chash, reviewed_hash, first_ms = self._item_for_update(conn, kind, key)
        retention = float(self._setting_in(conn, "desired_retention"))
        rollover = int(self._setting_in(conn, "day_rollover_hour"))
        day = study_day_number(from_ms(when_ms), tz=self.tz, rollover_hour=rollover)
        after = apply_rating(
            item_id, before, rating, when_ms, desired_retention=retention, duration_ms=duration_ms
        )
        write_schedule(
            conn, item_id, after, reviewed_hash=chash, first_review_ms=when_ms, keep_first_review=True
        )
        prev = before.to_json_dict() | {"reviewed_hash": reviewed_hash, "first_review_ms": first_ms}
        conn.execute(
            "INSERT INTO review_log (item_id, rating, reviewed_ms, duration_ms, mode, retention, "
            "prev, prev_state, attempt_id, day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                item_id, int(rating), when_ms, duration_ms, mode, retention,
                json.dumps(prev), before.state, attempt_id, day,
            ),
        )  # fmt: skip
        return ReviewResult(
            kind=kind,
            key=key,
            rating=rating,
            reviewed=from_ms(when_ms),
            schedule=after,
            became_leech=after.is_leech and not before.is_leech,
        )

    def _item_for_update(
        self, conn: sqlite3.Connection, kind: str, key: str
    ) -> tuple[int, Schedule, str, str | None, int | None]:
        if kind not in ("card", "exercise"):
            raise ValueError(f"kind must be 'card' or 'exercise', got {kind!r}")
        sql = (
            f"SELECT id, {_SCHEDULE_COLUMNS}, content_hash, reviewed_hash, first_review_ms "
            "FROM items WHERE kind = ? AND key = ?"
        )
        row = conn.execute(sql, (kind, key)).fetchone()
        if row is None:
            # An answer is never dropped for bookkeeping reasons: an item the
            # content sync has not announced yet simply gets a row now.
            conn.execute("INSERT INTO items (kind, key) VALUES (?, ?)", (kind, key))
            row = conn.execute(sql, (kind, key)).fetchone()
        return row[0], Schedule(*row[1:9]), row[9], row[10], row[11]

    def preview_intervals(
        self, card_id: str, when: datetime | None = None, *, kind: str = "card"
    ) -> dict[Rating, timedelta]:
        """Next interval for each of the four ratings (nothing is written)."""
        when_ms = to_ms(utc(when))
        with self._read() as conn:
            row = conn.execute(
                f"SELECT id, {_SCHEDULE_COLUMNS} FROM items WHERE kind = ? AND key = ?",
                (kind, card_id),
            ).fetchone()
            retention = float(self._setting_in(conn, "desired_retention"))
        item_id, sched = (row[0], Schedule(*row[1:])) if row else (0, Schedule())
        return preview(item_id, sched, when_ms, desired_retention=retention)

    def undo_last_review(self) -> UndoResult | None:
        """Take back the most recent answer given by hand.

        Reviews derived from exercise attempts are part of the attempt's
        record and are not undone; then None is returned, as with no reviews.
        """
        with self._write() as conn:
            row = conn.execute(
                "SELECT l.id, l.item_id, l.rating, l.reviewed_ms, l.prev, l.attempt_id, i.kind, "
                "i.key FROM review_log l JOIN items i ON i.id = l.item_id "
                "ORDER BY l.id DESC LIMIT 1"
            ).fetchone()
            if row is None or row[5] is not None:
                return None
            log_id, item_id, rating, reviewed_ms, prev_json, _att, kind, key = row
            prev = json.loads(prev_json)
            restored = Schedule.from_json_dict(prev)
            write_schedule(
                conn, item_id, restored,
                reviewed_hash=prev.get("reviewed_hash"), first_review_ms=prev.get("first_review_ms"),
            )  # fmt: skip
            conn.execute("DELETE FROM review_log WHERE id = ?", (log_id,))
        return UndoResult(kind, key, Rating(rating), from_ms(reviewed_ms), restored)

    # -- cram: answers that move no schedule ----------------------------------

    def cram(self, card_id: str, rating: Rating | int, *, when: datetime | None = None,
             duration_ms: int | None = None) -> None:
        """Log a cram answer: kept in its own table, so no schedule, count or statistic moves."""
        rating = Rating(rating)
        with self._write() as conn:
            item_id = self._item_for_update(conn, "card", card_id)[0]
            conn.execute(
                "INSERT INTO cram_log (item_id, rating, reviewed_ms, duration_ms) VALUES (?, ?, ?, ?)",
                (item_id, int(rating), to_ms(utc(when)), duration_ms),
            )

    def undo_last_cram(self) -> str | None:
        """Take back the newest cram answer; the card it belonged to, or None."""
        with self._write() as conn:
            row = conn.execute(
                "SELECT c.id, i.key FROM cram_log c JOIN items i ON i.id = c.item_id ORDER BY c.id DESC LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            conn.execute("DELETE FROM cram_log WHERE id = ?", (row[0],))
        return str(row[1])

    def cram_history(self, card_id: str) -> list[int]:
        """The ratings of a card's cram answers, oldest first."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT c.rating FROM cram_log c JOIN items i ON i.id = c.item_id "
                "WHERE i.kind = 'card' AND i.key = ? ORDER BY c.id",
                (card_id,),
            ).fetchall()
        return [int(r[0]) for r in rows]

    def review_history(self, card_id: str, *, kind: str = "card") -> list[LoggedReview]:
        with self._read() as conn:
            rows = conn.execute(
                "SELECT l.rating, l.reviewed_ms, l.duration_ms, l.mode, l.retention "
                "FROM review_log l JOIN items i ON i.id = l.item_id "
                "WHERE i.kind = ? AND i.key = ? ORDER BY l.id",
                (kind, card_id),
            ).fetchall()
        return [LoggedReview(Rating(r[0]), from_ms(r[1]), r[2], r[3], r[4]) for r in rows]

    def replay(self, card_id: str, *, kind: str = "card") -> Schedule:
        """Recompute an item's schedule from its review log alone.

        Equal to the stored schedule by construction; useful as a check and
        to repair a damaged `items` row.
        """
        with self._read() as conn:
            row = conn.execute(
                "SELECT id FROM items WHERE kind = ? AND key = ?", (kind, card_id)
            ).fetchone()
            if row is None:
                raise UnknownItem(f"{kind} {card_id!r} has no history")
            logs = conn.execute(
                "SELECT rating, reviewed_ms, duration_ms, retention FROM review_log "
                "WHERE item_id = ? ORDER BY id",
                (row[0],),
            ).fetchall()
        sched = Schedule()
        for rating, reviewed_ms, duration_ms, retention in logs:
            sched = apply_rating(
                row[0], sched, Rating(rating), reviewed_ms,
                desired_retention=retention, duration_ms=duration_ms,
            )  # fmt: skip
        return sched

    def leeches(self) -> list[str]:
        from quizapp.review.scheduling import LEECH_LAPSES

        with self._read() as conn:
            rows = conn.execute(
                "SELECT key FROM items WHERE lapses >= ? AND kind = 'card' ORDER BY lapses DESC, "
                "key",
                (LEECH_LAPSES,),
            ).fetchall()
        return [r[0] for r in rows]

    # -- settings ----------------------------------------------------------

    def get_setting(self, key: str) -> Any:
        """A setting's value, or its default (see settings.SETTINGS)."""
        with self._read() as conn:
            return self._setting_in(conn, key)

    def set_setting(self, key: str, value: Any) -> None:
        value = validate(key, value)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )

    def settings(self) -> Settings:
        with self._read() as conn:
            return Settings(**{key: self._setting_in(conn, key) for key in SETTINGS})

    @staticmethod
    def _setting_in(conn: sqlite3.Connection, key: str) -> Any:
        if key not in SETTINGS:
            raise KeyError(f"unknown setting {key!r}; known: {', '.join(SETTINGS)}")
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row is None:
            return SETTINGS[key].default
        try:
            return validate(key, json.loads(row[0]))
        except ValueError:
            # A hand-edited or stale value must not stop the app; fall back.
            return SETTINGS[key].default

    # -- maintenance -------------------------------------------------------

    def rebuild_summaries(self) -> None:
        """Recompute the trigger-maintained summary tables from scratch."""
        with self._write() as conn:
            for statement in schema.REBUILD_SUMMARIES:
                conn.execute(statement)

    def integrity_problems(self) -> list[str]:
        with self._read() as conn:
            return schema.integrity_problems(conn)


_EPOCH_DAY = date(1970, 1, 1)


def study_day_number(when: datetime, *, tz: tzinfo | None, rollover_hour: int) -> int:
    """Study day of `when` as days since 1970-01-01 (see timeutil.local_day)."""
    return (local_day(when, tz=tz, rollover_hour=rollover_hour) - _EPOCH_DAY).days


__all__: Sequence[str] = [
    "LoggedReview",
    "ReviewResult",
    "ReviewStore",
    "SyncReport",
    "UndoResult",
    "study_day_number",
]
