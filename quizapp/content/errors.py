"""Content errors that point at the file, line, column and field."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from quizapp.i18n import in_lang


def resolved(path: Path) -> Path:
    """`path.resolve()`, or the path made absolute where it cannot be resolved.

    A link to itself (`ln -s x.yaml x.yaml`) makes resolve() raise RuntimeError (OSError from
    Python 3.13): a content folder the user downloaded may hold one.
    """
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def display_path(path: Path) -> str:
    """The path as a user would type it: relative to the working folder when inside it."""
    try:
        return os.path.relpath(path) if resolved(path).is_relative_to(Path.cwd()) else str(path)
    except (OSError, ValueError):
        return str(path)


@dataclass(frozen=True)
class ContentError:
    """One problem in a content file, with where it is and whose it is."""

    path: Path
    line: int
    col: int
    subject: str  # e.g. "card 'bn-why'", "" when the file itself is at fault
    message: str  # a Bilingual (quizapp/content/messages.py) from the loader: English as a str, Chinese in .zh

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str) -> str:
        """`file:line:col: subject: message` in `lang` (the place and the ids stay as written)."""
        where = f"{display_path(self.path)}:{self.line}:{self.col}"
        subject, message = in_lang(self.subject, lang), in_lang(self.message, lang)
        colon = "：" if lang == "zh" else ": "
        return f"{where}: {subject}{colon}{message}" if subject else f"{where}: {message}"

    def to_json(self, lang: str = "en") -> dict[str, object]:
        return {
            "file": display_path(self.path),
            "line": self.line,
            "col": self.col,
            "subject": in_lang(self.subject, lang),
            "message": in_lang(self.message, lang),
        }


class ContentErrors(Exception):
    """Raised by a strict load: every error found, not just the first."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))
