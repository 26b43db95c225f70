"""Review engine: FSRS scheduling, the SQLite history store, queues and stats.

No textual here. Names are re-exported lazily so that importing
`quizapp.review.commands` (done by `quizapp --help`) stays cheap: fsrs and
sqlite are loaded only when a name below is first used.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "ReviewStore": "store",
    "ReviewResult": "store",
    "UndoResult": "store",
    "SyncReport": "store",
    "LoggedReview": "store",
    "Attempt": "attempts",
    "AttemptResult": "attempts",
    "MockSession": "mock",
    "MockItem": "mock",
    "Queue": "queue",
    "QueueEntry": "queue",
    "build_queue": "queue",
    "Stats": "stats",
    "compute_stats": "stats",
    "Schedule": "scheduling",
    "Phase": "scheduling",
    "LEECH_LAPSES": "scheduling",
    "format_interval": "scheduling",
    "rating_from_attempt": "ratings",
    "rating_from_choice": "ratings",
    "Settings": "settings",
    "SETTINGS": "settings",
    "CardInfo": "protocols",
    "ExerciseInfo": "protocols",
    "StoreError": "errors",
    "CorruptDatabase": "errors",
    "ForeignDatabase": "errors",
    "NewerDatabase": "errors",
    "StoreBusy": "errors",
    "UnknownItem": "errors",
}

__all__ = [*_EXPORTS, "Rating"]


def __getattr__(name: str) -> Any:
    if name == "Rating":
        from fsrs import Rating

        return Rating
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'quizapp.review' has no attribute {name!r}")
    return getattr(importlib.import_module(f"quizapp.review.{module}"), name)
