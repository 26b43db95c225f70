# expect: wrong_answer
# The right values rounded into an int64 array: right shape, wrong dtype.
import numpy as np


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum = momentum
        self.eps = eps
        self.training = True
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def _bn(self, x):
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
        y = y * np.reshape(self.gamma, s) + np.reshape(self.beta, s)
        return y.astype(x.dtype)

    def forward(self, x):
        return np.rint(self._bn(x)).astype(np.int64)
