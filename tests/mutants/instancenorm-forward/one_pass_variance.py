# Mistake: single-pass variance E[x^2] - E[x]^2, which cancels catastrophically for a large mean
# hint: one-pass-variance
import numpy as np


class InstanceNorm2D:
    def __init__(self, num_features, eps=1e-5):
        self.eps = eps
        self.training = True
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)

    def forward(self, x):
        axes = (2, 3)
        mean = x.mean(axis=axes, keepdims=True)
        xc = x - mean
        var = (x * x).mean(axis=axes, keepdims=True) - mean * mean
        xhat = xc / np.sqrt(var + self.eps)
        y = xhat * self.gamma.reshape(1, -1, 1, 1) + self.beta.reshape(1, -1, 1, 1)
        return y.astype(x.dtype)
