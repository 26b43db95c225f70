"""Frozen models of cards, decks and the catalog, as the loader builds them.

Separate from model.py (exercises and texts) so that `quizapp grade`, which needs one
exercise, does not pay for defining these; model.py still exports them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from quizapp.content.model import Exercise, Origin, Text


def _digest(payload: Any) -> str:
    import hashlib  # on first use: its import (OpenSSL) is not needed to start

    blob = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=_jsonable)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _jsonable(value: Any) -> Any:
    if isinstance(value, Text):
        return value.to_json()
    raise TypeError(type(value).__name__)


@dataclass(frozen=True)
class QACard:
    """A question answered in free text, self-graded on its key points."""

    kind: ClassVar[str] = "qa"
    id: str
    deck_id: str
    question: Text
    answer: Text
    key_points: tuple[Text, ...]
    details: Text | None = None  # depth shown below the answer after the reveal
    tags: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    origin: Origin | None = field(default=None, compare=False)

    @property
    def front(self) -> Text:
        return self.question

    @property
    def content_hash(self) -> str:
        """Changes when what the user recalls may have changed (not details, tags or refs)."""
        return _digest([self.kind, self.question, self.answer, list(self.key_points)])


@dataclass(frozen=True)
class ChoiceCard:
    """A multiple-choice question; `correct` holds the indices of the right options."""

    kind: ClassVar[str] = "choice"
    id: str
    deck_id: str
    question: Text
    options: tuple[Text, ...]
    correct: tuple[int, ...]
    explanation: Text
    tags: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    origin: Origin | None = field(default=None, compare=False)

    @property
    def front(self) -> Text:
        return self.question

    @property
    def multiple(self) -> bool:
        return len(self.correct) > 1

    @property
    def content_hash(self) -> str:
        return _digest([self.kind, self.question, list(self.options), list(self.correct)])


Card = QACard | ChoiceCard


@dataclass(frozen=True)
class Retirement:
    """A card id that left the content, and the live card that inherits its history."""

    old_id: str
    new_id: str
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Deck:
    """A titled set of cards, loaded from one YAML file."""

    id: str
    title: Text
    description: Text
    languages: tuple[str, ...]
    cards: tuple[Card, ...]
    origin: Origin | None = field(default=None, compare=False)
    retired: tuple[Retirement, ...] = ()


@dataclass(frozen=True)
class Catalog:
    """Every deck and exercise that loaded."""

    decks: tuple[Deck, ...] = ()
    exercises: tuple[Exercise, ...] = ()

    def cards(self) -> Iterator[Card]:
        for deck in self.decks:
            yield from deck.cards

    def deck(self, deck_id: str) -> Deck | None:
        return next((d for d in self.decks if d.id == deck_id), None)

    def card(self, card_id: str) -> Card | None:
        return next((c for c in self.cards() if c.id == card_id), None)

    def retired(self) -> dict[str, str]:
        """Every retired card id, mapped to the live card id that replaces it."""
        return {r.old_id: r.new_id for deck in self.decks for r in deck.retired}

    def exercise(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)
