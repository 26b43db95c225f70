# Mistake: normalises the input in place (x /= rms)
import numpy as np


class RMSNorm:
    def __init__(self, dim, eps=1e-6):
        self.eps = eps
        self.gamma = np.ones(dim)

    def forward(self, x):
        ms = np.mean(x * x, axis=-1, keepdims=True)
        x /= np.sqrt(ms + self.eps).astype(x.dtype)
        y = x * self.gamma
        return y.astype(x.dtype)
