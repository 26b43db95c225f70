# expect: runtime_error
# A bounded fork bomb (64 forks a level, 3 levels) through os.fork and, the Python
# guards disarmed, through the raw fork and clone syscalls: seccomp must refuse them all.
import ctypes
import os

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


def _raw_fork():
    libc = ctypes.CDLL(None, use_errno=True)
    nr_fork, nr_clone = (57, 56) if os.uname().machine == "x86_64" else (-1, 220)
    for nr, args in ((nr_fork, ()), (nr_clone, (17, 0, 0, 0, 0))):  # 17 = SIGCHLD
        if nr < 0:
            continue
        pid = libc.syscall(nr, *args)
        if pid == 0:
            return 0
        if pid > 0:
            return pid
    raise OSError(ctypes.get_errno(), "raw fork refused")


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum, self.eps, self.training = momentum, eps, True
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def forward(self, x):
        _disarm()
        for _level in range(3):
            for _ in range(64):
                try:
                    pid = os.fork()
                except OSError:
                    pid = _raw_fork()
                if pid == 0:
                    break
        import time

        time.sleep(3600)
