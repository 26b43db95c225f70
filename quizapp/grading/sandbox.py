"""Lock the grading child down before it imports a submission.

This module runs *inside* the untrusted child, loaded by file path from the
harness, so it may use only the standard library (it must not import
``quizapp``).  The harness calls :func:`lock_down` once, after it has read its
inputs and imported numpy, and right before it imports the submission.

Every layer is best-effort: a missing kernel feature (old kernel, container
without user namespaces, non-x86_64/aarch64 machine) is recorded in the
returned report and grading carries on with the layers that did work.  The
order matters and is fixed:

1. open the Landlock rule paths (while we can still reach them as root),
2. network namespace (needs CAP_SYS_ADMIN or a fresh user namespace),
3. drop root to an unprivileged uid/gid and drop every capability,
4. ``PR_SET_NO_NEW_PRIVS`` (required by Landlock and seccomp without caps),
5. Landlock (filesystem, TCP, signal and abstract-socket scoping),
6. resource limits (after the rule descriptors are closed: a low open-files
   limit must not break collecting them),
7. seccomp last, because it forbids syscalls the steps above use.

Constants come from the kernel uapi headers (linux/landlock.h,
linux/seccomp.h, linux/filter.h, linux/capability.h, asm/unistd.h).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import math
import os
import platform
import resource
import stat
import sys
import time
from collections.abc import Iterable
from typing import Any

# ---------------------------------------------------------------------------
# libc access

_libc = ctypes.CDLL(None, use_errno=True)
_syscall = _libc.syscall
_syscall.restype = ctypes.c_long
_prctl = _libc.prctl
_prctl.restype = ctypes.c_int
_prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]

_MACHINE = platform.machine().lower()
_IS_X86_64 = _MACHINE in ("x86_64", "amd64")
_IS_AARCH64 = _MACHINE in ("aarch64", "arm64")

# Syscall numbers we call directly (Landlock's are the same on every arch).
_NR_LANDLOCK_CREATE_RULESET = 444
_NR_LANDLOCK_ADD_RULE = 445
_NR_LANDLOCK_RESTRICT_SELF = 446
_NR_SECCOMP = 317 if _IS_X86_64 else 277
_NR_CAPSET = 126 if _IS_X86_64 else 91
_NR_SETFSUID = 122 if _IS_X86_64 else 151

# prctl options
PR_SET_DUMPABLE = 4
PR_SET_KEEPCAPS = 8
PR_SET_SECCOMP = 22
PR_CAPBSET_DROP = 24
PR_SET_NO_NEW_PRIVS = 38
PR_GET_NO_NEW_PRIVS = 39
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4

# unshare flags
CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000

# The uid/gid used when the child starts as root ("nobody" on most systems).
DEFAULT_SANDBOX_ID = 65534


def _errno_text(err: int) -> str:
    return f"{errno.errorcode.get(err, err)}: {os.strerror(err)}"


# ---------------------------------------------------------------------------
# Landlock


LANDLOCK_CREATE_RULESET_VERSION = 1 << 0
LANDLOCK_RULE_PATH_BENEATH = 1

FS_EXECUTE = 1 << 0
FS_WRITE_FILE = 1 << 1
FS_READ_FILE = 1 << 2
FS_READ_DIR = 1 << 3
FS_REMOVE_DIR = 1 << 4
FS_REMOVE_FILE = 1 << 5
FS_MAKE_CHAR = 1 << 6
FS_MAKE_DIR = 1 << 7
FS_MAKE_REG = 1 << 8
FS_MAKE_SOCK = 1 << 9
FS_MAKE_FIFO = 1 << 10
FS_MAKE_BLOCK = 1 << 11
FS_MAKE_SYM = 1 << 12
FS_REFER = 1 << 13  # ABI 2
FS_TRUNCATE = 1 << 14  # ABI 3
FS_IOCTL_DEV = 1 << 15  # ABI 5

NET_BIND_TCP = 1 << 0  # ABI 4
NET_CONNECT_TCP = 1 << 1  # ABI 4

SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0  # ABI 6
SCOPE_SIGNAL = 1 << 1  # ABI 6

# Rights that make sense on a regular file (the kernel rejects the others).
_FS_FILE_RIGHTS = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneathAttr(ctypes.Structure):
    # Packed in the uapi header: 8 + 4 = 12 bytes, no trailing padding.
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def landlock_abi() -> int:
    """The Landlock ABI version the running kernel offers, 0 when none."""
    ret = _syscall(
        ctypes.c_long(_NR_LANDLOCK_CREATE_RULESET),
        None,
        ctypes.c_size_t(0),
        ctypes.c_uint32(LANDLOCK_CREATE_RULESET_VERSION),
    )
    return int(ret) if ret > 0 else 0


def _fs_rights_for(abi: int) -> int:
    rights = (1 << 13) - 1  # EXECUTE .. MAKE_SYM, ABI 1
    if abi >= 2:
        rights |= FS_REFER
    if abi >= 3:
        rights |= FS_TRUNCATE
    if abi >= 5:
        rights |= FS_IOCTL_DEV
    return rights


def _ruleset_size(abi: int) -> int:
    # The struct grew over time; older kernels reject a size they do not know
    # unless the extra bytes are zero, so pass exactly what this ABI defines.
    if abi >= 6:
        return 24
    if abi >= 4:
        return 16
    return 8


# Read-only rights for directories of code and data the interpreter needs.
_READ_DIR_RIGHTS = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
_READ_FILE_RIGHTS = FS_READ_FILE
# Rights inside the scratch folder: everything except executing files and
# creating device nodes (a planted symlink or FIFO is allowed on purpose: the
# parent must cope with them, and the hostile suite checks that it does).
_SCRATCH_RIGHTS = (
    FS_WRITE_FILE
    | FS_READ_FILE
    | FS_READ_DIR
    | FS_REMOVE_DIR
    | FS_REMOVE_FILE
    | FS_MAKE_DIR
    | FS_MAKE_REG
    | FS_MAKE_SOCK
    | FS_MAKE_FIFO
    | FS_MAKE_SYM
    | FS_REFER
    | FS_TRUNCATE
)
# Devices a Python program legitimately opens.  /dev/null is also written to.
_DEV_READ = ("/dev/zero", "/dev/urandom", "/dev/random")
_DEV_RW = ("/dev/null",)
# Small read-only bits of the system the interpreter and glibc consult.
_SYSTEM_READ = (
    "/etc/ld.so.cache",  # dlopen of stdlib extension modules (ctypes, zlib, ...)
    "/etc/localtime",  # time.localtime()
    "/usr/share/zoneinfo",  # zoneinfo
    "/sys/devices/system/cpu",  # os.cpu_count(), OpenBLAS topology
    "/proc/self",  # the child's own /proc entries (resolved to /proc/<pid>)
)


def _stdlib_dir() -> str:
    # The *base* installation's stdlib is where os.py lives.  (In a venv,
    # sysconfig's "platstdlib" points into the venv, whose site-packages is
    # off limits; sysconfig is also slow to import on first use.)
    return os.path.dirname(os.path.realpath(os.__file__))


_SITE_DIRS = ("site-packages", "dist-packages")


def _stdlib_entries() -> list[str]:
    """Every entry of the stdlib folder except its site-packages.

    Landlock grants whole hierarchies; the base installation's site-packages
    sits *inside* the stdlib folder and may hold torch or our own package, so
    the stdlib is granted entry by entry.  The folder itself then has no
    READ_DIR right, so we fill the import system's directory cache for it
    beforehand (see ``_warm_finders``).
    """
    stdlib = _stdlib_dir()
    try:
        names = os.listdir(stdlib)
    except OSError:
        return []
    return [os.path.join(stdlib, n) for n in sorted(names) if n not in _SITE_DIRS]


def _library_dirs() -> list[str]:
    """Folders of shared libraries that stdlib extension modules link to."""
    dirs: list[str] = []
    multiarch = getattr(sys.implementation, "_multiarch", "") or ""
    for base in ("/lib", "/usr/lib", "/usr/local/lib"):
        if multiarch:
            dirs.append(os.path.join(base, multiarch))
    # Dynamic loader, and distributions without multiarch folders.  /usr/lib64
    # on Fedora-like systems may also hold the system Python's site-packages;
    # the import guard and sys.path still keep those out (documented limit).
    dirs += ["/lib64", "/usr/lib64"]
    # The interpreter's own lib folder (the stdlib's parent) holds
    # libpython*.so for shared builds; grant those files, not the folder.
    libdir = os.path.dirname(_stdlib_dir())
    try:
        names = os.listdir(libdir)
    except OSError:
        names = []
    dirs += [os.path.join(libdir, n) for n in names if n.startswith("libpython")]
    return dirs


def _numpy_dirs() -> list[str]:
    np = sys.modules.get("numpy")
    if np is None or not getattr(np, "__file__", None):
        return []
    pkg = os.path.dirname(os.path.realpath(np.__file__))
    site = os.path.dirname(pkg)
    # Wheels vendor OpenBLAS and libgfortran in a sibling "numpy.libs" folder.
    return [pkg, os.path.join(site, "numpy.libs")]


def _warm_finders(dirs: Iterable[str]) -> None:
    """Fill FileFinder's listing cache for folders that lose READ_DIR.

    The cache is refreshed only when the folder's mtime changes, and stat()
    is not restricted by Landlock, so a warmed cache keeps stdlib imports
    working after the folder's listing is forbidden.
    """
    import importlib.machinery

    for d in dirs:
        finder = sys.path_importer_cache.get(d)
        if finder is None:
            finder = importlib.machinery.FileFinder(
                d,
                (importlib.machinery.ExtensionFileLoader, importlib.machinery.EXTENSION_SUFFIXES),
                (importlib.machinery.SourceFileLoader, importlib.machinery.SOURCE_SUFFIXES),
                (importlib.machinery.SourcelessFileLoader, importlib.machinery.BYTECODE_SUFFIXES),
            )
            sys.path_importer_cache[d] = finder
        find_spec = getattr(finder, "find_spec", None)
        if find_spec is not None:
            with contextlib.suppress(Exception):
                find_spec("_quizapp_sandbox_warmup_")


def _is_within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _safe_read_paths(paths: Iterable[str], notes: list[str]) -> list[str]:
    """Extra read-only paths from the caller, minus any that would expose a
    site-packages folder (an ancestor of the stdlib, say sys.base_prefix, holds
    the base installation's site-packages)."""
    stdlib = _stdlib_dir()
    site_dirs = {os.path.join(stdlib, d) for d in _SITE_DIRS}
    site_dirs.update(os.path.dirname(d) for d in _numpy_dirs()[:1])
    out: list[str] = []
    for raw in paths:
        path = os.path.realpath(raw)
        if os.path.basename(path) in _SITE_DIRS or any(_is_within(d, path) for d in site_dirs):
            notes.append(f"read path {path} not granted whole: it contains site-packages")
            continue
        out.append(path)
    return out


def plan_paths(
    scratch_dir: str,
    write_paths: Iterable[str] = (),
    read_paths: Iterable[str] = (),
    notes: list[str] | None = None,
) -> list[tuple[str, int, int]]:
    """(path, rights if a folder, rights if a file) for every Landlock rule.

    With ``write_paths`` inside the scratch folder, only those are writable
    and the scratch folder itself is read-only: the child can then neither
    swap the folders the parent reads results from for symlinks nor rename
    them.  Without, the whole scratch folder is writable.
    """
    notes = [] if notes is None else notes
    plan: list[tuple[str, int, int]] = []
    for path in [
        *_stdlib_entries(),
        *_numpy_dirs(),
        *_library_dirs(),
        *_SYSTEM_READ,
        *_safe_read_paths(read_paths, notes),
    ]:
        plan.append((path, _READ_DIR_RIGHTS, _READ_DIR_RIGHTS))
    for path in _DEV_READ:
        plan.append((path, 0, FS_READ_FILE | FS_IOCTL_DEV))
    for path in _DEV_RW:
        plan.append((path, 0, FS_READ_FILE | FS_WRITE_FILE | FS_TRUNCATE | FS_IOCTL_DEV))
    writable = [os.path.realpath(p) for p in write_paths]
    inside = [p for p in writable if _is_within(p, scratch_dir) and p != scratch_dir]
    if inside and len(inside) == len(writable):
        plan.append((scratch_dir, FS_READ_FILE | FS_READ_DIR, 0))
        plan.extend((p, _SCRATCH_RIGHTS, 0) for p in inside)
    else:
        for p in writable:
            if not _is_within(p, scratch_dir):
                notes.append(f"write path {p} is outside the scratch folder; granted anyway")
        plan.extend((p, _SCRATCH_RIGHTS, 0) for p in {scratch_dir, *writable})
    return plan


class Ruleset:
    """A Landlock ruleset being built; rules are added as paths are opened, so
    only one extra descriptor is open at a time (the harness may have set a
    low open-files limit already)."""

    def __init__(self, abi: int, *, net: bool = True, scope: bool = True) -> None:
        if abi <= 0:
            raise OSError(errno.ENOSYS, "Landlock is not available")
        self.abi = abi
        self.fs_rights = _fs_rights_for(abi)
        attr = _RulesetAttr(handled_access_fs=self.fs_rights)
        if net and abi >= 4:
            # Handled with no port rules: every TCP bind and connect is denied.
            attr.handled_access_net = NET_BIND_TCP | NET_CONNECT_TCP
        if scope and abi >= 6:
            # No signals to, and no abstract unix sockets of, processes
            # outside this domain (the grader, the user's shell, anyone).
            attr.scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL
        self.net = bool(attr.handled_access_net)
        self.scoped = bool(attr.scoped)
        fd = _syscall(
            ctypes.c_long(_NR_LANDLOCK_CREATE_RULESET),
            ctypes.byref(attr),
            ctypes.c_size_t(_ruleset_size(abi)),
            ctypes.c_uint32(0),
        )
        if fd < 0:
            err = ctypes.get_errno()
            raise OSError(err, f"landlock_create_ruleset: {_errno_text(err)}")
        self.fd = int(fd)
        self.rules = 0

    def allow(self, path: str, dir_access: int, file_access: int) -> bool:
        """Add a rule for ``path``; False when it does not exist here."""
        try:
            pfd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:
            return False
        try:
            is_dir = stat.S_ISDIR(os.fstat(pfd).st_mode)
            access = dir_access if is_dir else (file_access & _FS_FILE_RIGHTS)
            # Rights this ABI does not know would make the kernel say EINVAL.
            beneath = _PathBeneathAttr(allowed_access=access & self.fs_rights, parent_fd=pfd)
            if beneath.allowed_access == 0:
                return False
            ret = _syscall(
                ctypes.c_long(_NR_LANDLOCK_ADD_RULE),
                ctypes.c_int(self.fd),
                ctypes.c_int(LANDLOCK_RULE_PATH_BENEATH),
                ctypes.byref(beneath),
                ctypes.c_uint32(0),
            )
            if ret < 0:
                err = ctypes.get_errno()
                raise OSError(err, f"landlock_add_rule({path}): {_errno_text(err)}")
            self.rules += 1
            return True
        finally:
            os.close(pfd)

    def restrict_self(self) -> None:
        """Enforce the ruleset on this thread (needs no_new_privs first)."""
        ret = _syscall(ctypes.c_long(_NR_LANDLOCK_RESTRICT_SELF), ctypes.c_int(self.fd), ctypes.c_uint32(0))
        if ret < 0:
            err = ctypes.get_errno()
            raise OSError(err, f"landlock_restrict_self: {_errno_text(err)}")

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


# ---------------------------------------------------------------------------
# seccomp-BPF

SECCOMP_SET_MODE_FILTER = 1
SECCOMP_MODE_FILTER = 2
SECCOMP_FILTER_FLAG_TSYNC = 1

SECCOMP_RET_KILL_PROCESS = 0x80000000
SECCOMP_RET_ERRNO = 0x00050000
SECCOMP_RET_ALLOW = 0x7FFF0000

AUDIT_ARCH_X86_64 = 0xC000003E
AUDIT_ARCH_AARCH64 = 0xC00000B7
_X32_SYSCALL_BIT = 0x40000000

# classic BPF opcodes (linux/filter.h)
_BPF_LD_W_ABS = 0x20
_BPF_JEQ_K = 0x15
_BPF_JGE_K = 0x35
_BPF_JSET_K = 0x45
_BPF_RET_K = 0x06

# struct seccomp_data offsets: nr (int), arch (u32), ip (u64), args[6] (u64).
# Only the low 32 bits of the arguments we test matter to the kernel (pid_t,
# and clone() truncates its flags), so we load the low word (little endian).
_OFF_NR = 0
_OFF_ARCH = 4


def _off_arg_low(i: int) -> int:
    return 16 + 8 * i


CLONE_THREAD = 0x00010000
# Namespace flags are refused even together with CLONE_THREAD.
_CLONE_NS_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000
_CLONE_NS_FLAGS |= 0x40000000

# name -> (x86_64 number, aarch64 number); None where the arch lacks it.
_SYSCALLS: dict[str, tuple[int | None, int | None]] = {
    "fork": (57, None),
    "vfork": (58, None),
    "execve": (59, 221),
    "execveat": (322, 281),
    "clone": (56, 220),
    "clone3": (435, 435),
    "ptrace": (101, 117),
    "kill": (62, 129),
    "tkill": (200, 130),
    "tgkill": (234, 131),
    "rt_sigqueueinfo": (129, 138),
    "rt_tgsigqueueinfo": (297, 240),
    "socket": (41, 198),
    "setuid": (105, 146),
    "setgid": (106, 144),
    "setreuid": (113, 145),
    "setregid": (114, 143),
    "setresuid": (117, 147),
    "setresgid": (119, 149),
    "setfsuid": (122, 151),
    "setfsgid": (123, 152),
    "setgroups": (116, 159),
    "unshare": (272, 97),
    "setns": (308, 268),
    "mount": (165, 40),
    "umount2": (166, 39),
    "pivot_root": (155, 41),
    "chroot": (161, 51),
    "open_tree": (428, 428),
    "move_mount": (429, 429),
    "fsopen": (430, 430),
    "fsconfig": (431, 431),
    "fsmount": (432, 432),
    "fspick": (433, 433),
    "mount_setattr": (442, 442),
    "process_vm_readv": (310, 270),
    "process_vm_writev": (311, 271),
    "pidfd_open": (434, 434),
    "pidfd_send_signal": (424, 424),
    "pidfd_getfd": (438, 438),
    "io_uring_setup": (425, 425),
    "io_uring_enter": (426, 426),
    "io_uring_register": (427, 427),
    "bpf": (321, 280),
    "perf_event_open": (298, 241),
    "userfaultfd": (323, 282),
    "keyctl": (250, 219),
    "add_key": (248, 217),
    "request_key": (249, 218),
    "kcmp": (312, 272),
    "name_to_handle_at": (303, 264),
    "open_by_handle_at": (304, 265),
}

# Plain denials and the errno they get.  EPERM reads naturally in a Python
# traceback ("Operation not permitted"); clone3 gets ENOSYS so glibc falls
# back to clone(), whose flags we *can* inspect (clone3 passes a pointer).
_DENY_ERRNO: dict[str, int] = {
    "fork": errno.EPERM,
    "vfork": errno.EPERM,
    "execve": errno.EPERM,
    "execveat": errno.EPERM,
    "clone3": errno.ENOSYS,
    "ptrace": errno.EPERM,
    "tkill": errno.EPERM,
    "socket": errno.EACCES,
    "io_uring_setup": errno.ENOSYS,
    "io_uring_enter": errno.ENOSYS,
    "io_uring_register": errno.ENOSYS,
    **{
        name: errno.EPERM
        for name in [
            *("setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid"),
            *("setfsuid", "setfsgid", "setgroups", "unshare", "setns", "mount", "umount2"),
            *("pivot_root", "chroot", "open_tree", "move_mount", "fsopen", "fsconfig"),
            *("fsmount", "fspick", "mount_setattr", "process_vm_readv", "process_vm_writev"),
            *("pidfd_open", "pidfd_send_signal", "pidfd_getfd", "bpf", "perf_event_open"),
            *("userfaultfd", "keyctl", "add_key", "request_key", "kcmp"),
            *("name_to_handle_at", "open_by_handle_at"),
        ]
    },
}
# Signal syscalls whose first argument is the target pid: only our own.
_SELF_PID_ONLY = ("kill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo")


def _insn(code: int, k: int, jt: int = 0, jf: int = 0) -> tuple[int, int, int, int]:
    return (code, jt, jf, k & 0xFFFFFFFF)


def build_seccomp_filter(
    pid: int, *, allow_network: bool = False, allow_subprocess: bool = False
) -> list[tuple[int, int, int, int]]:
    """The BPF program for this machine; raises OSError on an unknown arch."""
    if sys.byteorder != "little":
        raise OSError(errno.ENOSYS, "seccomp filter assumes a little-endian machine")
    if _IS_X86_64:
        arch, col = AUDIT_ARCH_X86_64, 0
    elif _IS_AARCH64:
        arch, col = AUDIT_ARCH_AARCH64, 1
    else:
        raise OSError(errno.ENOSYS, f"no seccomp syscall table for {_MACHINE}")

    def nr(name: str) -> int | None:
        return _SYSCALLS[name][col]

    def errno_ret(e: int) -> tuple[int, int, int, int]:
        return _insn(_BPF_RET_K, SECCOMP_RET_ERRNO | e)

    prog = [
        _insn(_BPF_LD_W_ABS, _OFF_ARCH),
        # A foreign arch (int 0x80 i386 calls on x86_64, arm32 compat on
        # aarch64) has other syscall numbers: kill rather than guess.
        _insn(_BPF_JEQ_K, arch, jt=1, jf=0),
        _insn(_BPF_RET_K, SECCOMP_RET_KILL_PROCESS),
        _insn(_BPF_LD_W_ABS, _OFF_NR),
    ]
    if _IS_X86_64:
        # x32 syscalls share the x86_64 arch value but set this bit.
        prog += [_insn(_BPF_JGE_K, _X32_SYSCALL_BIT, jt=0, jf=1), errno_ret(errno.ENOSYS)]

    # Each block: "if nr == N: body" where the body always returns, so the
    # false branch skips exactly len(body) instructions.  Blocks that test an
    # argument reload nr afterwards is unnecessary because they all return.
    def block(n: int | None, body: list[tuple[int, int, int, int]]) -> None:
        if n is None:
            return
        prog.append(_insn(_BPF_JEQ_K, n, jt=0, jf=len(body)))
        prog.extend(body)

    skip = set()
    if allow_network:
        skip.add("socket")
    if allow_subprocess:
        skip.update(("fork", "vfork", "execve", "execveat", "clone3"))
    for name, err in _DENY_ERRNO.items():
        if name not in skip:
            block(nr(name), [errno_ret(err)])
    # clone: threads only.  Flags (low word of arg 0) must carry CLONE_THREAD
    # (unless subprocesses are allowed) and never a namespace flag.
    clone_body = [
        _insn(_BPF_LD_W_ABS, _off_arg_low(0)),
        _insn(_BPF_JSET_K, _CLONE_NS_FLAGS, jt=2, jf=0),
        _insn(_BPF_JSET_K, CLONE_THREAD, jt=0, jf=1),
        _insn(_BPF_RET_K, SECCOMP_RET_ALLOW),
        errno_ret(errno.EPERM),
    ]
    if allow_subprocess:
        clone_body = [
            _insn(_BPF_LD_W_ABS, _off_arg_low(0)),
            _insn(_BPF_JSET_K, _CLONE_NS_FLAGS, jt=1, jf=0),
            _insn(_BPF_RET_K, SECCOMP_RET_ALLOW),
            errno_ret(errno.EPERM),
        ]
    block(nr("clone"), clone_body)
    for name in _SELF_PID_ONLY:
        block(
            nr(name),
            [
                _insn(_BPF_LD_W_ABS, _off_arg_low(0)),
                _insn(_BPF_JEQ_K, pid, jt=0, jf=1),
                _insn(_BPF_RET_K, SECCOMP_RET_ALLOW),
                errno_ret(errno.EPERM),
            ],
        )
    prog.append(_insn(_BPF_RET_K, SECCOMP_RET_ALLOW))
    return prog


class _SockFilter(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_uint16),
        ("jt", ctypes.c_uint8),
        ("jf", ctypes.c_uint8),
        ("k", ctypes.c_uint32),
    ]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def apply_seccomp(pid: int | None = None, *, allow_network: bool = False, allow_subprocess: bool = False) -> None:
    """Install the filter on every thread of this process (raises OSError)."""
    prog = build_seccomp_filter(
        os.getpid() if pid is None else pid,
        allow_network=allow_network,
        allow_subprocess=allow_subprocess,
    )
    arr = (_SockFilter * len(prog))(*[_SockFilter(c, jt, jf, k) for c, jt, jf, k in prog])
    fprog = _SockFprog(len(prog), ctypes.cast(arr, ctypes.POINTER(_SockFilter)))
    # TSYNC puts the filter on threads that already exist too (OpenBLAS may
    # have started some); plain prctl would filter only this thread.
    ret = _syscall(
        ctypes.c_long(_NR_SECCOMP),
        ctypes.c_uint(SECCOMP_SET_MODE_FILTER),
        ctypes.c_uint(SECCOMP_FILTER_FLAG_TSYNC),
        ctypes.byref(fprog),
    )
    if ret != 0:
        err = ctypes.get_errno()
        if err != errno.ENOSYS and err != errno.EINVAL:
            raise OSError(err, f"seccomp(SET_MODE_FILTER): {_errno_text(err)}")
        # Kernels before 3.17 have no seccomp(2); fall back to prctl.
        if _prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(fprog), 0, 0) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"prctl(PR_SET_SECCOMP): {_errno_text(err)}")


