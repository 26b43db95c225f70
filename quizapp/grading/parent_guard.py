"""Parent-side defences for running a submission: the trusted half of the sandbox.

The child is locked down by ``sandbox.lock_down``; this module holds what the
*parent* must do so that nothing the child leaves behind can hurt it:

- ``make_non_dumpable``: no core dumps of the grader, no ptrace or
  /proc/<pid>/mem access from processes of the same uid.
- ``spawn.pick_sandbox_uid`` (in spawn.py, which starts the child): a random uid
  from a range no distribution hands out, so that sweeping "every process of that
  uid" afterwards kills only the submission's (see its docstring for the odds).
- ``sweep``: kill every leftover process of the run, found by uid or by a
  token in its environment (a ``setsid`` grandchild escapes ``killpg``).
- ``ScratchDir.read_result``: open a file the child wrote without following
  symlinks, blocking on FIFOs, or reading more than a cap.
- ``load_npy``: validate an .npy header against the byte count *before*
  allocating anything, and refuse object and structured dtypes.

Standard library plus numpy (``load_npy`` only); never imported by the child.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

PR_SET_DUMPABLE = 4

TOKEN_ENV = "QUIZAPP_SANDBOX_TOKEN"


class ResultError(ValueError):
    """A result file the child wrote is unusable; the message says why (no data)."""


def make_non_dumpable() -> bool:
    """PR_SET_DUMPABLE=0 for this (the grader) process; True when it worked."""
    import ctypes  # here, not at the top: the CLI imports this module before the child exists

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _proc_pids() -> list[int]:
    try:
        return [int(name) for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return []


def _status_uids(pid: int) -> tuple[int, ...] | None:
    # /proc/<pid>/status is world-readable even for non-dumpable processes,
    # whose /proc/<pid> folder is owned by root whatever their uid.  Raw
    # os.read of the first 1 KiB (the Uid line is near the top) keeps a sweep
    # of a few hundred processes in the low milliseconds.
    try:
        fd = os.open(f"/proc/{pid}/status", os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        head = os.read(fd, 1024)
    except OSError:
        return None
    finally:
        os.close(fd)
    at = head.find(b"\nUid:")
    if at < 0:
        return None
    try:
        return tuple(int(v) for v in head[at + 5 : head.find(b"\n", at + 1)].split())
    except ValueError:
        return None


def uids_in_use() -> set[int]:
    used: set[int] = set()
    for pid in _proc_pids():
        uids = _status_uids(pid)
        if uids:
            used.update(uids)
    return used


def new_token() -> str:
    """A value for TOKEN_ENV in the child's environment, used by ``sweep``."""
    return os.urandom(16).hex()


def _has_token(pid: int, token: str) -> bool:
    needle = f"{TOKEN_ENV}={token}".encode()
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            return needle in f.read().split(b"\0")
    except OSError:
        return False


def _last_pid() -> int:
    try:
        with open("/proc/sys/kernel/ns_last_pid", "rb") as f:
            return int(f.read())
    except (OSError, ValueError):
        return -1  # unknown: scan everything


def find_processes(uid: int | None = None, token: str | None = None, newer_than: int | None = None) -> list[int]:
    """Pids of processes whose real, effective or saved uid is ``uid``, or
    whose initial environment carries ``token``.

    ``newer_than``: the pid of the run's first process.  Linux hands out pids
    in increasing order, so everything that process started has a larger pid
    and older processes need not be read at all (a /proc read costs tens of
    microseconds each).  If the pid counter wrapped since (the last pid handed
    out is below ``newer_than``), every process is read.
    """
    me = os.getpid()
    found: list[int] = []
    pids = _proc_pids()
    if newer_than is not None and _last_pid() >= newer_than:
        pids = [p for p in pids if p >= newer_than]
    for pid in pids:
        if pid == me:
            continue
        if uid is not None:
            uids = _status_uids(pid)
            if uids and uid in uids[:3]:
                found.append(pid)
                continue
        if token is not None and _has_token(pid, token):
            found.append(pid)
    return found


