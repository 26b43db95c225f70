"""Landlock: which files the child may read and write, TCP, signal and socket scoping.

Rules are built while every path is still reachable (before the uid drop) and
enforced after no_new_privs. Landlock has no right for metadata (chmod, utime,
xattrs, chown): seccomp refuses those calls instead.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import stat
import sys
from collections.abc import Iterable

from .kernel import errno_text, syscall

# The same numbers on every architecture.
_NR_LANDLOCK_CREATE_RULESET = 444
_NR_LANDLOCK_ADD_RULE = 445
_NR_LANDLOCK_RESTRICT_SELF = 446

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
    ret = syscall(
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


def stdlib_dir() -> str:
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
    beforehand (see ``warm_finders``).
    """
    stdlib = stdlib_dir()
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
    libdir = os.path.dirname(stdlib_dir())
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


def warm_finders(dirs: Iterable[str]) -> None:
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
    stdlib = stdlib_dir()
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
        fd = syscall(
            ctypes.c_long(_NR_LANDLOCK_CREATE_RULESET),
            ctypes.byref(attr),
            ctypes.c_size_t(_ruleset_size(abi)),
            ctypes.c_uint32(0),
        )
        if fd < 0:
            err = ctypes.get_errno()
            raise OSError(err, f"landlock_create_ruleset: {errno_text(err)}")
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
            ret = syscall(
                ctypes.c_long(_NR_LANDLOCK_ADD_RULE),
                ctypes.c_int(self.fd),
                ctypes.c_int(LANDLOCK_RULE_PATH_BENEATH),
                ctypes.byref(beneath),
                ctypes.c_uint32(0),
            )
            if ret < 0:
                err = ctypes.get_errno()
                raise OSError(err, f"landlock_add_rule({path}): {errno_text(err)}")
            self.rules += 1
            return True
        finally:
            os.close(pfd)

    def restrict_self(self) -> None:
        """Enforce the ruleset on this thread (needs no_new_privs first)."""
        ret = syscall(ctypes.c_long(_NR_LANDLOCK_RESTRICT_SELF), ctypes.c_int(self.fd), ctypes.c_uint32(0))
        if ret < 0:
            err = ctypes.get_errno()
            raise OSError(err, f"landlock_restrict_self: {errno_text(err)}")

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
