"""Which system call the sandbox refused: so the report can name it (issue 14).

Seccomp answers a refused call with EPERM and nothing else; the process never learns
which call it was. Two places can tell: the harness's wrappers of Python functions
(os.chmod is chmod) and foreign functions called through ``ctypes.CDLL`` (a ``chmod``
or ``syscall(90, ...)`` that leaves errno at EPERM), which :func:`watch_foreign_calls`
wraps. Both :func:`record` the name; the harness :func:`take` s it when an exception
leaves the submission, and the parent words the message in both languages. A
submission that dodges the wrappers (a raw function pointer) only loses the name: the
call is refused all the same.

Standard library only (loaded inside the child with the rest of the package).
"""

from __future__ import annotations

import ctypes
import errno
import re
from typing import Any

from .kernel import IS_AARCH64, IS_X86_64, libc
from .seccomp_policy import NUMBERS

# Calls the allowlist refuses that a submission is likely to make by number, with
# their (x86_64, aarch64) numbers from asm/unistd_64.h and asm-generic/unistd.h.
REFUSED_NUMBERS: dict[str, tuple[int | None, int | None]] = {
    "chmod": (90, None), "fchmod": (91, 52), "fchmodat": (268, 53), "fchmodat2": (452, 452),
    "chown": (92, None), "fchown": (93, 55), "lchown": (94, None), "fchownat": (260, 54),
    "utime": (132, None), "utimes": (235, None), "futimesat": (261, None), "utimensat": (280, 88),
    "setxattr": (188, 5), "lsetxattr": (189, 6), "fsetxattr": (190, 7), "getxattr": (191, 8),
    "lgetxattr": (192, 9), "fgetxattr": (193, 10), "listxattr": (194, 11), "llistxattr": (195, 12),
    "flistxattr": (196, 13), "removexattr": (197, 14), "lremovexattr": (198, 15), "fremovexattr": (199, 16),
    "socket": (41, 198), "socketpair": (53, 199), "connect": (42, 203), "bind": (49, 200),
    "listen": (50, 201), "accept": (43, None), "accept4": (288, 242), "sendto": (44, 206),
    "recvfrom": (45, 207), "sendmsg": (46, 211), "recvmsg": (47, 212),
    "shmget": (29, 194), "shmat": (30, 196), "shmctl": (31, 195), "shmdt": (67, 197),
    "semget": (64, 190), "semop": (65, 193), "semctl": (66, 191), "msgget": (68, 186),
    "msgsnd": (69, 189), "msgrcv": (70, 188), "msgctl": (71, 187), "memfd_create": (319, 279),
    "fallocate": (285, 47), "inotify_init": (253, None), "inotify_init1": (294, 26),
    "inotify_add_watch": (254, 27), "fanotify_init": (300, 262), "fanotify_mark": (301, 263),
    "fork": (57, None), "vfork": (58, None), "execve": (59, 221), "execveat": (322, 281),
    "ptrace": (101, 117), "process_vm_readv": (310, 270), "process_vm_writev": (311, 271),
    "mount": (165, 40), "umount2": (166, 39), "unshare": (272, 97), "setns": (308, 268),
    "chroot": (161, 51), "pivot_root": (155, 41), "link": (86, None), "linkat": (265, 37),
    "setuid": (105, 146), "setgid": (106, 144), "setreuid": (113, 145), "setregid": (114, 143),
    "setresuid": (117, 147), "setresgid": (119, 149), "setgroups": (116, 159), "capset": (126, 91),
    "setsid": (112, 157), "setpgid": (109, 154), "reboot": (169, 142), "sync": (162, 81),
    "syncfs": (306, 267), "statfs": (137, 43), "fstatfs": (138, 44), "eventfd2": (290, 19),
    "pidfd_open": (434, 434), "pidfd_send_signal": (424, 424), "bpf": (321, 280),
    "perf_event_open": (298, 241), "userfaultfd": (323, 282), "io_uring_setup": (425, 425),
    "keyctl": (250, 219), "add_key": (248, 217), "kexec_load": (246, 104), "init_module": (175, 105),
    "personality": (135, 92), "seccomp": (317, 277), "landlock_create_ruleset": (444, 444),
}  # fmt: skip

