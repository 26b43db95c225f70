"""seccomp-BPF (replaced by the allowlist in the next commit)."""

from __future__ import annotations

import ctypes
import errno
import os
import sys

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
    if IS_X86_64:
        arch, col = AUDIT_ARCH_X86_64, 0
    elif IS_AARCH64:
        arch, col = AUDIT_ARCH_AARCH64, 1
    else:
        raise OSError(errno.ENOSYS, f"no seccomp syscall table for {MACHINE}")

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
    if IS_X86_64:
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
