"""Namespaces: private network and IPC namespaces, best effort.

The network namespace has only a down loopback: no UDP, raw or abstract unix socket
reaches the host (seccomp refuses socket() anyway; this is the layer under it). The
IPC namespace gives the child SysV shared memory, message queues and semaphores of
its own, which die with it (seccomp refuses those calls too). Root unshares them
directly; an ordinary user needs a user namespace first (single-threaded, before the
uid drop). A private mount namespace with a size-capped tmpfs scratch folder is not
used (see the README's threat model).
"""

from __future__ import annotations

import ctypes
import os

from .kernel import CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWUSER, errno_text, libc


def _unshare(flags: int) -> int:
    return 0 if libc.unshare(ctypes.c_int(flags)) == 0 else ctypes.get_errno()


def enter_namespaces(ipc: bool = True) -> dict[str, bool]:
    """Enter new network (and IPC) namespaces; returns which; raises OSError if none."""
    wanted = CLONE_NEWNET | (CLONE_NEWIPC if ipc else 0)
    prefix = 0 if os.geteuid() == 0 else CLONE_NEWUSER
    err = _unshare(prefix | wanted)
    if err == 0:
        return {"net_namespace": True, "ipc_namespace": ipc}
    if ipc and _unshare(prefix | CLONE_NEWNET) == 0:
        return {"net_namespace": True, "ipc_namespace": False}
    names = "CLONE_NEWUSER|" if prefix else ""
    raise OSError(err, f"unshare({names}CLONE_NEWNET|CLONE_NEWIPC): {errno_text(err)}")
