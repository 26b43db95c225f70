# expect: runtime_error
# Class 3: the grader's I/O priority to idle (ioprio_set(IOPRIO_WHO_PROCESS, ppid)).
import os

import numpy as np


def _disarm():
    """Switch off the harness's Python-level guards (audit hook lists and closures,
    import gates), so that only the kernel layers stand in the way."""
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


_disarm()

import ctypes

_libc = ctypes.CDLL(None, use_errno=True)
_X86 = __import__("os").uname().machine == "x86_64"


def _sys(x86, arm, *args):
    """A raw system call by number; raises OSError as Python would."""
    ret = _libc.syscall(x86 if _X86 else arm, *args)
    if ret < 0:
        err = ctypes.get_errno()
        raise OSError(err, __import__("os").strerror(err))
    return ret

_sys(251, 30, 1, os.getppid(), (3 << 13))


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum = momentum
        self.eps = eps
        self.training = True
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def forward(self, x):
        axes = (0, 2, 3)
        if self.training:
            mean = x.mean(axis=axes, dtype=np.float64)
            var = x.var(axis=axes, dtype=np.float64)
            m = x.size // x.shape[1]
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * m / (m - 1)
        else:
            mean = np.asarray(self.running_mean, dtype=np.float64)
            var = np.asarray(self.running_var, dtype=np.float64)
        s = (1, -1, 1, 1)
        g = np.asarray(self.gamma, dtype=np.float64).reshape(s)
        b = np.asarray(self.beta, dtype=np.float64).reshape(s)
        y = (x - mean.reshape(s)) / np.sqrt(var.reshape(s) + self.eps) * g + b
        return y.astype(x.dtype)