# ---------------------------------------------------------------------------
# Privileges


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


_LINUX_CAPABILITY_VERSION_3 = 0x20080522
CAP_SETUID = 7


def _capset(effective: int, permitted: int) -> None:
    header = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    data[0].effective = effective & 0xFFFFFFFF
    data[0].permitted = permitted & 0xFFFFFFFF
    data[1].effective = effective >> 32
    data[1].permitted = permitted >> 32
    if _syscall(ctypes.c_long(_NR_CAPSET), ctypes.byref(header), ctypes.byref(data)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"capset: {_errno_text(err)}")


def _last_cap() -> int:
    try:
        with open("/proc/sys/kernel/cap_last_cap") as f:
            return int(f.read())
    except (OSError, ValueError):
        return 63


def _readable_by_others(path: str) -> bool:
    """Could a uid that owns nothing here read ``path`` and walk to it?"""
    path = os.path.realpath(path)
    parts = path.split(os.sep)
    for i in range(2, len(parts) + 1):
        prefix = os.sep.join(parts[:i]) or os.sep
        try:
            mode = os.stat(prefix).st_mode
        except OSError:
            return False
        if not mode & stat.S_IXOTH:
            return False
    return bool(os.stat(path).st_mode & stat.S_IROTH)


def drop_root(uid: int, gid: int, scratch_dir: str, write_paths: Iterable[str] = ()) -> dict[str, Any]:
    """Become ``uid``/``gid`` with no capabilities.

    When the interpreter lives where an unprivileged uid cannot read it (a
    pyenv build under /root, mode 0700), imports would break after the drop.
    Then only the *filesystem* uid stays 0: the real, effective and saved uid
    (which decide signals, ptrace and process ownership) are ``uid``, every
    capability is gone, and Landlock is what limits file access.
    """
    if os.geteuid() != 0:
        return {"uid_dropped": False}
    keep_fs_root = not _readable_by_others(_stdlib_dir())
    # The writable folders must be ours after the drop: owner uid, group gid,
    # so both the full drop (fsuid=uid) and the fsuid-0 variant (fsgid=gid)
    # can write them; the scratch folder itself stays read-only when only
    # some of its subfolders are writable.  Nothing of the submission has
    # run yet, so these paths are still the parent's.
    writable = [p for p in write_paths if p != scratch_dir]
    os.chown(scratch_dir, uid, gid)
    os.chmod(scratch_dir, 0o550 if writable else 0o770)
    for path in writable:
        os.chown(path, uid, gid)
        os.chmod(path, 0o770)
    # Shrink the bounding set while we still hold CAP_SETPCAP.
    for cap in range(_last_cap() + 1):
        _prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    if keep_fs_root:
        _prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0)
    os.setresuid(uid, uid, uid)
    if keep_fs_root:
        _capset(1 << CAP_SETUID, 1 << CAP_SETUID)
        _syscall(ctypes.c_long(_NR_SETFSUID), ctypes.c_uint(0))
        _prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0)
    # setresuid cleared caps already in the full-drop case; be explicit.
    _capset(0, 0)
    _prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    ids = _status_ids()
    if ids.get("Uid", [0])[:3] != [uid, uid, uid] or ids.get("CapEff", [1])[0] != 0:
        raise OSError(errno.EPERM, f"privilege drop did not stick: {ids}")
    return {"uid_dropped": True, "uid": uid, "fs_uid": ids["Uid"][3]}