def sweep(
    uid: int | None = None,
    token: str | None = None,
    timeout: float = 2.0,
    newer_than: int | None = None,
) -> list[int]:
    """SIGKILL every process of the run until none is left; returns the pids.

    Repeats because a process could fork between the scan and the kill (the
    seccomp filter forbids that, but this must hold without it).  Zombies
    still show up until reaped by their parent, so a pid whose state is Z
    counts as gone.
    """
    if uid is None and token is None:
        return []
    killed: list[int] = []
    deadline = time.monotonic() + timeout
    while True:
        alive = [p for p in find_processes(uid, token, newer_than) if not _is_zombie(p)]
        if not alive:
            return killed
        for pid in alive:
            try:
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
            except ProcessLookupError:
                pass
            except PermissionError:
                pass
        if time.monotonic() > deadline:
            return killed
        time.sleep(0.01)


def _is_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except OSError:
        return True
    # The command name is in parentheses and may contain spaces: the state
    # is the first field after the last ')'.
    return data[data.rfind(b")") + 2 : data.rfind(b")") + 3] in (b"Z", b"X")


_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def _open_dir(name: str, dir_fd: int | None) -> int | None:
    """A directory entry opened as a directory (never through a symlink), its mode
    fixed first if we cannot read it; None if it is not a directory."""
    try:
        st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode):
        return None
    if st.st_mode & 0o700 != 0o700 and os.geteuid() != 0:
        # A mode-000 folder of the submission's: ours (same uid), so we may fix it. lstat
        # just said it is a folder, not a symlink, and nothing of the run is left alive
        # to swap it (the sweep killed every process of the run before this).
        with contextlib.suppress(OSError):
            os.chmod(name, 0o700, dir_fd=dir_fd)
    try:
        return os.open(name, _DIR_FLAGS, dir_fd=dir_fd)
    except OSError:
        return None


def _identity(fd: int) -> tuple[int, int]:
    st = os.fstat(fd)
    return st.st_dev, st.st_ino


def remove_tree(path: str) -> bool:
    """Delete the folder `path` and everything in it; True when it is gone. Never raises.

    Iterative, with directory descriptors: a chain of folders thousands deep costs no
    recursion and no path longer than one name, symlinks are removed and never followed,
    and folders the submission made unreadable or unwritable (as the same user) get
    their mode fixed on the way down. It walks back up through "..", holding one
    descriptor at a time whatever the depth.
    """
    with contextlib.suppress(Exception):  # whatever is left is reported by the check below
        _remove_tree(path)
    return not os.path.lexists(path)


def _remove_tree(path: str) -> None:
    top = _open_dir(path, None)
    if top is None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        return
    fd, depth = top, 0
    finished: set[tuple[int, int]] = set()  # folders left as empty as they could be made
    try:
        while True:
            try:
                entries = os.listdir(fd)
            except OSError:
                entries = []
            descended = False
            for entry in entries:
                try:
                    os.unlink(entry, dir_fd=fd)
                    continue
                except IsADirectoryError:
                    pass
                except FileNotFoundError:
                    continue
                except OSError:
                    pass
                with contextlib.suppress(OSError):
                    os.rmdir(entry, dir_fd=fd)
                    continue
                sub = _open_dir(entry, fd)
                if sub is not None and _identity(sub) in finished:
                    os.close(sub)  # something in it cannot be removed: do not loop on it
                    sub = None
                if sub is not None:
                    os.close(fd)
                    fd, depth, descended = sub, depth + 1, True
                    break
            if descended:
                continue
            if depth == 0:
                break
            finished.add(_identity(fd))
            up = os.open("..", _DIR_FLAGS & ~os.O_NOFOLLOW, dir_fd=fd)
            os.close(fd)
            fd, depth = up, depth - 1
    finally:
        os.close(fd)
    with contextlib.suppress(OSError):
        os.rmdir(path)


_STATUS_FIELDS = ("Uid", "Gid", "CapEff", "NoNewPrivs", "Seccomp", "Seccomp_filters", "VmRSS")


def read_status(pid: int) -> dict[str, str]:
    """The lines of /proc/<pid>/status the grader judges the child's confinement by."""
    out: dict[str, str] = {}
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            text = f.read(16384).decode("ascii", "replace")
    except OSError:
        return out
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key in _STATUS_FIELDS:
            out[key] = value.strip()
    return out


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of `pid` so far (its threads included), 0.0 if unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    except (OSError, IndexError, ValueError):
        return 0.0


