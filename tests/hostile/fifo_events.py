# expect: runtime_error
# Replaces the harness's event log with a FIFO and exits: a parent that opens it as a
# plain file would block forever; the run must still end, with no verdict it cannot prove.
import os
import sys

import numpy as np

sys.stdout.write('{"ev": "done"}\n')
_path = "../out/events.jsonl"  # the harness's layout: cwd is SCRATCH/work
for _fd in range(3, 64):
    try:
        _link = os.readlink(f"/proc/self/fd/{_fd}")
    except OSError:
        continue
    if _link.endswith("events.jsonl"):
        _path = _link
try:  # issue 14: out/ is read-only to the child, so Landlock refuses both
    os.unlink(_path)
    os.mkfifo(_path)
except OSError:
    pass
os._exit(0)


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum, self.eps, self.training = momentum, eps, True
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def forward(self, x):
        return x.copy()
