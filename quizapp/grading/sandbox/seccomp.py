"""seccomp-BPF: compile the allowlist (seccomp_policy) and install it on every thread.

The program: check the architecture (a foreign one, i386 calls on x86_64 or arm32
on aarch64, has other numbers: the process is killed), refuse x32 calls, then for
each allowed call "if nr == N: allow" (or its argument rule), and refuse the rest
with EPERM. Each test is two instructions, so no jump is ever longer than a rule's
own body (classic BPF jumps reach 255 instructions at most).
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys

from . import seccomp_policy as policy
from .kernel import IS_AARCH64, IS_X86_64, MACHINE, NR_SECCOMP, PR_SET_SECCOMP, errno_text, prctl, syscall

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
_BPF_ALU_AND_K = 0x54
_BPF_JEQ_K = 0x15
_BPF_JGE_K = 0x35
_BPF_RET_K = 0x06

# struct seccomp_data: nr (int), arch (u32), ip (u64), args[6] (u64); the low word of
# an argument comes first (little endian; checked below).
_OFF_NR = 0
_OFF_ARCH = 4

Insn = tuple[int, int, int, int]


def _off_arg_low(i: int) -> int:
    return 16 + 8 * i


def _insn(code: int, k: int, jt: int = 0, jf: int = 0) -> Insn:
    return (code, jt, jf, k & 0xFFFFFFFF)


def _ret(action: int) -> Insn:
    return _insn(_BPF_RET_K, action)


_ALLOW = _ret(SECCOMP_RET_ALLOW)
_DENY = _ret(SECCOMP_RET_ERRNO | policy.DEFAULT_ERRNO)


def _rule_body(rule: policy.Rule, pid: int) -> list[Insn]:
    """Instructions that end in allow or deny for one call's arguments."""
    if rule.any_of is not None:
        arg, values = rule.any_of
        body = [_insn(_BPF_LD_W_ABS, _off_arg_low(arg))]
        for i, value in enumerate(values):
            # Jump over the remaining tests and the deny, to the allow at the end.
            body.append(_insn(_BPF_JEQ_K, value, jt=len(values) - i, jf=0))
        return [*body, _DENY, _ALLOW]
    tests: list[list[Insn]] = []
    for arg, mask, value in rule.all_of:
        test = [_insn(_BPF_LD_W_ABS, _off_arg_low(arg))]
        if mask != policy.ALL:
            test.append(_insn(_BPF_ALU_AND_K, mask))
        test.append(_insn(_BPF_JEQ_K, pid if value == policy.SELF else value))
        tests.append(test)
    body: list[Insn] = []
    total = sum(len(t) for t in tests)
    for test in tests:
        body += test
        # A failed test jumps to the deny after the allow.
        code, jt, _, k = body[-1]
        body[-1] = (code, 0, total - len(body) + 1, k)
    return [*body, _ALLOW, _DENY]


def build_seccomp_filter(pid: int) -> list[Insn]:
    """The BPF program for this machine; raises OSError on an unknown architecture."""
    if sys.byteorder != "little":
        raise OSError(errno.ENOSYS, "the seccomp filter assumes a little-endian machine")
    if IS_X86_64:
        arch, column = AUDIT_ARCH_X86_64, 0
    elif IS_AARCH64:
        arch, column = AUDIT_ARCH_AARCH64, 1
    else:
        raise OSError(errno.ENOSYS, f"no seccomp syscall table for {MACHINE}")
    prog = [
        _insn(_BPF_LD_W_ABS, _OFF_ARCH),
        _insn(_BPF_JEQ_K, arch, jt=1, jf=0),
        _ret(SECCOMP_RET_KILL_PROCESS),
        _insn(_BPF_LD_W_ABS, _OFF_NR),
    ]
    if IS_X86_64:
        # x32 calls share the x86_64 arch value but set this bit.
        prog += [_insn(_BPF_JGE_K, _X32_SYSCALL_BIT, jt=0, jf=1), _DENY]

    def block(name: str, body: list[Insn]) -> None:
        number = policy.NUMBERS[name][column]
        if number is None:
            return
        prog.append(_insn(_BPF_JEQ_K, number, jt=0, jf=len(body)))
        # Every body ends in a return, so the accumulator still holds nr for the next test.
        prog.extend(body)

    for name, err in policy.ERRNO.items():
        block(name, [_ret(SECCOMP_RET_ERRNO | err)])
    for name in policy.allowed_calls():
        rule = policy.RULES.get(name)
        block(name, _rule_body(rule, pid) if rule else [_ALLOW])
    prog.append(_DENY)
    if len(prog) > 4096:
        raise OSError(errno.E2BIG, f"seccomp filter of {len(prog)} instructions")
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


def apply_seccomp(pid: int | None = None) -> int:
    """Install the filter on every thread of this process; returns its length (raises OSError)."""
    prog = build_seccomp_filter(os.getpid() if pid is None else pid)
    arr = (_SockFilter * len(prog))(*[_SockFilter(c, jt, jf, k) for c, jt, jf, k in prog])
    fprog = _SockFprog(len(prog), ctypes.cast(arr, ctypes.POINTER(_SockFilter)))
    # TSYNC puts the filter on threads that already exist too (OpenBLAS may
    # have started some); plain prctl would filter only this thread.
    ret = syscall(
        ctypes.c_long(NR_SECCOMP),
        ctypes.c_uint(SECCOMP_SET_MODE_FILTER),
        ctypes.c_uint(SECCOMP_FILTER_FLAG_TSYNC),
        ctypes.byref(fprog),
    )
    if ret != 0:
        err = ctypes.get_errno()
        if err != errno.ENOSYS and err != errno.EINVAL:
            raise OSError(err, f"seccomp(SET_MODE_FILTER): {errno_text(err)}")
        # Kernels before 3.17 have no seccomp(2); fall back to prctl.
        if prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(fprog), 0, 0) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"prctl(PR_SET_SECCOMP): {errno_text(err)}")
    return len(prog)
