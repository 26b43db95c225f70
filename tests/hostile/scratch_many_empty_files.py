# expect: runtime_error
# Issue 14 (disk): six thousand empty files, which no byte limit sees: the tmpfs's
# cap on files (nr_inodes) stops them with ENOSPC. Without the tmpfs they would all be
# made on the machine's disk (then the submission says so).
import os

import numpy as np

for _i in range(6000):
    with open(f"e{_i}", "wb"):
        pass
raise RuntimeError("made 6000 files")


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.gamma = np.ones(num_features)
