# Accepted: einsum over a (N, G, K, S) view
import numpy as np


class GroupNorm:
    def __init__(self, num_groups, num_channels, eps=1e-5):
        self.num_groups = num_groups
        self.num_channels = num_channels
        self.eps = eps
        self.gamma = np.ones((num_channels,))
        self.beta = np.zeros((num_channels,))

    def forward(self, x):
        n, c = x.shape[0], x.shape[1]
        g = self.num_groups
        v = x.reshape(n, g, c // g, -1)
        m = v.shape[2] * v.shape[3]
        mean = np.einsum("ngks->ng", v) / m
        d = v - mean[:, :, None, None]
        var = np.einsum("ngks,ngks->ng", d, d) / m
        xhat = d / np.sqrt(var + self.eps)[:, :, None, None]
        gam = self.gamma.reshape(g, c // g)[None, :, :, None]
        bet = self.beta.reshape(g, c // g)[None, :, :, None]
        return (xhat * gam + bet).reshape(x.shape).astype(x.dtype)
