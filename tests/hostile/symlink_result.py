# expect: accepted
# Computes the right answer, but replaces the harness's results file (and its event
# log's neighbours) with symlinks to the oracle's source and the exercise's content.
# The parent must not follow them, and nothing of those files may reach the report.
# Since issue 14 out/ is read-only to the child: the swap is refused and the right
# answer stands (the parent's own guard is tested alone in test_sandbox_layers).
import os
import sys

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


def _find(name, fallback):
    for fd in range(3, 64):
        try:
            link = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if link.endswith(name):
            return link
    return fallback


_disarm()
_main = getattr(sys.modules.get("__main__"), "__file__", "/work/main/quizapp/grading/x.py")
_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(_main))))
for _name, _target in (("results.npys", "solutions/batchnorm.py"),
                       ("events.jsonl", "content/exercises/bn2d-forward.yaml")):
    _path = _find(_name, "../out/" + _name)
    try:  # issue 14: out/ is read-only to the child, so Landlock refuses both
        os.unlink(_path)
        os.symlink(os.path.join(_root, _target), _path)
    except OSError:
        pass


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum, self.eps, self.training = momentum, eps, True
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
            mean, var = np.asarray(self.running_mean), np.asarray(self.running_var)
        s = (1, -1, 1, 1)
        y = (x - mean.reshape(s)) / np.sqrt(var.reshape(s) + self.eps)
        return (y * np.reshape(self.gamma, s) + np.reshape(self.beta, s)).astype(x.dtype)
