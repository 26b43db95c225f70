# Mistake: subtracts the mean first: LayerNorm without beta
# hint: subtracts-mean
import numpy as np


class RMSNorm:
    def __init__(self, dim, eps=1e-6):
        self.eps = eps
        self.gamma = np.ones(dim)

    def forward(self, x):
        x = x - x.mean(axis=-1, keepdims=True)
        ms = np.mean(x * x, axis=-1, keepdims=True)
        y = x / np.sqrt(ms + self.eps) * self.gamma
        return y.astype(x.dtype)
