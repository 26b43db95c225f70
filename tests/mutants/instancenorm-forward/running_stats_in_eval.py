# Mistake: keeps running statistics like BatchNorm and normalises with them in eval
# hint: running-stats-in-eval
import numpy as np


class InstanceNorm2D:
    def __init__(self, num_features, eps=1e-5):
        self.eps = eps
        self.training = True
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def forward(self, x):
        axes = (2, 3)
        if self.training:
            mean = x.mean(axis=axes, keepdims=True)
            xc = x - mean
            var = (xc ** 2).mean(axis=axes, keepdims=True)
            self.running_mean = 0.9 * self.running_mean + 0.1 * mean.mean(axis=(0, 2, 3))
            self.running_var = 0.9 * self.running_var + 0.1 * var.mean(axis=(0, 2, 3))
        else:
            mean = self.running_mean.reshape(1, -1, 1, 1)
            var = self.running_var.reshape(1, -1, 1, 1)
            xc = x - mean
        xhat = xc / np.sqrt(var + self.eps)
        y = xhat * self.gamma.reshape(1, -1, 1, 1) + self.beta.reshape(1, -1, 1, 1)
        return y.astype(x.dtype)
