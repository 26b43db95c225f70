"""Namespaces: private network, IPC and mount namespaces, best effort.

The network namespace has only a down loopback: no UDP, raw or abstract unix socket
reaches the host (seccomp refuses socket() anyway; this is the layer under it). The
IPC namespace gives the child SysV shared memory, message queues and semaphores of
its own, which die with it (seccomp refuses those calls too). The mount namespace
lets the child put a size-capped tmpfs over its writable scratch folder (work/), so
everything it writes there is capped in total (bytes and files), not file by file,
never reaches the machine's disk, and vanishes with the child.

Root unshares them directly; an ordinary user needs a user namespace first
(single-threaded, before the uid drop), with an id map of its own uid and gid so that
files on the tmpfs have an owner; its capabilities in that namespace are dropped as
soon as the tmpfs is mounted.
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Iterable
from typing import Any

from .kernel import CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWUSER, PR_SET_DUMPABLE, errno_text, libc, prctl

PR_GET_DUMPABLE = 3

MS_NOSUID, MS_NODEV, MS_NOEXEC = 0x2, 0x4, 0x8
MS_REC, MS_PRIVATE = 0x4000, 0x40000
SCRATCH_INODES = 4096  # files and folders the tmpfs may hold, whatever their size


def _unshare(flags: int) -> int:
    return 0 if libc.unshare(ctypes.c_int(flags)) == 0 else ctypes.get_errno()


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None) -> None:
    enc = [None if v is None else v.encode() for v in (source, target, fstype, data)]
    if libc.mount(enc[0], enc[1], enc[2], ctypes.c_ulong(flags), enc[3]) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount {fstype or ''} on {target}: {errno_text(err)}")


def _write(path: str, text: str) -> None:
    with open(path, "w") as f:
        f.write(text)


def _map_own_ids(uid: int, gid: int) -> None:
    """In a fresh user namespace: map our own uid and gid to themselves.

    A fork of the (non-dumpable) grader is not dumpable either, and then its /proc/self
    files belong to root: dumpable for the three writes, as it was afterwards.
    """
    was = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0)
    if was != 1:
        prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)
    try:
        _write("/proc/self/setgroups", "deny")  # required before an unprivileged gid_map
        _write("/proc/self/uid_map", f"{uid} {uid} 1")
        _write("/proc/self/gid_map", f"{gid} {gid} 1")
    finally:
        if was != 1:
            prctl(PR_SET_DUMPABLE, max(was, 0), 0, 0, 0)


def enter_namespaces(ipc: bool = True, mount: bool = False) -> dict[str, Any]:
    """Enter new network (and IPC, and mount) namespaces; returns which; raises OSError if none.

    Each extra namespace is dropped in turn if the kernel refuses the set: the mount
    namespace first, then IPC. ``id_map_error``: why the new user namespace got no id
    map (then nothing can be mounted usefully in it).
    """
    prefix = 0 if os.geteuid() == 0 else CLONE_NEWUSER
    uid, gid = os.getuid(), os.getgid()
    tries = [(ipc, mount), (ipc, False), (False, False)]
    first_err = 0
    for with_ipc, with_mount in dict.fromkeys(tries):
        flags = CLONE_NEWNET | (CLONE_NEWIPC if with_ipc else 0) | (CLONE_NEWNS if with_mount else 0)
        err = _unshare(prefix | flags)
        if err == 0:
            out: dict[str, Any] = {"net_namespace": True, "ipc_namespace": with_ipc, "mount_namespace": with_mount}
            if prefix and with_mount:
                try:
                    _map_own_ids(uid, gid)
                except OSError as exc:
                    out["id_map_error"] = str(exc)
            return out
        first_err = first_err or err
    names = "CLONE_NEWUSER|" if prefix else ""
    raise OSError(first_err, f"unshare({names}CLONE_NEWNET|CLONE_NEWIPC|CLONE_NEWNS): {errno_text(first_err)}")


def mount_scratch(paths: Iterable[str], size_bytes: int, uid: int, gid: int) -> int:
    """In our own mount namespace: a tmpfs of at most ``size_bytes`` (and SCRATCH_INODES
    files) over each of ``paths``, owned by ``uid``/``gid``; returns its size in bytes.

    Mounts are made private first, so nothing propagates to the host's namespace. The
    current directory, if it is one of ``paths``, is entered again (it still pointed at
    the folder under the new mount).
    """
    _mount(None, "/", None, MS_REC | MS_PRIVATE, None)
    cwd = os.getcwd()
    options = f"size={size_bytes},nr_inodes={SCRATCH_INODES},mode=0700,uid={uid},gid={gid}"
    for path in paths:
        _mount("quizapp-scratch", path, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, options)
        if os.path.realpath(cwd) == os.path.realpath(path):
            os.chdir(path)
    return size_bytes
