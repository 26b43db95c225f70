"""Frozen models of decks, cards and exercises, as the loader builds them."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar

LANGUAGES = ("zh", "en")
NEUTRAL = "*"  # the language of a text written once for every language


@dataclass(frozen=True)
class Text:
    """A human text: one string for every language, or one per language."""

    values: tuple[tuple[str, str], ...]

    @classmethod
    def plain(cls, text: str) -> Text:
        return cls(((NEUTRAL, text),))

    @property
    def langs(self) -> frozenset[str]:
        return frozenset(lang for lang, _ in self.values)

    def has(self, lang: str) -> bool:
        return any(code in (lang, NEUTRAL) for code, _ in self.values)

    def get(self, lang: str) -> str:
        """The text in `lang`, else the neutral text, else the first one written."""
        by_lang = dict(self.values)
        for code in (lang, NEUTRAL, *LANGUAGES):
            if code in by_lang:
                return by_lang[code]
        return self.values[0][1] if self.values else ""

    def to_json(self) -> str | dict[str, str]:
        by_lang = dict(self.values)
        if set(by_lang) == {NEUTRAL}:
            return by_lang[NEUTRAL]
        return {lang: text for lang, text in self.values}


@dataclass(frozen=True)
class Origin:
    """Where a thing was written, for messages that send the author back to it."""

    path: Path
    line: int
    col: int = 1


def _digest(payload: Any) -> str:
    import hashlib  # here: its import (OpenSSL) would slow `quizapp grade`, which hashes nothing

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
    tags: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    origin: Origin | None = field(default=None, compare=False)

    @property
    def front(self) -> Text:
        return self.question

    @property
    def content_hash(self) -> str:
        """Changes when the card's meaning may have changed (not its tags or refs)."""
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
class Deck:
    """A titled set of cards, loaded from one YAML file."""

    id: str
    title: Text
    description: Text
    languages: tuple[str, ...]
    cards: tuple[Card, ...]
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Entry:
    """What the user's module must define: a class or a function of this name."""

    name: str
    kind: str  # "class" | "function"


@dataclass(frozen=True)
class Tolerance:
    """How close a float result must be: |got - want| <= atol + rtol * |want|."""

    atol: float
    rtol: float


@dataclass(frozen=True)
class Exercise:
    """A coding exercise: prompt, starter, hints, the reference it is judged by, and its cases."""

    id: str
    title: Text
    prompt: Text
    entry: Entry
    reference: str
    starter: str
    hints: tuple[Text, ...]
    explanation: Text
    time_limit_minutes: int
    tolerance: Mapping[str, Tolerance]
    # The `cases:` mapping as written. The grader owns its grammar; parsing it
    # costs more than the rest of the catalog, so it is parsed on first use
    # (`cases`), and up front only when validating (`quizapp check`, `grade`).
    cases_data: Any = field(hash=False)
    languages: tuple[str, ...] = LANGUAGES
    tags: tuple[str, ...] = ()
    order: int | None = None  # position in the course; new exercises are introduced in this order
    origin: Origin | None = field(default=None, compare=False)

    @property
    def path(self) -> Path | None:
        return self.origin.path if self.origin else None

    def with_cases(self, cases: Any) -> Exercise:
        """A copy graded by an already parsed CaseSet (tests tighten limits this way)."""
        copy = replace(self)
        copy.__dict__["cases"] = cases
        return copy

    @cached_property
    def cases(self) -> Any:  # a quizapp.grading.casespec.CaseSet
        from quizapp.grading.casespec import parse_cases

        return parse_cases(self.cases_data)


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

    def exercise(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)
