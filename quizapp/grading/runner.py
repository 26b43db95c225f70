"""Spawn, feed, watch and reap the child that runs a submission. Standard library only.

A Child is started *before* the parent knows the job (the CLI starts it first thing, the
warm worker keeps one spare), so the child's interpreter and numpy start-up overlaps the
parent's own. The child's stdout and stderr are read without blocking and capped; the
parent never waits for EOF on them (a grandchild could hold them open forever). The
verdict-relevant facts (exit status, CPU time, wall time, output volume) are measured
here, never taken from the child's say-so.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizapp.grading import parent_guard

HARNESS = Path(__file__).with_name("harness.py")
OUTPUT_CAP = 2**20  # per stream, CONTRACT section 5
EVENTS_CAP = 8 * 2**20
READY_TIMEOUT = 15.0
MAX_CPU_SECONDS = 20.0  # casespec.Limits caps an exercise's budget at these
MAX_MEMORY_BYTES = 2**30
_THREAD_VARS = (
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "BLIS_NUM_THREADS",
)


def numpy_paths() -> list[Path]:
    """numpy's package folder and its bundled-libraries sibling, found without importing it."""
    spec = importlib.util.find_spec("numpy")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("numpy is not installed")
    pkg = Path(next(iter(spec.submodule_search_locations))).resolve()
    return [p for p in (pkg, pkg.parent / "numpy.libs") if p.exists()]


def spare_policy(scratch: Path) -> dict[str, Any]:
    """What the sandbox (issue 5) enforces; the child locks down with it before its job.

    The CPU and memory figures are the most any exercise may set (casespec caps them);
    the harness lowers them to the job's own budget after "go".
    """
    read = sorted({os.path.realpath(sys.base_prefix), *(str(p) for p in numpy_paths())})
    policy: dict[str, Any] = {
        "scratch": str(scratch),
        "read_paths": read,
        # issue 5 (sandbox): only work/ and out/ are writable; the scratch folder
        # itself (job.json, policy.json, in/, lib/) is read-only to the child, so
        # it can neither rewrite its job nor swap out/ for a symlink.
        "write_paths": [str(scratch / "work"), str(scratch / "out")],
        "cpu_seconds": MAX_CPU_SECONDS,
        "memory_bytes": MAX_MEMORY_BYTES,
        "allow_network": False,
        "allow_subprocess": False,
    }
    if os.geteuid() == 0:
        # issue 5: as root the child drops to a uid of its own, so that every
        # process of the run can be found (and killed) by uid afterwards.
        policy["uid"] = policy["gid"] = parent_guard.pick_sandbox_uid()
    return policy


def _child_env(home: str) -> dict[str, str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "TMPDIR": home,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
    }
    env.update(dict.fromkeys(_THREAD_VARS, "1"))
    return env


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


class Child:
    """One fresh interpreter in its own session, with its own scratch folder."""

    def __init__(self, python: str | None = None) -> None:
        self.scratch = Path(tempfile.mkdtemp(prefix="quizapp-grade-"))
        for sub in ("work", "in", "out", "lib"):
            (self.scratch / sub).mkdir()
        for path in numpy_paths():
            (self.scratch / "lib" / path.name).symlink_to(path, target_is_directory=True)
        policy = spare_policy(self.scratch)
        (self.scratch / "policy.json").write_text(json.dumps(policy), encoding="utf-8")
        # issue 5 (sandbox): the grader is not dumpable (no core file with the
        # expected values, no ptrace or /proc/<pid>/mem by same-uid processes).
        parent_guard.make_non_dumpable()
        self.sandbox_uid: int | None = policy.get("uid")
        # issue 5: the parent creates the event log and keeps its own descriptor,
        # so a submission that unlinks it or puts a FIFO or symlink in its place
        # can neither hang the parent nor make it read another file.
        events = self.out_dir / "events.jsonl"
        events.touch()
        self._events_fd = os.open(events, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW)
        work = str(self.scratch / "work")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            # -I: no environment variables, no user site, no script folder on sys.path;
            # -S: no site-packages; -B: no .pyc written anywhere.
            [python or sys.executable, "-I", "-S", "-B", str(HARNESS), str(self.scratch)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=work,
            env=_child_env(work),
            start_new_session=True,  # its own process group, killed as a whole at the end
            close_fds=True,
        )
        self._done = False

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
        """Hand over the job (the input .npy files must be in `in_dir` already)."""
        (self.scratch / "job.json").write_text(json.dumps(job), encoding="utf-8")
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
        return Outcome(
            events=self._events(),
            exit_code=exit_code if exit_code >= 0 else None,
            signal=-exit_code if exit_code < 0 else None,
            cpu_seconds=cpu,
            wall_seconds=time.monotonic() - self.go_time,
            timed_out=timed_out,
            output_exceeded=exceeded,
            stdout=bytes(captured["stdout"][:OUTPUT_CAP]),
            stderr=bytes(captured["stderr"][:OUTPUT_CAP]),
            out_dir=self.out_dir,
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

    def _events(self) -> list[dict[str, Any]]:
        try:
            raw = os.pread(self._events_fd, EVENTS_CAP, 0)
        except OSError:
            return []
        events = []
        for line in raw.splitlines():
            try:
                event = json.loads(line)
            except ValueError:
                continue  # a torn last line, or something the submission scribbled
            if isinstance(event, dict) and isinstance(event.get("ev"), str):
                events.append(event)
        return events

    def _kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
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
        threading.Thread(target=shutil.rmtree, args=(self.scratch, True), daemon=False).start()


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
