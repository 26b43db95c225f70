# expect: runtime_error
# Class 4: one event line nested 200,000 deep: a parser that recursed would raise
# RecursionError in the grader (a judge_error, or an exception out of the app).
import os

import numpy as np

def _log():
    """The harness's own descriptor of the event log: out/ is read-only to the child
    (issue 14), but that descriptor still appends."""
    for fd in range(3, 64):
        try:
            link = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if link.endswith("events.jsonl"):
            return fd
    raise RuntimeError("no event log descriptor found")


os.write(_log(), ("[" * 200000 + "]" * 200000 + "\n").encode())
os._exit(0)


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum = momentum
        self.eps = eps
        self.training = True
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
            mean = np.asarray(self.running_mean, dtype=np.float64)
            var = np.asarray(self.running_var, dtype=np.float64)
        s = (1, -1, 1, 1)
        g = np.asarray(self.gamma, dtype=np.float64).reshape(s)
        b = np.asarray(self.beta, dtype=np.float64).reshape(s)
        y = (x - mean.reshape(s)) / np.sqrt(var.reshape(s) + self.eps) * g + b
        return y.astype(x.dtype)
