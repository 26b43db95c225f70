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
from quizapp.content.model import (
    LANGUAGES,
    Card,
    Catalog,
    ChoiceCard,
    Deck,
    Entry,
    Exercise,
    QACard,
    Text,
    Tolerance,
)

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
