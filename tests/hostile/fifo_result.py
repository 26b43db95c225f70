# expect: accepted
# Computes the right answer, but puts a FIFO where the harness's results file was (the
# harness keeps writing to its open descriptor of the old file): a parent that opens
# results without O_NONBLOCK would hang forever. Since issue 14 out/ is read-only to
# the child: the swap is refused and the right answer stands (the parent's own guard
# is tested alone in test_sandbox_layers).
import os

import numpy as np

_path = "../out/results.npys"  # the harness's layout: cwd is SCRATCH/work
for _fd in range(3, 64):
    try:
        _link = os.readlink(f"/proc/self/fd/{_fd}")
    except OSError:
        continue
    if _link.endswith("results.npys"):
        _path = _link
try:  # issue 14: out/ is read-only to the child, so Landlock refuses both
    os.unlink(_path)
    os.mkfifo(_path)
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
