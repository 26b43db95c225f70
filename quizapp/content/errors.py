"""Content errors that point at the file, line, column and field."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def display_path(path: Path) -> str:
    """The path as a user would type it: relative to the working folder when inside it."""
    try:
        return os.path.relpath(path) if path.resolve().is_relative_to(Path.cwd()) else str(path)
    except (OSError, ValueError):
        return str(path)


@dataclass(frozen=True)
class ContentError:
    """One problem in a content file, with where it is and whose it is."""

    path: Path
    line: int
    col: int
    subject: str  # e.g. "card 'bn-why'", "" when the file itself is at fault
    message: str

    def __str__(self) -> str:
        where = f"{display_path(self.path)}:{self.line}:{self.col}"
        return f"{where}: {self.subject}: {self.message}" if self.subject else f"{where}: {self.message}"

    def to_json(self) -> dict[str, object]:
        return {
            "file": display_path(self.path),
            "line": self.line,
            "col": self.col,
            "subject": self.subject,
            "message": self.message,
        }


class ContentErrors(Exception):
    """Raised by a strict load: every error found, not just the first."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))
