"""The TUI's door to the app-wide catalogue in quizapp/i18n.py (the words live there, usable without textual)."""

from collections.abc import Callable

from quizapp.content.model import Text
from quizapp.i18n import LANGS, RATING_KEYS, WORDS, action_text, format_duration, tr, verdict_label

_WORDS = WORDS  # older name, still read by a few callers


def in_every_language(render: Callable[[str], str]) -> Text:
    """A label built from the catalogue, kept in every language so `l` can show it again in the other one."""
    return Text(tuple((lang, render(lang)) for lang in LANGS))


__all__ = [
    "LANGS", "RATING_KEYS", "WORDS", "Text", "action_text", "format_duration", "in_every_language", "tr",
    "verdict_label",
]  # fmt: skip
