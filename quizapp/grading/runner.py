"""Spawn, feed, watch and reap the child that runs a submission. Standard library only.

A Child is started *before* the parent knows the job (the CLI starts it first thing, the
warm worker keeps one spare), so the child's start-up overlaps the parent's own work;
spawn.py starts it (a fresh interpreter, or on Linux a fork for `quizapp grade`).
The child's stdout and stderr are read without blocking and capped; the parent never
waits for EOF on them (a grandchild could hold them open forever). The verdict-relevant
facts (exit status, CPU time, wall time, output volume) are measured here, never taken
from the child's say-so.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizapp.grading import events as event_log
from quizapp.grading import parent_guard, spawn

OUTPUT_CAP = 2**20  # per stream, CONTRACT section 5
EVENTS_CAP = 8 * 2**20
PRE_GO_CAP = 64 * 1024  # "ready" and the lock-down report
READY_TIMEOUT = 15.0


@dataclass
class Outcome:
    """What the parent measured about one child run."""

    events: list[dict[str, Any]]
    exit_code: int | None  # None: killed by a signal
    signal: int | None
    cpu_seconds: float
    wall_seconds: float
    timed_out: bool = False  # the wall-clock backstop fired
    output_exceeded: str | None = None  # "stdout" or "stderr"
    stdout: bytes = b""
    stderr: bytes = b""
    out_dir: Path = field(default_factory=Path)
    # Measured by the parent before "go" (issue 14): the "sandbox" object of the report,
    # CPU time and resident memory at that moment, and whether the child was ready.
    sandbox: dict[str, Any] = field(default_factory=dict)
    ready: bool = True
    setup_error: str = ""  # the harness failed to lock down, before any submission existed
    cpu_at_go: float = 0.0
    rss_at_go: int = 0  # bytes
    max_rss: int = 0  # bytes, the child's peak over its whole life
    interference: str = ""  # why the event log cannot be believed, if it cannot


class _Proc:
    """The little of subprocess.Popen the runner needs, over a pid spawn.py started."""

    def __init__(self, spawned: spawn.Spawned) -> None:
        self.pid = spawned.pid
        self.stdin = os.fdopen(spawned.stdin_fd, "wb", buffering=0)
        self.stdout = os.fdopen(spawned.stdout_fd, "rb", buffering=0)
        self.stderr = os.fdopen(spawned.stderr_fd, "rb", buffering=0)
        self.returncode: int | None = None


class Child:
    """One child in its own session, with its own scratch folder.

    `spawned`: a child started earlier by spawn.spawn() or spawn.fork() (the CLI does so
    before it even parses its arguments); by default a fresh interpreter is started now.
    """

    def __init__(self, python: str | None = None, spawned: spawn.Spawned | None = None) -> None:
        spawned = spawned if spawned is not None else spawn.spawn(python)
        # issue 5 (sandbox): the grader is not dumpable (no core file with the
        # expected values, no ptrace or /proc/<pid>/mem by same-uid processes).
        # Set before any expected value exists; the child has no job yet.
        parent_guard.make_non_dumpable()
        self.scratch = Path(spawned.scratch)
        self.sandbox_uid: int | None = spawned.sandbox_uid
        self._events_fd = spawned.events_fd
        self.proc = _Proc(spawned)
        self._done = False
        # Filled in by start(): what the parent measured before "go".
        self._shape: tuple[int, list[int]] = (0, [])
        self._ready = False
        self._pre_go = b""
        self._setup_error = ""
        self._sandbox: dict[str, Any] = {}
        self._cpu_at_go = 0.0
        self._rss_at_go = 0

    # -- preparing the job -------------------------------------------------------------

    @property
    def in_dir(self) -> Path:
        return self.scratch / "in"

    @property
    def out_dir(self) -> Path:
        return self.scratch / "out"

    def alive(self) -> bool:
        if self._done:
            return False
        try:
            # WNOWAIT: look without reaping, so wait4 still gets the status and CPU time.
            return os.waitid(os.P_PID, self.proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None
        except ChildProcessError:
            return False

    def is_ready(self) -> bool:
        """The child has imported numpy and waits for its job."""
        try:
            return b'"ready"' in os.pread(self._events_fd, 256, 0)
        except OSError:
            return False

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.is_ready():
                return True
            if not self.alive():
                return False
            time.sleep(0.005)
        return False

    def start(self, job: dict[str, Any]) -> None:
        """Hand over the job (the input .npy files must be in `in_dir` already).

        First the parent looks at the child itself (issue 14): once it is ready, the log
        so far (written before any submission existed) is kept, and /proc/<pid> is
        read for the report's "sandbox" object, the CPU time and the memory at "go".
        """
        (self.scratch / "job.json").write_text(json.dumps(job), encoding="utf-8")
        self._shape = (len(job["cases"]), [len(c["steps"]) for c in job["cases"]])
        self._ready = self.wait_ready()
        try:
            self._pre_go = os.pread(self._events_fd, PRE_GO_CAP, 0)
        except OSError:
            self._pre_go = b""
        pre = event_log.pre_go(self._pre_go)
        self._setup_error = pre["judge_error"]
        self._ready = self._ready and pre["ready"]
        self._sandbox = parent_guard.measure(self.proc.pid, pre["active"], os.path.realpath(self.scratch / "work"))
        self._cpu_at_go = parent_guard.cpu_seconds(self.proc.pid)
        rss = parent_guard.read_status(self.proc.pid).get("VmRSS", "0 kB").split()[0]
        self._rss_at_go = int(rss) * 1024 if rss.isdigit() else 0
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(b"go\n")
            self.proc.stdin.close()
        except BrokenPipeError:
            pass  # it died already; wait() reports how
        self.go_time = time.monotonic()

    # -- watching it -------------------------------------------------------------------

    def wait(self, wall_limit: float) -> Outcome:
        """Collect capped output until the child exits or the backstop fires; reap the group."""
        deadline = self.go_time + wall_limit
        assert self.proc.stdout is not None and self.proc.stderr is not None
        streams = {self.proc.stdout.fileno(): "stdout", self.proc.stderr.fileno(): "stderr"}
        captured = {"stdout": bytearray(), "stderr": bytearray()}
        counts = {"stdout": 0, "stderr": 0}
        sel = selectors.DefaultSelector()
        for fd in streams:
            os.set_blocking(fd, False)
            sel.register(fd, selectors.EVENT_READ)
        pidfd = _pidfd(self.proc.pid)
        if pidfd is not None:
            sel.register(pidfd, selectors.EVENT_READ)
        timed_out = False
        exceeded: str | None = None
        status: tuple[int, int, Any] | None = None
        try:
            while True:
                status = _reap(self.proc.pid)
                if status is not None:
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    timed_out = True
                    break
                ready = sel.select(min(remaining, 0.05 if pidfd is None else remaining))
                for key, _ in ready:
                    if key.fd == pidfd:
                        continue
                    name = streams[key.fd]
                    if not self._pump(key.fd, name, captured, counts, sel):
                        continue
                    if counts[name] > OUTPUT_CAP:
                        exceeded = name
                if exceeded:
                    break
            if status is None:
                self._kill()
                status = _reap(self.proc.pid, block=True)
            # Whatever is buffered now, without waiting for EOF.
            for fd, name in streams.items():
                self._pump(fd, name, captured, counts, None)
                if counts[name] > OUTPUT_CAP and exceeded is None:
                    exceeded = name
        finally:
            sel.close()
            if pidfd is not None:
                os.close(pidfd)
            self._kill()  # grandchildren left in the group, if any
            self._done = True
        assert status is not None
        _, raw_status, usage = status
        exit_code = os.waitstatus_to_exitcode(raw_status)
        self.proc.returncode = exit_code  # reaped here: Popen must never wait on this pid again
        cpu = (usage.ru_utime + usage.ru_stime) if usage is not None else 0.0
        events, interference = self._events()
        return Outcome(
            events=events,
            exit_code=exit_code if exit_code >= 0 else None,
            signal=-exit_code if exit_code < 0 else None,
            cpu_seconds=cpu,
            wall_seconds=time.monotonic() - self.go_time,
            timed_out=timed_out,
            output_exceeded=exceeded,
            stdout=bytes(captured["stdout"][:OUTPUT_CAP]),
            stderr=bytes(captured["stderr"][:OUTPUT_CAP]),
            out_dir=self.out_dir,
            sandbox=self._sandbox,
            ready=self._ready,
            setup_error=self._setup_error,
            cpu_at_go=self._cpu_at_go,
            rss_at_go=self._rss_at_go,
            max_rss=usage.ru_maxrss * 1024 if usage is not None else 0,
            interference=interference,
        )

    def _pump(
        self,
        fd: int,
        name: str,
        captured: dict[str, bytearray],
        counts: dict[str, int],
        sel: selectors.BaseSelector | None,
    ) -> bool:
        while counts[name] <= OUTPUT_CAP:
            try:
                chunk = os.read(fd, 65536)
            except BlockingIOError:
                return True
            except OSError:
                chunk = b""
            if not chunk:
                if sel is not None:
                    with contextlib.suppress(KeyError, ValueError):
                        sel.unregister(fd)
                return False
            counts[name] += len(chunk)
            if len(captured[name]) < OUTPUT_CAP:
                captured[name] += chunk[: OUTPUT_CAP - len(captured[name])]
        return True

    def _events(self) -> tuple[list[dict[str, Any]], str]:
        """The events after "go", validated (events.py), or why they cannot be believed."""
        try:
            raw = os.pread(self._events_fd, EVENTS_CAP + 1, 0)
        except OSError:
            return [], ""
        if len(raw) > EVENTS_CAP:
            return [], "an event log over 8 MiB"
        if not raw.startswith(self._pre_go):
            return [], "the event log was rewritten"
        try:
            return event_log.parse(raw[len(self._pre_go) :], *self._shape), ""
        except event_log.Interference as exc:
            return [], str(exc)

    def _kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        # A forked child that has not reached its setsid() yet is in our group, not in
        # its own: kill it by pid as well (a no-op once it is dead, and never someone
        # else: it stays our unreaped child, so its pid cannot be reused).
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(self.proc.pid, signal.SIGKILL)
        if self.sandbox_uid is not None:
            # issue 5: killpg misses a grandchild that called setsid(); every
            # process of the run's own uid is found and killed (only pids newer
            # than the child are read, so this costs well under a millisecond).
            parent_guard.sweep(uid=self.sandbox_uid, newer_than=self.proc.pid)

    # -- cleaning up -------------------------------------------------------------------

    def discard(self) -> None:
        """Kill (if still running), reap and delete the scratch folder."""
        if not self._done:
            self._kill()
            status = _reap(self.proc.pid, block=True)
            self.proc.returncode = os.waitstatus_to_exitcode(status[1]) if status else -9
            self._done = True
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        if self._events_fd >= 0:
            os.close(self._events_fd)
            self._events_fd = -1
        # Deleting the scratch folder is slow-ish, so it happens beside the caller; the
        # thread is not a daemon, so the interpreter finishes it before exiting and a
        # `quizapp grade` run leaves nothing behind in the temp folder.
        threading.Thread(target=_remove_scratch, args=(str(self.scratch),), daemon=False).start()


def _remove_scratch(path: str) -> None:
    """Delete a run's scratch folder (issue 14: whatever the submission left in it); a
    folder that stays is said in one line on stderr, never with a traceback."""
    if not parent_guard.remove_tree(path):
        with contextlib.suppress(Exception):
            import sys

            print(f"quizapp: could not remove the grading folder {path}", file=sys.stderr)


def _pidfd(pid: int) -> int | None:
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


def _reap(pid: int, block: bool = False) -> tuple[int, int, Any] | None:
    """os.wait4 for the exit status *and* the child's CPU time; None if still running."""
    try:
        got, status, usage = os.wait4(pid, 0 if block else os.WNOHANG)
    except ChildProcessError:
        return (pid, 0, None)
    if got == 0:
        return None
    return got, status, usage
