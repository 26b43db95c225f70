"""What every layer shares: libc through ctypes, the machine, prctl constants.

Standard library only (this package runs inside the untrusted child, loaded by
file path; it must not import ``quizapp``).
"""

from __future__ import annotations

import ctypes
import errno
import os

libc = ctypes.CDLL(None, use_errno=True)
syscall = libc.syscall
syscall.restype = ctypes.c_long
prctl = libc.prctl
prctl.restype = ctypes.c_int
prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]

MACHINE = os.uname().machine.lower()
IS_X86_64 = MACHINE in ("x86_64", "amd64")
IS_AARCH64 = MACHINE in ("aarch64", "arm64")
# Syscall numbers called directly (Landlock's are in landlock.py).
NR_SECCOMP = 317 if IS_X86_64 else 277
NR_CAPSET = 126 if IS_X86_64 else 91
NR_SETFSUID = 122 if IS_X86_64 else 151

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
CLONE_NEWIPC = 0x08000000
CLONE_NEWNS = 0x00020000

# The uid/gid used when the child starts as root ("nobody" on most systems).
DEFAULT_SANDBOX_ID = 65534


def errno_text(err: int) -> str:
    return f"{errno.errorcode.get(err, err)}: {os.strerror(err)}"
