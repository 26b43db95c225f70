# Mistake: divides by the L2 norm instead of the root mean square (missing 1/d)
# hint: l2-norm
import numpy as np


class RMSNorm:
    def __init__(self, dim, eps=1e-6):
        self.eps = eps
        self.gamma = np.ones(dim)

    def forward(self, x):
        ms = np.sum(x * x, axis=-1, keepdims=True)
        y = x / np.sqrt(ms + self.eps) * self.gamma
        return y.astype(x.dtype)
