import numpy as np


class GroupNorm:
    def __init__(self, num_groups, num_channels, eps=1e-5):
        self.num_groups = num_groups
        self.eps = eps
        self.gamma = np.ones(num_channels)   # the affine is per channel, not per group
        self.beta = np.zeros(num_channels)

    def forward(self, x):
        n, c = x.shape[:2]
        # Groups are contiguous blocks of C/G channels: (N, C, *) -> (N, G, rest).
        # Each row is one (sample, group); no batch axis in the statistics, so it
        # works at batch size 1 (why detection and diffusion models use it).
        rows = x.reshape(n, self.num_groups, -1)
        mu = rows.mean(axis=-1, keepdims=True)
        var = rows.var(axis=-1, keepdims=True)
        dt = x.dtype
        y = ((rows - mu) / np.sqrt(var + dt.type(self.eps))).reshape(x.shape)
        per_channel = (1, c) + (1,) * (x.ndim - 2)
        return y * self.gamma.astype(dt).reshape(per_channel) + self.beta.astype(dt).reshape(per_channel)
