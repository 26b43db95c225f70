"""The connection every part of the store shares, with its locking rules."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from datetime import tzinfo
from pathlib import Path

from quizapp.review.errors import CorruptDatabase, DatabaseUnusable, StoreBusy
from quizapp.review.schema import BUSY_TIMEOUT_S, is_file_problem, is_schema_damage, write_transaction


class StoreCore:
    """One SQLite connection, usable from the UI thread and worker threads.

    sqlite3 connections are not safe to use from two threads at once, so a
    lock serialises calls; each write is its own short transaction.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, tz: tzinfo | None = None) -> None:
        self._conn = conn
        self._path = path
        # Time zone that decides which study day an answer counts for
        # (None: the machine's local zone at the time of answering).
        self.tz = tz
        self._lock = threading.RLock()

    @property
    def path(self) -> Path:
        return self._path

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._translate(), write_transaction(self._conn, self._path) as conn:
            yield conn

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._translate():
            yield self._conn

    @contextlib.contextmanager
    def _translate(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.OperationalError as exc:
            text = str(exc).lower()
            if "locked" in text or "busy" in text:
                raise StoreBusy(self._path, BUSY_TIMEOUT_S) from exc
            if is_file_problem(exc):  # read-only, disk full: the user's to fix, not a crash
                raise DatabaseUnusable(self._path, str(exc)) from exc
            if is_schema_damage(exc):  # changed since it was opened and checked
                raise CorruptDatabase(self._path, str(exc)) from exc
            raise
        except sqlite3.DatabaseError as exc:
            # Damage found only once a page is actually read ("malformed").
            if isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError):
                raise
            raise CorruptDatabase(self._path, str(exc)) from exc
