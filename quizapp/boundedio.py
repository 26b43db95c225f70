"""Read a file the user named, never more than a limit and never waiting forever.

One reader for every file that comes from outside: `quizapp grade`'s FILE (and `-`,
standard input) and content files. What a file claims about itself is not trusted:
  * only regular files and pipes are read: a folder, a device (/dev/zero, a terminal
    named as a path) or a socket is refused before it is opened;
  * at most `limit + 1` bytes are read, whatever size the file reports (/proc files
    report 0, a device would go on forever);
  * a pipe or FIFO is opened without blocking and polled: a FIFO nobody writes to,
    or a pipe that stays silent for PIPE_SILENCE_S, is an error, not a hang.
Standard input is read as it is (a terminal waits for Ctrl+D, as `cat -` does), with
the same limit, and the same silence rule when it is a pipe.

Only the standard library, imported as needed: the grade fast path reads through here.
"""

from __future__ import annotations

import os
import stat

from quizapp.userinput import InputProblem

PIPE_SILENCE_S = 5.0
_CHUNK = 1 << 16


STDIN_NAME = "- (standard input)"


def describe_limit(limit: int) -> str:
    if limit % 2**20 == 0:
        return f"{limit // 2**20} MiB"
    return f"{limit // 1024} KiB" if limit % 1024 == 0 else f"{limit} bytes"


def _refuse_kind(mode: int, name: str, allow_pipes: bool = True) -> None:
    if stat.S_ISDIR(mode):
        raise InputProblem("is_dir", path=name)
    if not (stat.S_ISREG(mode) or (allow_pipes and stat.S_ISFIFO(mode))):
        raise InputProblem("special", path=name)


def _os_problem(exc: OSError, name: str) -> InputProblem:
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return InputProblem("missing", path=name)
    if isinstance(exc, PermissionError):
        return InputProblem("denied", path=name)
    return InputProblem("unreadable", path=name, reason=exc.strerror or type(exc).__name__)


def read_bounded(
    path: str | os.PathLike[str], limit: int, *, silence_s: float = PIPE_SILENCE_S, allow_pipes: bool = True
) -> bytes:
    """The bytes of `path` (`-`: standard input), or InputProblem saying why not.

    `allow_pipes=False` refuses a FIFO too: for a file read while a screen waits
    (a draft), where even a few seconds of polling would freeze the app.
    """
    name = os.fspath(path)
    if name == "-":
        return _read_stdin(limit, silence_s)
    try:
        _refuse_kind(os.stat(name).st_mode, name, allow_pipes)  # before open: opening a device may itself act
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise _os_problem(exc, name) from None
    except ValueError:  # a NUL in the name
        raise InputProblem("missing", path=name.replace("\0", "\\0")) from None
    try:
        mode = os.fstat(fd).st_mode
        _refuse_kind(mode, name, allow_pipes)  # what was opened, should the path have changed since
        return _read_fd(fd, limit, name, silence_s if stat.S_ISFIFO(mode) else None)
    except OSError as exc:
        raise _os_problem(exc, name) from None
    finally:
        os.close(fd)


def _read_stdin(limit: int, silence_s: float) -> bytes:
    name = STDIN_NAME
    try:
        mode = os.fstat(0).st_mode
    except OSError:
        raise InputProblem("no_stdin") from None
    if stat.S_ISDIR(mode):  # `< folder` is refused by shells, but a parent process may do it
        raise InputProblem("is_dir", path=name)
    waits = stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)
    if os.isatty(0):  # a person typing (or pasting): say how to finish, as nothing else will
        import sys

        from quizapp.userinput import say

        print(f"quizapp: {say('stdin_tty')}", file=sys.stderr)
    try:
        return _read_fd(0, limit, name, silence_s if waits else None)
    except OSError as exc:
        raise _os_problem(exc, name) from None


def _read_fd(fd: int, limit: int, name: str, silence_s: float | None) -> bytes:
    """Up to `limit` bytes; with `silence_s`, poll first and give up after that long with nothing."""
    poller = None
    if silence_s is not None:
        import select

        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLPRI)
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        if poller is not None and not poller.poll(silence_s * 1000):
            raise InputProblem("silent_pipe", path=name, seconds=f"{silence_s:g}")
        try:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
        except BlockingIOError:  # woken, but another reader took the bytes
            continue
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:
        raise InputProblem("too_large", path=name, limit=describe_limit(limit))
    return b"".join(chunks)


def read_draft(path: str | os.PathLike[str]) -> str | None:
    """A code draft the user may have edited in their own editor, or None when it is not usable text.

    The drafts folder is the user's: a FIFO, a device or a huge file put there must
    not freeze or swamp the app, which then falls back to the stored draft.
    """
    from quizapp.grading.commands import MAX_SOURCE_BYTES  # as much as a grade takes

    try:
        return read_bounded(path, MAX_SOURCE_BYTES, allow_pipes=False).decode("utf-8")
    except (InputProblem, UnicodeDecodeError):
        return None
