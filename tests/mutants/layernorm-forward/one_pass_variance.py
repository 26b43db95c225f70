# Mistake: single-pass variance E[x^2] - E[x]^2, which cancels catastrophically for a large mean
# hint: one-pass-variance
import numpy as np


class LayerNorm:
    def __init__(self, normalized_shape, eps=1e-5):
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.gamma = np.ones(self.normalized_shape)
        self.beta = np.zeros(self.normalized_shape)

    def forward(self, x):
        k = len(self.normalized_shape)
        axes = tuple(range(x.ndim - k, x.ndim))
        mean = x.mean(axis=axes, keepdims=True)
        xc = x - mean
        var = (x ** 2).mean(axis=axes, keepdims=True) - mean ** 2
        y = xc / np.sqrt(var + self.eps) * self.gamma + self.beta
        return y.astype(x.dtype)
