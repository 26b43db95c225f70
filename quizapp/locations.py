"""Where quizapp keeps things: the user's data folder and the built-in content.

Nothing here touches the disk at import time; the data folder is created only
by `ensure_data_home()`, right before the first write.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

APP_NAME = "quizapp"
HOME_ENV = "QUIZAPP_HOME"


def data_home() -> Path:
    """The folder that holds the user's data (database, drafts, own content)."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    # platformdirs is imported lazily: `quizapp --help` should not pay for it.
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def ensure_data_home() -> Path:
    """`data_home()`, created if missing (call right before writing)."""
    home = data_home()
    home.mkdir(parents=True, exist_ok=True)
    return home


def database_path() -> Path:
    return data_home() / "quizapp.db"


def user_content_dir() -> Path:
    """Users' own decks and exercises: `$QUIZAPP_HOME/content/`."""
    return data_home() / "content"


def builtin_content_dir() -> Path:
    """The content shipped with quizapp.

    In a wheel it is packaged as `quizapp/_content`; in a source checkout
    (editable install, tests) it is the repository's top-level `content/`.
    """
    packaged = Path(__file__).resolve().parent / "_content"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "content"


def repo_tests_dir() -> Path | None:
    """`tests/` of a source checkout (mutants and accepted solutions), if present.

    From an editable install it sits beside the package; from a regular install
    `quizapp check` finds it when run at the top of a checkout.
    """
    for candidate in (Path(__file__).resolve().parent.parent / "tests", Path.cwd() / "tests"):
        if (candidate / "mutants").is_dir() or (candidate / "accepted").is_dir():
            return candidate
    return None


def write_text_atomically(target: Path, text: str) -> None:
    """Replace `target` with `text` whole or not at all: a crash leaves the old file or the new.

    The text goes to a hidden temporary file beside it (named for this process, so two
    writers never share one), then takes the target's name in one rename.
    """
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
