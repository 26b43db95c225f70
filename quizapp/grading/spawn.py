"""Start a grading child as early and as cheaply as possible.

Two ways, one result (a Spawned: pid, pipes, scratch folder), which runner.Child wraps:

- `spawn`: a fresh `python -I -S -B harness.py SCRATCH`. The app's warm worker keeps
  one ready; `quizapp grade` uses it where it cannot fork. Started before the caller
  imports anything slow, so the child's interpreter and numpy start-up run beside it.
- `fork`: `quizapp grade` on Linux forks itself right after importing numpy (see its
  docstring for why that is both faster and safe).

Hence this module uses only what a bare interpreter has already loaded (os, sys, and
json for the policy): no subprocess, tempfile, shutil or dataclasses, which cost
milliseconds each before the child would even exist.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from importlib.machinery import PathFinder

from quizapp.forking import fork_is_safe

HARNESS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "harness.py")
MAX_CPU_SECONDS = 20.0  # casespec.Limits caps an exercise's budget at these
MAX_MEMORY_BYTES = 2**30
# The child's whole writable scratch folder (work/), files and folders together. It is
# memory (tmpfs) beside the 1 GiB limit, so kept small: honest code writes nothing.
SCRATCH_TMPFS_BYTES = 64 * 2**20
# Range for per-run sandbox uids: above the 16-bit ids distributions hand
# out and below the 32-bit overflow values, unlikely to own any file.
UID_LOW = 0x30000
UID_HIGH = 0x3FFFF
THREAD_VARS = (
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "BLIS_NUM_THREADS",
)


class Spawned:
    """A started child: its pid, the parent's ends of its pipes and its scratch folder."""

    __slots__ = ("scratch", "pid", "stdin_fd", "stdout_fd", "stderr_fd", "events_fd", "sandbox_uid")

    def __init__(
        self, scratch: str, pid: int, pipes: tuple[int, int, int], events_fd: int, sandbox_uid: int | None
    ) -> None:
        self.scratch = scratch
        self.pid = pid
        self.stdin_fd, self.stdout_fd, self.stderr_fd = pipes
        self.events_fd = events_fd
        self.sandbox_uid = sandbox_uid


def numpy_paths() -> list[str]:
    """numpy's package folder and its bundled-libraries sibling, found without importing it."""
    spec = PathFinder.find_spec("numpy")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("numpy is not installed")
    pkg = os.path.realpath(next(iter(spec.submodule_search_locations)))
    return [p for p in (pkg, os.path.join(os.path.dirname(pkg), "numpy.libs")) if os.path.isdir(p)]


def pick_sandbox_uid() -> int:
    """A uid (also used as the gid) for one run, drawn from 65,536 unused ids.

    Random rather than scanned for: a scan of /proc costs milliseconds on every run,
    and two concurrent runs collide with odds of 1 in 65,536 (the cost of a collision
    is that one run's sweep also kills the other's child).
    """
    return UID_LOW + int.from_bytes(os.urandom(4), "little") % (UID_HIGH - UID_LOW)


def make_scratch() -> str:
    """A fresh private folder with work/ in/ out/ lib/ (tempfile.mkdtemp, without its imports)."""
    base = os.environ.get("TMPDIR") or "/tmp"
    if not os.path.isdir(base):
        base = "/tmp"
    while True:
        path = os.path.join(base, "quizapp-grade-" + os.urandom(6).hex())
        try:
            os.mkdir(path, 0o700)
            break
        except FileExistsError:
            continue
    for sub in ("work", "in", "out", "lib"):
        os.mkdir(os.path.join(path, sub))
    return path


def policy_for(scratch: str, lib_paths: list[str]) -> dict[str, object]:
    """What the sandbox (issue 5) enforces; the child locks down with it before its job.

    The CPU and memory figures are the most any exercise may set (casespec caps them);
    the harness lowers them to the job's own budget after "go".
    """
    read = sorted({os.path.realpath(sys.base_prefix), *lib_paths})
    policy: dict[str, object] = {
        "scratch": scratch,
        "read_paths": read,
        # issue 5 (sandbox): only work/ is writable; the scratch folder itself
        # (job.json, policy.json, in/, lib/, out/) is read-only to the child, so it can
        # neither rewrite its job nor swap out/ for a symlink. The harness opens its two
        # files in out/ (the event log, the results) before it locks down (issue 14).
        "write_paths": [os.path.join(scratch, "work")],
        # issue 14: work/ is a tmpfs of this size in a mount namespace of the child's
        # own (where the kernel allows one): disk use capped in total, not file by file.
        "scratch_tmpfs_bytes": SCRATCH_TMPFS_BYTES,
        "cpu_seconds": MAX_CPU_SECONDS,
        "memory_bytes": MAX_MEMORY_BYTES,
        "allow_network": False,
        "allow_subprocess": False,
    }
    if os.geteuid() == 0:
        # issue 5: as root the child drops to a uid of its own, so that every
        # process of the run can be found (and killed) by uid afterwards.
        policy["uid"] = policy["gid"] = pick_sandbox_uid()
    return policy


