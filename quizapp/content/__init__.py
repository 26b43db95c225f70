"""YAML content -> frozen models. No textual here."""

from quizapp.content.errors import ContentError, ContentErrors
from quizapp.content.loader import (
    LoadResult,
    content_roots,
    load_catalog,
    load_content,
    load_dirs,
    load_exercise,
)
from quizapp.content.model import LANGUAGES, Entry, Exercise, Text, Tolerance

TYPE_CHECKING = False
if TYPE_CHECKING:
    from quizapp.content.cards import Card, Catalog, ChoiceCard, Deck, QACard

__all__ = [
    "LANGUAGES",
    "Card",
    "Catalog",
    "ChoiceCard",
    "ContentError",
    "ContentErrors",
    "Deck",
    "Entry",
    "Exercise",
    "LoadResult",
    "QACard",
    "Text",
    "Tolerance",
    "content_roots",
    "load_catalog",
    "load_content",
    "load_dirs",
    "load_exercise",
]


def __getattr__(name: str) -> object:
    """Cards, decks and the catalog come from cards.py on first use (see model.py)."""
    if name in {"Card", "Catalog", "ChoiceCard", "Deck", "QACard"}:
        from quizapp.content import cards

        return getattr(cards, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
