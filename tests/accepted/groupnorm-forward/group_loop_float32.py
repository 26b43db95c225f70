# Accepted: loops over samples and groups with channel slices, accumulating in the input's dtype
import numpy as np


class GroupNorm:
    def __init__(self, num_groups, num_channels, eps=1e-5):
        self.num_groups = num_groups
        self.num_channels = num_channels
        self.eps = eps
        self.gamma = np.ones(num_channels, dtype=np.float32)
        self.beta = np.zeros(num_channels, dtype=np.float32)

    def forward(self, x):
        t = x.dtype
        n, c = x.shape[:2]
        k = c // self.num_groups
        out = np.empty(x.shape, dtype=t)
        for i in range(n):
            for grp in range(self.num_groups):
                block = x[i, grp * k:(grp + 1) * k]
                m = t.type(block.size)
                mu = block.sum(dtype=t) / m
                d = block - mu
                var = (d * d).sum(dtype=t) / m
                out[i, grp * k:(grp + 1) * k] = d / np.sqrt(var + t.type(self.eps))
        for ch in range(c):
            out[:, ch] = out[:, ch] * t.type(self.gamma[ch]) + t.type(self.beta[ch])
        return out
