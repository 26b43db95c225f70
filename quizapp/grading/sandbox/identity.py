"""Identity: as root, become a uid of the run's own with no capabilities."""

from __future__ import annotations

import ctypes
import errno
import os
import stat
from collections.abc import Iterable
from typing import Any

from .kernel import (
    NR_CAPSET,
    NR_SETFSUID,
    PR_CAP_AMBIENT,
    PR_CAP_AMBIENT_CLEAR_ALL,
    PR_CAPBSET_DROP,
    PR_SET_KEEPCAPS,
    errno_text,
    prctl,
    syscall,
)
from .landlock import stdlib_dir


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
    if syscall(ctypes.c_long(NR_CAPSET), ctypes.byref(header), ctypes.byref(data)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"capset: {errno_text(err)}")


def drop_capabilities() -> None:
    """No effective or permitted capability left (those a user namespace gave us)."""
    _capset(0, 0)
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)


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
    keep_fs_root = not _readable_by_others(stdlib_dir())
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
        prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    if keep_fs_root:
        prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0)
    os.setresuid(uid, uid, uid)
    if keep_fs_root:
        _capset(1 << CAP_SETUID, 1 << CAP_SETUID)
        syscall(ctypes.c_long(NR_SETFSUID), ctypes.c_uint(0))
        prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0)
    # setresuid cleared caps already in the full-drop case; be explicit.
    _capset(0, 0)
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    ids = status_ids()
    if ids.get("Uid", [0])[:3] != [uid, uid, uid] or ids.get("CapEff", [1])[0] != 0:
        raise OSError(errno.EPERM, f"privilege drop did not stick: {ids}")
    return {"uid_dropped": True, "uid": uid, "fs_uid": ids["Uid"][3]}


def status_ids() -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    with open("/proc/self/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("Uid", "Gid"):
                out[key] = [int(v) for v in value.split()]
            elif key in ("CapEff", "CapPrm"):
                out[key] = [int(value.strip(), 16)]
    return out
