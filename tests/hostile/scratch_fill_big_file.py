# expect: runtime_error
# Issue 14 (disk): one file grown in 1 MiB steps up to 320 MiB (above the 256 MiB
# file-size limit, so even without a tmpfs it stops). With the child's work/ on a
# 64 MiB tmpfs in its own mount namespace it must stop at ENOSPC there, and the bytes
# never reach the machine's disk. (Bounded, so a machine without the tmpfs is not
# flooded by the test either.)
import numpy as np

_block = b"\xa5" * 2**20
with open("big.bin", "wb") as _f:
    for _ in range(320):
        _f.write(_block)
        _f.flush()


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.gamma = np.ones(num_features)

    def forward(self, x):
        return x
