# Accepted: rewritten vectorised, with keepdims and new running arrays
import numpy as np


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)
        self.momentum = momentum
        self.eps = eps
        self.training = True

    def forward(self, x):
        as_col = lambda v: np.asarray(v, dtype=x.dtype).reshape(1, -1, 1, 1)
        if self.training:
            mean = x.mean(axis=(0, 2, 3), keepdims=True)
            var = x.var(axis=(0, 2, 3), keepdims=True)
            m = x.size // x.shape[1]
            k = self.momentum
            self.running_mean = (1 - k) * self.running_mean + k * mean.ravel()
            self.running_var = (1 - k) * self.running_var + k * var.ravel() * m / (m - 1)
        else:
            mean, var = as_col(self.running_mean), as_col(self.running_var)
        y = (x - mean) / np.sqrt(var + self.eps)
        return as_col(self.gamma) * y + as_col(self.beta)
