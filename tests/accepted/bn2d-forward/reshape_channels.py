# accepted: channels-first matrix style with np.var
"""Channels-first matrix style: move C to the front, flatten, use np.var; float64 inside."""
import numpy as np


class BatchNorm2D:
    def __init__(self, channel, momentum=0.1, eps=1e-5):
        self.num_features = channel
        self.momentum = momentum
        self.eps = eps
        self.gamma = np.ones(channel, dtype=np.float64)
        self.beta = np.zeros(channel, dtype=np.float64)
        self.running_mean = np.zeros(channel)
        self.running_var = np.ones(channel)
        self.training = True

    def __call__(self, x):
        return self.forward(x)

    def forward(self, x):
        n, c, h, w = x.shape
        flat = np.transpose(x, (1, 0, 2, 3)).reshape(c, -1).astype(np.float64)
        if self.training:
            mu = flat.mean(axis=1)
            var = flat.var(axis=1)
            count = flat.shape[1]
            self.running_mean = self.momentum * mu + (1.0 - self.momentum) * self.running_mean
            self.running_var = self.momentum * var * count / (count - 1) + (1.0 - self.momentum) * self.running_var
        else:
            mu, var = self.running_mean, self.running_var
        scale = self.gamma / np.sqrt(var + self.eps)
        shift = self.beta - mu * scale
        y = flat * scale[:, None] + shift[:, None]
        return np.ascontiguousarray(y.reshape(c, n, h, w).transpose(1, 0, 2, 3)).astype(x.dtype, copy=False)
