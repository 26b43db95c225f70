# Accepted: loops over samples and channels, accumulating in the input's dtype
import numpy as np


class InstanceNorm2D:
    def __init__(self, num_features, eps=1e-5):
        self.eps = eps
        self.training = True
        self.gamma = np.ones(num_features, dtype=np.float32)
        self.beta = np.zeros(num_features, dtype=np.float32)

    def forward(self, x):
        t = x.dtype
        n, c, h, w = x.shape
        out = np.empty((n, c, h, w), dtype=t)
        m = t.type(h * w)
        for i in range(n):
            for j in range(c):
                plane = x[i, j]
                mu = plane.sum(dtype=t) / m
                d = plane - mu
                var = (d * d).sum(dtype=t) / m
                out[i, j] = d / np.sqrt(var + t.type(self.eps)) * t.type(self.gamma[j]) + t.type(self.beta[j])
        return out