_ARCH = 0 if IS_X86_64 else 1 if IS_AARCH64 else None
_NAMES: dict[int, str] = {}
if _ARCH is not None:
    for _table in (NUMBERS, REFUSED_NUMBERS):
        for _name, _nums in _table.items():
            if _nums[_ARCH] is not None:
                _NAMES[_nums[_ARCH]] = _name
_NAME_SHAPE = re.compile(r"[a-z_][a-z0-9_]{0,31}")
UNKNOWN = "*"  # EPERM with no call recorded: "this system call"

_last: list[str] = []  # at most one name: the latest refusal not yet taken


def syscall_name(number: int) -> str:
    """The name of system call `number` on this machine ("" if unknown)."""
    return _NAMES.get(number, "")


def record(name: str) -> None:
    """Remember that `name` was just refused (only plain call names are kept)."""
    if isinstance(name, str) and _NAME_SHAPE.fullmatch(name):
        _last[:] = [name]


def take(exc: BaseException) -> str:
    """The refused call to name with `exc`: "" if none, UNKNOWN for an EPERM nobody recorded.

    Consumes the record, so a refusal is named once, with the first exception after it.
    """
    name = _last.pop() if _last else ""
    if name:
        return name
    if isinstance(exc, OSError) and exc.errno == errno.EPERM:
        return UNKNOWN
    return ""


def forget() -> None:
    """Drop a record nobody took (a refusal the submission caught and got over)."""
    _last.clear()


def _errno_reader() -> Any:
    # From the library the sandbox already opened: after lock-down, the audit hook
    # refuses ctypes.dlopen. Its function type is not wrapped (taken before the patch).
    location = libc["__errno_location"]
    location.restype = ctypes.POINTER(ctypes.c_int)
    return location


def watch_foreign_calls() -> None:
    """Make every function got from a ``ctypes.CDLL`` (or PyDLL) record an EPERM.

    ``CDLL.__getitem__`` (which ``__getattr__`` uses) returns an instance of a subclass
    of the library's own function type whose call clears errno, calls, and records the
    function's name (for ``syscall``, the name of its first argument's number) when
    errno is EPERM afterwards. ctypes keeps a private errno for ``use_errno`` libraries:
    that one is read for them.
    """
    errno_location = _errno_reader()
    use_errno_flag = ctypes._FUNCFLAG_USE_ERRNO  # type: ignore[attr-defined]

    def watched_type(lib: ctypes.CDLL) -> type:
        cached = lib.__dict__.get("_quizapp_watched")
        if cached is not None:
            return cached
        base = lib._FuncPtr  # type: ignore[attr-defined]
        private_errno = bool(base._flags_ & use_errno_flag)

        class Watched(base):  # type: ignore[misc, valid-type]
            _flags_ = base._flags_
            _restype_ = base._restype_

            def __call__(self, *args: Any) -> Any:
                if private_errno:
                    ctypes.set_errno(0)
                errno_location()[0] = 0
                result = super().__call__(*args)
                err = ctypes.get_errno() if private_errno else errno_location()[0]
                if err == errno.EPERM:
                    name = getattr(self, "__name__", "")
                    if name == "syscall" and args:
                        number = args[0].value if hasattr(args[0], "value") else args[0]
                        name = syscall_name(number) if type(number) is int else ""
                    record(name)
                return result

        lib.__dict__["_quizapp_watched"] = Watched
        return Watched

    def getitem(self: ctypes.CDLL, name_or_ordinal: Any) -> Any:
        func = watched_type(self)((name_or_ordinal, self))
        if not isinstance(name_or_ordinal, int):
            func.__name__ = name_or_ordinal
        return func

    ctypes.CDLL.__getitem__ = getitem  # type: ignore[method-assign]
