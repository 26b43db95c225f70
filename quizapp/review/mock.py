"""Mock-interview session records (a mixin of ReviewStore).

Only the record lives here: which items were asked, each item's score and
time, and the total. Running the interview is the mock-interview feature's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from quizapp.review.dbcore import StoreCore
from quizapp.review.timeutil import from_ms, to_ms, utc


@dataclass(frozen=True)
class MockItem:
    position: int
    item_kind: str  # "card" | "exercise" | anything the interview defines
    item_key: str
    score: float
    max_score: float
    time_used_ms: int
    answer_text: str | None = None  # a free-text answer typed during the interview
    answered: bool = True  # False: the interview ended before it was answered (score 0, no review)


@dataclass(frozen=True)
class MockSession:
    id: int
    title: str
    started: datetime
    finished: datetime | None
    items: tuple[MockItem, ...]
    time_limit_ms: int | None = None  # the time the session was given

    @property
    def answered_any(self) -> bool:
        """At least one item answered: only such a session is a baseline for the next."""
        return any(item.answered for item in self.items)

    @property
    def total_score(self) -> float:
        return sum(item.score for item in self.items)

    @property
    def max_score(self) -> float:
        return sum(item.max_score for item in self.items)

    @property
    def time_used_ms(self) -> int:
        return sum(item.time_used_ms for item in self.items)

    @property
    def duration_ms(self) -> int | None:
        if self.finished is None:
            return None
        return int((self.finished - self.started).total_seconds() * 1000)


class MockRecords(StoreCore):
    def start_mock(
        self, *, title: str = "", when: datetime | None = None, time_limit_minutes: int | None = None
    ) -> int:
        """Open a session record; returns its id."""
        limit_ms = None if time_limit_minutes is None else time_limit_minutes * 60_000
        with self._write() as conn:
            cur = conn.execute(
                "INSERT INTO mock_sessions (title, started_ms, time_limit_ms) VALUES (?, ?, ?)",
                (title, to_ms(utc(when)), limit_ms),
            )
            return int(cur.lastrowid or 0)

    def record_mock_item(
        self,
        session_id: int,
        *,
        item_kind: str,
        item_key: str,
        score: float,
        max_score: float,
        time_used_ms: int,
        answer_text: str | None = None,
        answered: bool = True,
    ) -> MockItem:
        """Append one scored item; committed at once like every answer."""
        if not 0 <= score <= max_score:
            raise ValueError(f"score {score} outside 0..{max_score}")
        with self._write() as conn:
            if conn.execute(
                "SELECT 1 FROM mock_sessions WHERE id = ?", (session_id,)
            ).fetchone() is None:
                raise KeyError(f"no mock session {session_id}")
            position = conn.execute(
                "SELECT coalesce(max(position), -1) + 1 FROM mock_items WHERE session_id = ?",
                (session_id,),
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO mock_items (session_id, position, item_kind, item_key, score, "
                "max_score, time_used_ms, answer_text, answered) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, position, item_kind, item_key, score, max_score, time_used_ms, answer_text,
                 int(answered)),
            )  # fmt: skip
        return MockItem(position, item_kind, item_key, score, max_score, time_used_ms, answer_text, answered)

    def finish_mock(self, session_id: int, *, when: datetime | None = None) -> MockSession:
        with self._write() as conn:
            conn.execute(
                "UPDATE mock_sessions SET finished_ms = ? WHERE id = ?",
                (to_ms(utc(when)), session_id),
            )
        return self.get_mock(session_id)

    def get_mock(self, session_id: int) -> MockSession:
        with self._read() as conn:
            row = conn.execute(
                "SELECT id, title, started_ms, finished_ms, time_limit_ms FROM mock_sessions WHERE id = ?",
                (session_id,),
            ).fetchone()
            if row is None:
                raise KeyError(f"no mock session {session_id}")
            items = conn.execute(
                "SELECT position, item_kind, item_key, score, max_score, time_used_ms, answer_text, "
                "answered FROM mock_items WHERE session_id = ? ORDER BY position",
                (session_id,),
            ).fetchall()
        return MockSession(
            id=row[0],
            title=row[1],
            started=from_ms(row[2]),
            finished=from_ms(row[3]) if row[3] is not None else None,
            items=tuple(MockItem(*item[:7], answered=bool(item[7])) for item in items),
            time_limit_ms=row[4],
        )

    def list_mocks(self, limit: int = 50) -> list[MockSession]:
        """Most recent sessions first."""
        with self._read() as conn:
            ids = [
                r[0]
                for r in conn.execute(
                    "SELECT id FROM mock_sessions ORDER BY id DESC LIMIT ?", (limit,)
                ).fetchall()
            ]
        return [self.get_mock(i) for i in ids]
