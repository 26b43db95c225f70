# expect: runtime_error
# Issue 14 (disk): many files of 1 MiB each, in folders, each under every per-file
# limit: only a cap on the whole scratch folder stops them (ENOSPC on the child's
# 64 MiB tmpfs). Bounded at 100 MiB so that a machine without the tmpfs is not flooded;
# there the submission says how much it wrote (still a runtime_error, but the test
# checks the message).
import os

import numpy as np

_block = b"\x5a" * 2**20
_written = 0
for _i in range(100):
    _dir = f"d{_i // 16}"
    os.makedirs(_dir, exist_ok=True)
    with open(os.path.join(_dir, f"f{_i}.bin"), "wb") as _f:
        _f.write(_block)
    _written += 1
raise RuntimeError(f"wrote {_written} MiB in {_written} files")


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.gamma = np.ones(num_features)
