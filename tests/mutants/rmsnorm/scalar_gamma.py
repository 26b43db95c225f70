# Mistake: gamma is the scalar 1.0 instead of a (dim,) array
import numpy as np


class RMSNorm:
    def __init__(self, dim, eps=1e-6):
        self.eps = eps
        self.gamma = 1.0

    def forward(self, x):
        ms = np.mean(x * x, axis=-1, keepdims=True)
        y = x / np.sqrt(ms + self.eps) * self.gamma
        return y.astype(x.dtype)
