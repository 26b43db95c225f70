# expect: runtime_error
# Writes to /tmp, to the home folder and into the project (next to the harness), with
# the Python guards disarmed; the test checks that no file appeared anywhere.
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


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum, self.eps, self.training = momentum, eps, True
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def forward(self, x):
        _disarm()
        main = getattr(sys.modules.get("__main__"), "__file__", "/work/main/quizapp/x.py")
        targets = [
            "/tmp/quizapp-hostile-escape.txt",
            os.path.expanduser("~/quizapp-hostile-escape.txt"),
            os.path.join(os.path.dirname(main), "quizapp-hostile-escape.txt"),
            "/work/main/quizapp-hostile-escape.txt",
            "/work/main/solutions/batchnorm.py",
        ]
        last = None
        for path in targets:
            try:
                with open(path, "a") as f:
                    f.write("escaped\n")
            except OSError as exc:
                last = exc
        raise last or RuntimeError("every write went through")
