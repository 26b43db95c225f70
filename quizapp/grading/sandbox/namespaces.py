"""Namespaces: a private network namespace (and IPC), best effort."""

from __future__ import annotations

import ctypes
import os

from .kernel import CLONE_NEWNET, CLONE_NEWUSER, errno_text, libc


def enter_net_namespace() -> None:
    """A private network namespace: only a down loopback, no routes out.

    This also covers what Landlock does not: UDP, raw sockets, abstract unix
    sockets on kernels before ABI 6.  Root can unshare it directly; others
    need a user namespace first (which must happen while single-threaded).
    """
    if libc.unshare(ctypes.c_int(CLONE_NEWNET)) == 0:
        return
    err = ctypes.get_errno()
    if os.geteuid() == 0:
        raise OSError(err, f"unshare(CLONE_NEWNET): {errno_text(err)}")
    if libc.unshare(ctypes.c_int(CLONE_NEWUSER | CLONE_NEWNET)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"unshare(CLONE_NEWUSER|CLONE_NEWNET): {errno_text(err)}")
