"""The TUI's door to the app-wide catalogue in quizapp/i18n.py (the words live there, usable without textual)."""

from quizapp.i18n import LANGS, RATING_KEYS, WORDS, action_text, format_duration, tr, verdict_label

_WORDS = WORDS  # older name, still read by a few callers

__all__ = ["LANGS", "RATING_KEYS", "WORDS", "action_text", "format_duration", "tr", "verdict_label"]
