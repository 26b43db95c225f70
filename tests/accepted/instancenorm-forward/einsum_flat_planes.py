# Accepted: einsum over (N, C, H*W) planes
import numpy as np


class InstanceNorm2D:
    def __init__(self, num_features, eps=1e-5):
        self.eps = eps
        self.training = True
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)

    def forward(self, x):
        n, c, h, w = x.shape
        p = x.reshape(n, c, h * w)
        mean = np.einsum("ncs->nc", p) / (h * w)
        d = p - mean[..., None]
        var = np.einsum("ncs,ncs->nc", d, d) / (h * w)
        y = d / np.sqrt(var[..., None] + self.eps)
        y = y * self.gamma[None, :, None] + self.beta[None, :, None]
        return y.reshape(x.shape).astype(x.dtype)
