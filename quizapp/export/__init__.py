"""Exports of the decks to other tools (no textual here: `quizapp export` stays headless)."""
