"""Home's first counts, computed on the other core while Textual starts.

Loading the content and opening the review store cost about as much pure
Python as Textual's own start-up. In a thread the two take turns on the GIL,
so the home screen waits for their sum. A forked child runs the same `boot()`
on another core instead, computes the home overview, sends it back pickled
through a pipe (a few kB) and exits; the app loads its own `Study` once home is
on screen. The counts the user sees are the real ones, read from the same
database by the same code.

Fork is used only where it is safe (quizapp/forking.py: Linux, in a process
with exactly one thread, since forking a threaded process can copy a lock that
some other thread holds). Anywhere else `start()` returns None and the app
loads in a thread as before.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import threading
from collections.abc import Callable
from typing import Any

from quizapp.forking import fork_is_safe


def can_fork() -> bool:
    """See quizapp/forking.py: Linux, and one thread in this process."""
    return fork_is_safe()


class Preview:
    """A forked child computing one picklable value; read it with `result()`."""

    def __init__(self, pid: int, fd: int) -> None:
        self._pid = pid
        self._fd = fd
        self._data = bytearray()
        self._lock = threading.Lock()
        self._done = False
        self.value: Any = None
        self.failed = False

    def result(self, timeout: float | None) -> Any:
        """The child's value, waiting at most `timeout` s (None: until it ends).

        None if it is not there yet or the child failed (then `failed` is set).
        """
        # Another thread may be blocked reading: wait for it no longer than `timeout`.
        if not self._lock.acquire(timeout=-1 if timeout is None else timeout):
            return None
        try:
            if not self._done:
                self._read(timeout)
            return self.value
        finally:
            self._lock.release()

    def wait(self) -> None:
        """Block until the child has ended (its writes to the data folder are done)."""
        self.result(None)

    def close(self, timeout: float = 2.0) -> None:
        """Reap the child as the app ends: let it finish for up to `timeout` s, then kill it.

        (Its database writes are transactions: a kill loses none of them halfway.)
        """
        if self.result(timeout) is None and not self._done:
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
            self.result(None)

    def _read(self, timeout: float | None) -> None:
        while True:
            ready, _, _ = select.select([self._fd], [], [], timeout)
            if not ready:
                return  # not yet; keep what was read so far
            chunk = os.read(self._fd, 1 << 16)
            if chunk:
                self._data += chunk
                continue
            self._finish()
            return

    def _finish(self) -> None:
        os.close(self._fd)
        _, status = os.waitpid(self._pid, 0)
        self._done = True
        if os.waitstatus_to_exitcode(status) == 0 and self._data:
            try:
                self.value = pickle.loads(bytes(self._data))
            except Exception:
                self.failed = True
        else:
            self.failed = True
        self._data = bytearray()


def start(compute: Callable[[], Any]) -> Preview | None:
    """Run `compute()` in a forked child if that is safe here; None if not."""
    if not can_fork():
        return None
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:  # the child: compute, write, and leave without any clean-up of the parent's state
        code = 1
        try:
            os.close(read_fd)
            payload = pickle.dumps(compute(), protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(payload)
            while view:
                view = view[os.write(write_fd, view):]
            code = 0
        except BaseException:  # noqa: BLE001 (whatever it is, the parent falls back to loading itself)
            code = 1
        finally:
            with contextlib.suppress(OSError):
                os.close(write_fd)
            os._exit(code)
    os.close(write_fd)
    return Preview(pid, read_fd)
