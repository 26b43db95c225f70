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


def check_data_home(*, writing: bool) -> Path:
    """`data_home()` if it can serve, else InputProblem (quizapp/userinput.py) saying why.

    Every command: the folder, if it exists, is a folder, and it can be created where it
    does not (no file in the way). `writing` (stats, config, mock, the app): created now,
    writable, and its quizapp.db, if any, a regular file. Read-only commands (list,
    check, grade) work from a read-only folder: only the parse cache is skipped.
    """
    import stat

    from quizapp.userinput import EXIT_DATA, InputProblem

    home = data_home()
    try:
        mode = home.stat().st_mode
    except FileNotFoundError:
        mode = None
    except NotADirectoryError:  # a file where a parent folder should be
        raise InputProblem("home_uncreatable", path=home, reason="a parent is a file") from None
    except OSError as exc:
        raise InputProblem("home_uncreatable", path=home, reason=exc.strerror or exc) from None
    if mode is not None and not stat.S_ISDIR(mode):
        raise InputProblem("home_not_dir", path=home)
    if mode is None:
        if not writing:
            _check_creatable(home)
            return home
        try:
            home.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputProblem("home_uncreatable", path=home, reason=exc.strerror or exc) from None
    if writing:
        if not os.access(home, os.W_OK | os.X_OK):
            raise InputProblem("home_unwritable", path=home)
        database = home / "quizapp.db"
        with contextlib.suppress(FileNotFoundError):
            if not stat.S_ISREG(database.stat().st_mode):
                raise InputProblem("db_not_file", EXIT_DATA, path=database)
    return home


def _check_creatable(home: Path) -> None:
    """Refuse a path under a file (`/etc/passwd/x`), which no mkdir could ever create."""
    from quizapp.userinput import InputProblem

    for parent in home.parents:
        try:
            if not parent.is_dir():
                if parent.exists():
                    raise InputProblem("home_uncreatable", path=home, reason=f"{parent} is a file")
                continue
        except OSError:
            return  # unreachable: the command that writes will say so
        return


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


def check_content_dirs(dirs: list[Path]) -> None:
    """Each `--content DIR` is an existing folder, else InputProblem (exit 2): never silently ignored."""
    from quizapp.userinput import InputProblem

    for folder in dirs:
        try:
            is_dir = folder.is_dir()
            exists = is_dir or folder.exists()
        except OSError:
            is_dir = exists = False
        if not exists:
            raise InputProblem("content_missing", path=folder)
        if not is_dir:
            raise InputProblem("content_not_dir", path=folder)


def check_output_file(target: Path) -> None:
    """A file about to be written: no folder or special file in its place, its folder there and writable.

    A FIFO nobody reads would block the write forever, and a device is never what
    a user means by "write the report here"; both are refused before any work.
    """
    import stat

    from quizapp.userinput import InputProblem

    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError:  # a file where a folder of the path should be
        mode = None
    if mode is not None:
        if stat.S_ISDIR(mode):
            raise InputProblem("target_is_dir", path=target)
        if not stat.S_ISREG(mode):
            raise InputProblem("target_special", path=target)
    folder = target.parent
    try:
        folder_mode = folder.stat().st_mode
    except FileNotFoundError:
        raise InputProblem("target_no_dir", path=target, folder=folder) from None
    except OSError:
        raise InputProblem("target_parent_not_dir", path=target, folder=folder) from None
    if not stat.S_ISDIR(folder_mode):
        raise InputProblem("target_parent_not_dir", path=target, folder=folder)
    writable = os.access(target, os.W_OK) if mode is not None else os.access(folder, os.W_OK | os.X_OK)
    if not writable:
        raise InputProblem("target_unwritable", path=target)
