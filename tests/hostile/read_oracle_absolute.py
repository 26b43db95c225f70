# expect: runtime_error
# Reads solutions/ and content/ by absolute paths: the project root guessed from the
# harness's own file, from sys.path and from the usual places; leaks what it gets.
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


def _roots():
    roots = {"/work/main", os.path.expanduser("~")}
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", "") or ""
    for _ in range(4):
        path = os.path.dirname(path)
        roots.add(path)
    roots.update(p for p in sys.path if p)
    return [r for r in roots if r]


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum, self.eps, self.training = momentum, eps, True
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def forward(self, x):
        _disarm()
        found, last = [], None
        for root in _roots():
            for rel in ("solutions/batchnorm.py", "content/exercises/bn2d-forward.yaml"):
                try:
                    with open(os.path.join(root, rel)) as f:
                        found.append(f.read())
                except OSError as exc:
                    last = exc
        if found:
            raise RuntimeError("LEAK " + "\n".join(found))
        raise last
