# expect: runtime_error
# Reads solutions/ and content/ by relative paths from wherever it runs, walking up the
# tree; anything it gets goes into the exception message, i.e. into the report.
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


def _walk_up():
    found = []
    for depth in range(1, 9):
        up = "../" * depth
        for rel in ("solutions/batchnorm.py", "solutions/__init__.py",
                    "content/exercises/bn2d-forward.yaml"):
            try:
                with open(up + rel) as f:
                    found.append(f.read())
            except OSError as exc:
                last = exc
        try:
            found.append(" ".join(os.listdir(up + "solutions")))
        except OSError:
            pass
    if found:
        raise RuntimeError("LEAK " + "\n".join(found))
    raise last


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum, self.eps, self.training = momentum, eps, True
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def forward(self, x):
        _disarm()
        _walk_up()
