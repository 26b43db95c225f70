# Group sums taken one value after another (the last entry of a cumulative sum), not pairwise
import numpy as np


class GroupNorm:
    def __init__(self, num_groups, num_channels, eps=1e-5):
        self.num_groups = num_groups
        self.eps = eps
        self.gamma = np.ones(num_channels)
        self.beta = np.zeros(num_channels)

    def forward(self, x):
        n, c = x.shape[:2]
        xg = x.reshape(n, self.num_groups, -1)
        size = xg.shape[-1]
        mean = np.cumsum(xg, axis=-1)[..., -1:] / size
        var = np.cumsum((xg - mean) ** 2, axis=-1)[..., -1:] / size
        xhat = ((xg - mean) / np.sqrt(var + self.eps)).reshape(x.shape)
        shape = (1, c) + (1,) * (x.ndim - 2)
        return (xhat * self.gamma.reshape(shape) + self.beta.reshape(shape)).astype(x.dtype)