def child_env(home: str) -> dict[str, str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "TMPDIR": home,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
    }
    env.update(dict.fromkeys(THREAD_VARS, "1"))
    return env


def _prepare() -> tuple[str, dict[str, object], int]:
    """The scratch folder with policy.json and the event log; the parent's read descriptor."""
    scratch = make_scratch()
    libs = numpy_paths()
    for path in libs:
        os.symlink(path, os.path.join(scratch, "lib", os.path.basename(path)), target_is_directory=True)
    policy = policy_for(scratch, libs)
    with open(os.path.join(scratch, "policy.json"), "w", encoding="utf-8") as f:
        json.dump(policy, f)
    # issue 5: the parent creates the event log and keeps its own descriptor, so a
    # submission that unlinks it or puts a FIFO or symlink in its place can neither
    # hang the parent nor make it read another file.
    events = os.path.join(scratch, "out", "events.jsonl")
    os.close(os.open(events, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    events_fd = os.open(events, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW)
    return scratch, policy, events_fd


def _sandbox_uid(policy: dict[str, object]) -> int | None:
    uid = policy.get("uid")
    return uid if isinstance(uid, int) else None


def can_fork() -> bool:
    """Whether `fork` may be used here: once numpy is imported, where forking is safe.

    (See quizapp/forking.py: Linux, one thread, C libraries' included.)
    """
    return "numpy" in sys.modules and fork_is_safe()


def _abandon(scratch: str, fds: tuple[int, ...]) -> None:
    """Undo _prepare and the pipes when the child could not be started."""
    import contextlib  # only on this rare path

    from quizapp.grading.parent_guard import remove_tree

    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)
    remove_tree(scratch)


def fork() -> Spawned:
    """The child as a fork of this process, which must have imported numpy (see can_fork).

    For `quizapp grade` only: the machine has two cores, and two processes importing
    numpy side by side slow each other down by a third; a fork imports it once. The fork
    happens before this process loads any content or reference, and
    harness.serve_forked makes it forget what it inherited (environment and command
    line, overwritten in memory; modules, descriptors, streams) before it says "ready".
    The app's warm worker, which holds content and references, always uses `spawn`.
    """
    from quizapp.grading import harness  # here, so the child has nothing left to read from disk

    scratch, policy, events_fd = _prepare()
    fds: tuple[int, ...] = (events_fd,)
    try:
        in_r, in_w = os.pipe()
        fds += (in_r, in_w)
        out_r, out_w = os.pipe()
        fds += (out_r, out_w)
        err_r, err_w = os.pipe()
        fds += (err_r, err_w)
        env = child_env(os.path.join(scratch, "work"))
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # or the child would inherit (and later print) our buffered output
        # Every object so far goes to the collector's permanent generation: a collection
        # in either process then leaves them (and the memory pages they share) untouched,
        # instead of copying most of the heap page by page.
        gc.freeze()
        pid = os.fork()
    except BaseException:
        _abandon(scratch, fds)
        raise
    if pid == 0:  # the child: never returns
        try:
            os.dup2(in_r, 0)
            os.dup2(out_w, 1)
            os.dup2(err_w, 2)
            harness.serve_forked(scratch, env)
        finally:
            os._exit(70)
    for fd in (in_r, out_w, err_w):
        os.close(fd)
    return Spawned(scratch, pid, (in_w, out_r, err_r), events_fd, _sandbox_uid(policy))


def spawn(python: str | None = None) -> Spawned:
    """Make a scratch folder and start the harness in it, in a session of its own."""
    scratch, policy, events_fd = _prepare()
    in_r, in_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    work = os.path.join(scratch, "work")
    try:
        # posix_spawn rather than subprocess (whose import alone costs more than the
        # spawn). It cannot change directory or close stray descriptors: the harness
        # does both first thing. setsid: a process group of its own, killed as a whole.
        pid = os.posix_spawn(
            python or sys.executable,
            # -I: no environment variables, no user site, no script folder on sys.path;
            # -S: no site-packages; -B: no .pyc written anywhere.
            [python or sys.executable, "-I", "-S", "-B", HARNESS, scratch],
            child_env(work),
            file_actions=[
                (os.POSIX_SPAWN_DUP2, in_r, 0),
                (os.POSIX_SPAWN_DUP2, out_w, 1),
                (os.POSIX_SPAWN_DUP2, err_w, 2),
            ],
            setsid=True,
        )
    except BaseException:
        _abandon(scratch, (in_r, in_w, out_r, out_w, err_r, err_w, events_fd))
        raise
    for fd in (in_r, out_w, err_w):
        os.close(fd)
    return Spawned(scratch, pid, (in_w, out_r, err_r), events_fd, _sandbox_uid(policy))
