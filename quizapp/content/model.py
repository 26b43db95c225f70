"""Frozen models of exercises and of the texts every model shares, as the loader builds them.

Cards, decks and the catalog are in cards.py (still importable from here): `quizapp
grade` needs an exercise only, and defining a frozen dataclass costs about a
millisecond at import.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

LANGUAGES = ("zh", "en")
NEUTRAL = "*"  # the language of a text written once for every language
# An exercise's model answer is `model/<id>.py` beside its YAML: a plain Python file,
# so authors edit and lint it as code; the grader's oracle stays in solutions/.
MODEL_ANSWERS = "model"
MAX_MODEL_ANSWER_BYTES = 64 * 1024


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

    @property
    def model_answer_path(self) -> Path | None:
        return self.path.parent / MODEL_ANSWERS / f"{self.id}.py" if self.path else None

    def model_answer(self) -> str | None:
        """The model answer's source, or None if the exercise has none.

        Read on demand (the solution screen, `quizapp check`), never at load. Raises
        InputProblem or OSError if the file is there but unreadable or too large, and
        UnicodeDecodeError if it is not UTF-8.
        """
        from quizapp.boundedio import read_bounded

        path = self.model_answer_path
        if path is None or not path.exists():
            return None
        return read_bounded(path, MAX_MODEL_ANSWER_BYTES).decode("utf-8")

    def with_cases(self, cases: Any) -> Exercise:
        """A copy graded by an already parsed CaseSet (tests tighten limits this way)."""
        copy = replace(self)
        copy.__dict__["cases"] = cases
        return copy

    @cached_property
    def cases(self) -> Any:  # a quizapp.grading.casespec.CaseSet
        from quizapp.grading.casespec import parse_cases

        return parse_cases(self.cases_data)


_IN_CARDS = frozenset({"QACard", "ChoiceCard", "Card", "Deck", "Catalog"})


def __getattr__(name: str) -> Any:
    """`from quizapp.content.model import QACard` still works: cards.py is loaded on first use."""
    if name in _IN_CARDS:
        from quizapp.content import cards

        return getattr(cards, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
