"""Resource limits the child sets on itself (the parent judges by what it measures)."""

from __future__ import annotations

import math
import resource
from typing import Any


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
