# Mistake: gamma and beta are scalar class attributes (1, 0)
import numpy as np


class InstanceNorm2D:
    gamma, beta = 1, 0

    def __init__(self, num_features, eps=1e-5):
        self.eps = eps
        self.training = True

    def forward(self, x):
        axes = (2, 3)
        mean = x.mean(axis=axes, keepdims=True)
        xc = x - mean
        var = (xc ** 2).mean(axis=axes, keepdims=True)
        xhat = xc / np.sqrt(var + self.eps)
        y = xhat * np.reshape(self.gamma, (1, -1, 1, 1)) + np.reshape(self.beta, (1, -1, 1, 1))
        return y.astype(x.dtype)
