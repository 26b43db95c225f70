# Mistake: divides by the standard deviation instead of the root mean square
# hint: uses-std
import numpy as np


class RMSNorm:
    def __init__(self, dim, eps=1e-6):
        self.eps = eps
        self.gamma = np.ones(dim)

    def forward(self, x):
        ms = np.var(x, axis=-1, keepdims=True)
        y = x / np.sqrt(ms + self.eps) * self.gamma
        return y.astype(x.dtype)
