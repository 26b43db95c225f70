# Mistake: default eps 1e-5 copied from LayerNorm instead of 1e-6
# hint: default-eps-1e5
import numpy as np


class RMSNorm:
    def __init__(self, dim, eps=1e-5):
        self.eps = eps
        self.gamma = np.ones(dim)

    def forward(self, x):
        ms = np.mean(x * x, axis=-1, keepdims=True)
        y = x / np.sqrt(ms + self.eps) * self.gamma
        return y.astype(x.dtype)
