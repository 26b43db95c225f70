# Mistake: reduces (N, C, L) over axis 0 only: one statistic per (channel, position)
import numpy as np


class BatchNorm1D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum = momentum
        self.eps = eps
        self.training = True
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def forward(self, x):
        shape = (1, -1) + (1,) * (x.ndim - 2)
        if self.training:
            mean = x.mean(axis=0, keepdims=True)  # (1, C) or (1, C, L)
            var = x.var(axis=0, keepdims=True)
            m = x.shape[0]
            batch_mean = mean.reshape(x.shape[1], -1).mean(axis=1)
            batch_var = var.reshape(x.shape[1], -1).mean(axis=1)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * batch_mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * batch_var * m / (m - 1)
        else:
            mean = self.running_mean.reshape(shape)
            var = self.running_var.reshape(shape)
        xhat = (x - mean) / np.sqrt(var + self.eps)
        out = self.gamma.reshape(shape) * xhat + self.beta.reshape(shape)
        return out.astype(x.dtype)
