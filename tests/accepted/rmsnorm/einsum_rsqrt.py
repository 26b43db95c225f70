# Accepted: einsum for the sum of squares, multiply by the reciprocal root
import numpy as np


class RMSNorm:
    def __init__(self, dim, eps=1e-6):
        self.eps = eps
        self.gamma = np.ones((dim,))

    def forward(self, x):
        d = x.shape[-1]
        ss = np.einsum("...d,...d->...", x, x)
        rinv = 1.0 / np.sqrt(ss / d + self.eps)
        return (x * rinv[..., None] * self.gamma).astype(x.dtype)
