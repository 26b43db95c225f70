# Mistake: normalises with the unbiased variance
# hint: unbiased-variance
import numpy as np


class GroupNorm:
    def __init__(self, num_groups, num_channels, eps=1e-5):
        self.num_groups = num_groups
        self.num_channels = num_channels
        self.eps = eps
        self.gamma = np.ones(num_channels)
        self.beta = np.zeros(num_channels)

    def forward(self, x):
        n, c = x.shape[0], x.shape[1]
        g = self.num_groups
        xg = x.reshape(n, g, -1)
        mean = xg.mean(axis=-1, keepdims=True)
        var = xg.var(axis=-1, ddof=1, keepdims=True)
        xhat = ((xg - mean) / np.sqrt(var + self.eps)).reshape(x.shape)
        shape = (1, c) + (1,) * (x.ndim - 2)
        y = xhat * self.gamma.reshape(shape) + self.beta.reshape(shape)
        return y.astype(x.dtype)
