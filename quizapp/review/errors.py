"""Errors the review store raises; each message is written for the end user."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base class: the review database cannot be used as it is."""


class CorruptDatabase(StoreError):
    """The file is not a readable SQLite database (damaged or truncated)."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        self.detail = detail
        super().__init__(
            f"the review database {path} is damaged or is not a SQLite file ({detail}). "
            "It was left untouched. Re-run with --move-corrupt-db to move it aside "
            "and start a fresh history."
        )


class ForeignDatabase(StoreError):
    """A valid SQLite file that some other program created."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        self.detail = detail
        super().__init__(
            f"{path} is a SQLite database, but not one quizapp created ({detail}). "
            "It was left untouched. Point QUIZAPP_HOME elsewhere, or re-run with "
            "--move-corrupt-db to move it aside."
        )


class NewerDatabase(StoreError):
    """Written by a newer quizapp whose schema this version does not know."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = path
        self.found = found
        self.supported = supported
        super().__init__(
            f"the review database {path} was written by a newer quizapp "
            f"(schema version {found}; this version understands up to {supported}). "
            "Upgrade quizapp to use it; the file was left untouched."
        )


class StoreBusy(StoreError):
    """Another process held the write lock for longer than the busy timeout."""

    def __init__(self, path: Path, seconds: float) -> None:
        self.path = path
        super().__init__(
            f"the review database {path} stayed locked by another quizapp process "
            f"for {seconds:g} s; close the other instance or try again."
        )


class UnknownItem(StoreError, KeyError):
    """A card or exercise id that the store has never been told about."""


class DatabaseUnusable(StoreError):
    """The database file cannot be opened or written: a folder in its place, permissions, space."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        self.detail = detail
        super().__init__(
            f"cannot use the review database {path} ({detail}). It was left untouched. "
            "Check that it is a file you can write (and the disk has room), or point QUIZAPP_HOME elsewhere."
        )
