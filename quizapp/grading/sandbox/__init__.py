"""Lock the grading child down before it imports a submission.

This package runs *inside* the untrusted child, loaded by file path from the
harness under a private name, so it may use only the standard library (it must
not import ``quizapp``). The harness calls :func:`lock_down` once, after it has
read its inputs and imported numpy, and right before it says "ready".

One module per layer: ``landlock`` (files, TCP, scoping), ``seccomp`` (which
system calls exist at all), ``identity`` (the uid drop as root), ``namespaces``
(network, IPC, and mount with the tmpfs scratch), ``limits`` (rlimits),
``imports`` (the import guard), and ``lock_down``, which applies them in a fixed
order; ``refusals`` names the system call seccomp refused, for the report. Every layer is best effort:
a missing kernel feature is recorded in the returned report. The parent does not
take that report's word for what matters: it reads /proc/<child>/status itself
(runner.Child.start).

Constants come from the kernel uapi headers (linux/landlock.h,
linux/seccomp.h, linux/filter.h, linux/capability.h, asm/unistd.h).
"""

from __future__ import annotations

from . import refusals
from .landlock import landlock_abi
from .lock_down import lock_down

__all__ = ["landlock_abi", "lock_down", "refusals"]
