# expect: runtime_error
# Tries to kill the grader: os.kill, a pidfd (which no audit hook sees), os.killpg and
# the raw kill syscall. (Not kill(-1): if every layer failed that would take the test
# runner down with it instead of failing one test.)
import ctypes
import os
import signal

import numpy as np


def _disarm():
    """Switch off the harness's Python-level guards (audit hook lists and closures,
    import gates on sys.meta_path), so that only the kernel layers stand in the way."""
    import gc
    import sys

    main = sys.modules.get("__main__")
    for name in ("_BLOCKED_EVENTS", "_PATH_EVENTS"):
        if main is not None and hasattr(main, name):
            setattr(main, name, frozenset())
    for obj in gc.get_objects():
        code = getattr(obj, "__code__", None)
        closure = getattr(obj, "__closure__", None)
        if code is None or not closure:
            continue
        for var, cell in zip(code.co_freevars, closure):
            if var == "inside":
                cell.cell_contents = lambda *a, **k: True
    sys.meta_path[:] = [f for f in sys.meta_path if not hasattr(f, "allowed")]


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum, self.eps, self.training = momentum, eps, True
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def forward(self, x):
        parent = os.getppid()
        errors = []
        try:
            fd = os.pidfd_open(parent)
            signal.pidfd_send_signal(fd, signal.SIGKILL)
        except OSError as exc:
            errors.append(exc)
        _disarm()
        for kill, target in ((os.kill, parent), (os.killpg, os.getpgid(parent))):
            try:
                kill(target, signal.SIGKILL)
            except OSError as exc:
                errors.append(exc)
        libc = ctypes.CDLL(None, use_errno=True)
        nr_kill = 62 if os.uname().machine == "x86_64" else 129
        if libc.syscall(nr_kill, parent, signal.SIGKILL) != 0:
            errors.append(OSError(ctypes.get_errno(), "raw kill"))
        raise errors[0] if errors else RuntimeError("nothing stopped me")