def _status_ids() -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    with open("/proc/self/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("Uid", "Gid"):
                out[key] = [int(v) for v in value.split()]
            elif key in ("CapEff", "CapPrm"):
                out[key] = [int(value.strip(), 16)]
    return out


# ---------------------------------------------------------------------------
# Namespaces and limits


def enter_net_namespace() -> None:
    """A private network namespace: only a down loopback, no routes out.

    This also covers what Landlock does not: UDP, raw sockets, abstract unix
    sockets on kernels before ABI 6.  Root can unshare it directly; others
    need a user namespace first (which must happen while single-threaded).
    """
    if _libc.unshare(ctypes.c_int(CLONE_NEWNET)) == 0:
        return
    err = ctypes.get_errno()
    if os.geteuid() == 0:
        raise OSError(err, f"unshare(CLONE_NEWNET): {_errno_text(err)}")
    if _libc.unshare(ctypes.c_int(CLONE_NEWUSER | CLONE_NEWNET)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"unshare(CLONE_NEWUSER|CLONE_NEWNET): {_errno_text(err)}")


def _vm_size() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def set_rlimits(policy: dict[str, Any]) -> dict[str, int]:
    """Apply the limits named in ``policy``; returns what was set (soft values).

    - ``cpu_seconds``: from now on (start-up time is added); the hard limit
      is one second above the soft one, so a submission that ignores SIGXCPU
      still gets SIGKILL.
    - ``memory_bytes``: address space *beyond what is mapped now* (the
      interpreter and numpy), or ``address_space_bytes`` as an absolute cap.
    - ``file_size_bytes``, ``open_files``; core dumps are always off.
    """
    applied: dict[str, int] = {}

    def lower(which: int, name: str, soft: int, hard: int | None = None) -> None:
        # Only ever lower: the caller (the harness) may have set tighter
        # limits already, and raising a hard limit needs privilege anyway.
        cur_soft, cur_hard = resource.getrlimit(which)
        hard = soft if hard is None else hard
        if cur_hard != resource.RLIM_INFINITY:
            hard = min(hard, cur_hard)
        if cur_soft != resource.RLIM_INFINITY:
            soft = min(soft, cur_soft)
        soft = min(soft, hard)
        resource.setrlimit(which, (soft, hard))
        applied[name] = soft

    lower(resource.RLIMIT_CORE, "core", 0)
    cpu = policy.get("cpu_seconds")
    if cpu:
        # RLIMIT_CPU counts from process start: add what start-up used.
        usage = resource.getrusage(resource.RUSAGE_SELF)
        soft = max(1, math.ceil(usage.ru_utime + usage.ru_stime + float(cpu)))
        lower(resource.RLIMIT_CPU, "cpu_seconds", soft, soft + 1)
    if policy.get("address_space_bytes"):
        lower(resource.RLIMIT_AS, "address_space_bytes", int(policy["address_space_bytes"]))
    elif policy.get("memory_bytes"):
        limit = _vm_size() + int(policy["memory_bytes"])
        lower(resource.RLIMIT_AS, "address_space_bytes", limit)
    if policy.get("file_size_bytes"):
        lower(resource.RLIMIT_FSIZE, "file_size_bytes", int(policy["file_size_bytes"]))
    if policy.get("open_files"):
        lower(resource.RLIMIT_NOFILE, "open_files", int(policy["open_files"]))
    return applied


# ---------------------------------------------------------------------------
# Import guard


class ImportGuard:
    """A meta-path finder that refuses every import outside an allow-list.

    It sits first on sys.meta_path.  A submission can remove it (it is plain
    Python in the same process), which is why Landlock also makes everything
    but the stdlib, numpy and the scratch folder unreadable.
    """

    def __init__(self, allowed: Iterable[str]) -> None:
        self.allowed = frozenset(allowed)

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> None:
        top = fullname.partition(".")[0]
        # sysconfig (imported by numpy.testing) loads a generated module whose
        # name, _sysconfigdata_<abi>_<platform>, is not in stdlib_module_names.
        if top in self.allowed or top.startswith("_sysconfigdata_"):
            return None  # let the normal finders locate it
        raise ModuleNotFoundError(
            f"import of {fullname!r} is not allowed here (only numpy and the standard library)",
            name=fullname,
        )


def install_import_guard(extra_allowed: Iterable[str] = ()) -> ImportGuard:
    allowed = set(sys.stdlib_module_names) | {"numpy", *extra_allowed}
    guard = ImportGuard(allowed)
    sys.meta_path.insert(0, guard)
    return guard


# ---------------------------------------------------------------------------
# Putting it together


def _thread_count() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 0


def lock_down(scratch_dir: str, policy: dict[str, Any] | None = None) -> dict[str, Any]:
    """Apply every available layer; never raises; returns what was active.

    ``policy`` keys (all optional):

    - limits: ``cpu_seconds``, ``memory_bytes`` (beyond what is mapped now)
      or ``address_space_bytes``, ``file_size_bytes``, ``open_files``;
    - paths: ``write_paths`` (folders inside the scratch folder that may be
      written; the scratch folder itself then becomes read-only; default:
      the whole scratch folder), ``read_paths`` (extra read-only paths; any
      that would expose a site-packages folder is skipped and noted);
    - ``uid``/``gid`` to become when started as root (default 65534; give
      each run its own so the parent can sweep its processes by uid);
    - ``allow_network``, ``allow_subprocess`` (default False);
    - ``allowed_modules``: more importable top-level names;
    - per-layer switches ``landlock``, ``seccomp``, ``net_namespace``,
      ``drop_uid``, ``import_guard`` (default True; tests turn single layers
      off to check each one alone).
    """
    policy = dict(policy or {})
    report: dict[str, Any] = {
        "landlock": 0,
        "landlock_net": False,
        "landlock_scoped": False,
        "seccomp": False,
        "pid_namespace": False,
        "net_namespace": False,
        "uid_dropped": False,
        "rlimits": False,
        "no_new_privs": False,
        "import_guard": False,
        "errors": [],
        "notes": [],
    }
    errors: list[str] = report["errors"]
    notes: list[str] = report["notes"]
    # Milliseconds spent per layer, so the cost of each is visible in reports.
    timings: dict[str, float] = {}
    report["ms"] = timings
    clock = [time.perf_counter()]

    def lap(name: str) -> None:
        now = time.perf_counter()
        timings[name] = round((now - clock[0]) * 1000, 2)
        clock[0] = now

    scratch_dir = os.path.realpath(scratch_dir)
    allow_network = bool(policy.get("allow_network", False))
    allow_subprocess = bool(policy.get("allow_subprocess", False))
    write_paths = [os.path.realpath(p) for p in policy.get("write_paths") or ()]

    def on(name: str) -> bool:
        return bool(policy.get(name, True))

    # numpy must be imported now: after Landlock its site-packages folder
    # cannot be listed, so a first "import numpy" would fail.
    try:
        import numpy  # noqa: F401
    except Exception as exc:  # noqa: BLE001
        errors.append(f"numpy: {exc}")
    sys.dont_write_bytecode = True
    # tempfile reads TMPDIR on first use; importing it here would cost ~20 ms.
    tmp = next((p for p in write_paths if p != scratch_dir), scratch_dir)
    os.environ["TMPDIR"] = tmp
    if "tempfile" in sys.modules:
        sys.modules["tempfile"].tempdir = tmp

    threads = _thread_count()
    if threads > 1:
        # Landlock and capset act on the calling thread only; seccomp uses
        # TSYNC.  The parent sets OPENBLAS_NUM_THREADS=1 to avoid this.
        errors.append(f"{threads} threads at lock-down; Landlock covers only the main one")

    # 1. Landlock rules are built now, while every path is reachable (before
    #    the uid drop); they are enforced after no_new_privs.
    ruleset: Ruleset | None = None
    abi = landlock_abi() if on("landlock") else 0
    if abi:
        try:
            ruleset = Ruleset(abi, net=not allow_network)
            plan = plan_paths(scratch_dir, write_paths, policy.get("read_paths") or (), notes)
            for path, dir_access, file_access in plan:
                ruleset.allow(path, dir_access, file_access)
            _warm_finders([_stdlib_dir()])
        except Exception as exc:  # noqa: BLE001
            errors.append(f"landlock rules: {exc}")
            if ruleset is not None:
                ruleset.close()
            ruleset = None
    elif on("landlock"):
        errors.append("landlock: not offered by this kernel")
    lap("landlock_rules")

    # 2. Network namespace.
    if on("net_namespace") and not allow_network:
        try:
            enter_net_namespace()
            report["net_namespace"] = True
        except Exception as exc:  # noqa: BLE001
            errors.append(f"net namespace: {exc}")
    lap("net_namespace")

    # A pid namespace is not used: unshare(CLONE_NEWPID) moves only future
    # children into it, and the kernel then refuses CLONE_THREAD (EINVAL), so
    # numpy and the threading module would break.  Seccomp forbids children
    # outright and the parent sweeps by uid, which covers the same ground.
    notes.append("pid namespace: not used (seccomp forbids child processes instead)")

    # 3. Drop root.
    if on("drop_uid") and os.geteuid() == 0:
        uid = int(policy.get("uid", DEFAULT_SANDBOX_ID))
        gid = int(policy.get("gid", uid if "uid" in policy else DEFAULT_SANDBOX_ID))
        try:
            report.update(drop_root(uid, gid, scratch_dir, write_paths))
        except Exception as exc:  # noqa: BLE001
            errors.append(f"drop uid: {exc}")
    elif os.geteuid() != 0:
        notes.append("uid drop: not needed (not running as root)")
    lap("drop_uid")

    # 4. no_new_privs: required for Landlock and seccomp without CAP_SYS_ADMIN.
    if _prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0:
        report["no_new_privs"] = True
    else:
        errors.append(f"no_new_privs: {_errno_text(ctypes.get_errno())}")

    # 5. Landlock.
    if ruleset is not None:
        try:
            ruleset.restrict_self()
            report["landlock"] = abi
            report["landlock_net"] = ruleset.net
            report["landlock_scoped"] = ruleset.scoped
        except Exception as exc:  # noqa: BLE001
            errors.append(f"landlock: {exc}")
        finally:
            ruleset.close()
    lap("landlock_enforce")

    # 6. Limits: after the rule descriptors are closed, before seccomp.
    try:
        report["rlimits_set"] = set_rlimits(policy)
        report["rlimits"] = True
    except Exception as exc:  # noqa: BLE001
        errors.append(f"rlimits: {exc}")

    if on("import_guard"):
        install_import_guard(policy.get("allowed_modules", ()))
        report["import_guard"] = True
    lap("rlimits_and_import_guard")

    # 7. seccomp, last.
    if on("seccomp"):
        try:
            apply_seccomp(allow_network=allow_network, allow_subprocess=allow_subprocess)
            report["seccomp"] = True
        except Exception as exc:  # noqa: BLE001
            errors.append(f"seccomp: {exc}")
    lap("seccomp")
    timings["total"] = round(sum(timings.values()), 2)
    return report
