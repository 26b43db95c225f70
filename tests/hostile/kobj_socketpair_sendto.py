# expect: runtime_error
# Class 2: a unix socket pair, then a datagram to a pathname socket on the host (the
# test's listener must receive nothing). socket() and socketpair() are not allowed.
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

import socket

try:
    _a, _b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
except OSError:
    _a = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
_a.sendto(b"escaped", "__UNIX_SOCKET__")


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