def _same_namespace(pid: int, kind: str) -> bool | None:
    try:
        return os.stat(f"/proc/{pid}/ns/{kind}").st_ino == os.stat(f"/proc/self/ns/{kind}").st_ino
    except OSError:
        return None  # not ours to look at (a non-dumpable child as an ordinary user)


def tmpfs_size(pid: int, mount_point: str) -> int | None:
    """Bytes of the tmpfs mounted on `mount_point` in `pid`'s mount namespace: 0 if none
    is, None if its mount table is not ours to read."""
    try:
        with open(f"/proc/{pid}/mountinfo", encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    size = 0
    for line in lines:  # proc(5): ... mount-point ... - fstype source super-options
        fields, _, tail = line.partition(" - ")
        parts, rest = fields.split(), tail.split()
        if len(parts) < 5 or len(rest) < 3 or parts[4] != mount_point or rest[0] != "tmpfs":
            continue
        size = 0  # the last mount on the point is the one in use
        for option in rest[2].split(","):
            key, _, value = option.partition("=")
            if key == "size" and value[:-1].isdigit() and value[-1] in "kmg":
                size = int(value[:-1]) << {"k": 10, "m": 20, "g": 30}[value[-1]]
            elif key == "size" and value.isdigit():
                size = int(value)
    return size


def measure(pid: int, reported: dict[str, object], work_dir: str | None = None) -> dict[str, object]:
    """The "sandbox" object of a report: what the parent reads of the child, not its word.

    Read before the job is handed over. Seccomp, no_new_privs, ids, capabilities,
    namespaces and the scratch tmpfs over `work_dir` come from /proc/<pid>; Landlock
    leaves no trace there, so its ABI (and the notes) are what the harness reported
    *before* the submission existed, as are namespaces and the tmpfs when /proc/<pid>
    is not ours to read (an ordinary user's non-dumpable child).
    """
    status = read_status(pid)

    def ints(key: str) -> list[int]:
        try:
            return [int(v) for v in status.get(key, "").split()]
        except ValueError:
            return []

    uids, gids = ints("Uid"), ints("Gid")
    try:
        cap_eff = int(status.get("CapEff", "x"), 16)
    except ValueError:
        cap_eff = -1
    net, ipc, mnt = (_same_namespace(pid, kind) for kind in ("net", "ipc", "mnt"))
    tmpfs = tmpfs_size(pid, work_dir) if work_dir else 0
    said_tmpfs = reported.get("scratch_tmpfs_bytes")
    landlock = reported.get("landlock")
    out: dict[str, object] = {
        "measured": bool(status),
        "seccomp": status.get("Seccomp") == "2",
        "seccomp_filters": int(status["Seccomp_filters"]) if status.get("Seccomp_filters", "").isdigit() else None,
        "no_new_privs": status.get("NoNewPrivs") == "1",
        "uid": uids[0] if uids else None,
        "uids": uids,
        "gids": gids,
        "uid_dropped": bool(uids) and os.geteuid() == 0 and 0 not in uids[:3],
        "capabilities": cap_eff != 0,
        # Unreadable (an ordinary user's non-dumpable child): the harness's word, pre-"go".
        "net_namespace": (not net) if net is not None else reported.get("net_namespace") is True,
        "ipc_namespace": (not ipc) if ipc is not None else reported.get("ipc_namespace") is True,
        # issue 14: work/ on a size-capped tmpfs in a mount namespace of its own (0: on disk).
        "mount_namespace": (not mnt) if mnt is not None else reported.get("mount_namespace") is True,
        "scratch_tmpfs_bytes": tmpfs if tmpfs is not None else said_tmpfs if type(said_tmpfs) is int else 0,
        "landlock": landlock if type(landlock) is int else 0,
    }
    for key in ("landlock_net", "landlock_scoped", "import_guard"):
        out[key] = reported.get(key) is True
    for key in ("errors", "notes"):
        value = reported.get(key)
        out[key] = [str(v)[:300] for v in value[:20]] if isinstance(value, list) else []
    return out


class ScratchDir:
    """The run's scratch folder, held by a descriptor opened by the parent.

    Every lookup is relative to that descriptor, so the child cannot swap the
    folder for a symlink; files are opened with O_NOFOLLOW and O_NONBLOCK (a
    planted FIFO must not block the grader) and must be regular files with a
    single link, no bigger than the cap.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> ScratchDir:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read_result(self, name: str, max_bytes: int) -> bytes:
        if not name or "/" in name or name in (".", ".."):
            raise ResultError(f"bad result name {name!r}")
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY
        try:
            fd = os.open(name, flags, dir_fd=self.fd)
        except FileNotFoundError:
            raise ResultError(f"{name}: missing") from None
        except OSError as exc:
            # ELOOP is what O_NOFOLLOW reports for a symlink.
            raise ResultError(f"{name}: cannot open ({exc.strerror})") from None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise ResultError(f"{name}: not a regular file")
            if st.st_nlink != 1:
                raise ResultError(f"{name}: has {st.st_nlink} links")
            if st.st_size > max_bytes:
                raise ResultError(f"{name}: {st.st_size} bytes, over the {max_bytes} limit")
            chunks: list[bytes] = []
            total = 0
            # Read at most max_bytes + 1: a file still growing (a leftover
            # writer) is caught without trusting st_size alone.
            while total <= max_bytes:
                chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
            if total > max_bytes:
                raise ResultError(f"{name}: over the {max_bytes} byte limit")
            return b"".join(chunks)
        finally:
            os.close(fd)


_NPY_MAGIC = b"\x93NUMPY"
_MAX_HEADER = 4096
_MAX_NDIM = 32
ALLOWED_KINDS = frozenset("fiubc")


def load_npy(
    data: bytes,
    *,
    max_elements: int,
    allowed_kinds: Iterable[str] = ALLOWED_KINDS,
) -> np.ndarray:
    """Parse an .npy image without trusting it.

    The header must be a small literal dict with exactly the standard keys,
    a simple numeric dtype (no object, structured, string or datetime), a
    shape of at most ``max_elements`` elements, and the data must be exactly
    shape x itemsize bytes.  Only then is an array built (a copy, so the
    caller owns it).
    """
    import numpy as np

    if len(data) < 10 or not data.startswith(_NPY_MAGIC):
        raise ResultError("not an .npy file")
    major = data[6]
    if major == 1:
        header_len = int.from_bytes(data[8:10], "little")
        offset = 10
    elif major in (2, 3):
        if len(data) < 12:
            raise ResultError("truncated .npy header")
        header_len = int.from_bytes(data[8:12], "little")
        offset = 12
    else:
        raise ResultError(f"unknown .npy version {major}")
    if header_len > _MAX_HEADER or offset + header_len > len(data):
        raise ResultError(".npy header too large or truncated")
    import ast  # here, not at the top (see make_non_dumpable); numpy has loaded it by now

    try:
        text = data[offset : offset + header_len].decode("utf-8" if major == 3 else "latin-1")
        # literal_eval builds only literals; bound the text first (done above)
        # so a deeply nested header cannot exhaust the parser.
        header = ast.literal_eval(text.strip())
    except (ValueError, SyntaxError, UnicodeDecodeError, MemoryError, RecursionError):
        raise ResultError("unreadable .npy header") from None
    if not isinstance(header, dict) or set(header) != {"descr", "fortran_order", "shape"}:
        raise ResultError(".npy header has unexpected keys")
    descr, fortran, shape = header["descr"], header["fortran_order"], header["shape"]
    if not isinstance(descr, str) or not isinstance(fortran, bool):
        raise ResultError("unsupported .npy dtype")
    try:
        dtype = np.dtype(descr)
    except (TypeError, ValueError):
        raise ResultError("unsupported .npy dtype") from None
    if dtype.kind not in set(allowed_kinds) or dtype.hasobject or dtype.fields is not None:
        raise ResultError(f"unsupported dtype {dtype}")
    if not isinstance(shape, tuple) or len(shape) > _MAX_NDIM or not all(type(d) is int and d >= 0 for d in shape):
        raise ResultError("bad .npy shape")
    count = 1
    for d in shape:
        count *= d
    if count > max_elements:
        raise ResultError(f"result has {count} elements, over the {max_elements} limit")
    body = offset + header_len
    if len(data) - body != count * dtype.itemsize:
        raise ResultError(".npy data size does not match its header")
    flat = np.frombuffer(data, dtype=dtype, count=count, offset=body)
    return flat.reshape(shape, order="F" if fortran else "C").copy()
