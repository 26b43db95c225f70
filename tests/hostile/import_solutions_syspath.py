# expect: runtime_error
# Puts the project root on sys.path (found from the harness's path), removes the import
# gates, and imports the oracle to copy its answers.
import os
import sys


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

_disarm()
_here = getattr(sys.modules.get("__main__"), "__file__", "/work/main/quizapp/grading/x")
for _ in range(3):
    _here = os.path.dirname(_here)
sys.path[:0] = [_here, "/work/main"]
import solutions  # noqa: E402

BatchNorm2D = solutions.BatchNorm2D
