"""Small stand-ins for content models, shared by the review tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class FakeCard:
    id: str
    deck_id: str = "bn-basics"
    kind: str = "qa"
    tags: tuple[str, ...] = ()
    content_hash: str = "h0"


@dataclass(frozen=True)
class FakeExercise:
    id: str
    time_limit_minutes: int = 20


T0 = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)


def make_cards(n: int, *, decks: int = 2, prefix: str = "c") -> list[FakeCard]:
    return [
        FakeCard(id=f"{prefix}{i:05d}", deck_id=f"deck{i % decks}", tags=(f"t{i % 3}",))
        for i in range(n)
    ]
