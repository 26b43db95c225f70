# Statistics over a (m, C) view: np.moveaxis(x, 1, -1).reshape(-1, C), another summation order
import numpy as np


class BatchNorm1D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum, self.eps, self.training = momentum, eps, True
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def forward(self, x):
        c = x.shape[1]
        flat = np.moveaxis(x, 1, -1).reshape(-1, c)
        shape = (1, c) + (1,) * (x.ndim - 2)
        if self.training:
            m = flat.shape[0]
            mean = flat.mean(axis=0)
            var = ((flat - mean) ** 2).mean(axis=0)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * m / (m - 1)
        else:
            mean, var = self.running_mean, self.running_var
        y = (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + self.eps)
        return (self.gamma.reshape(shape) * y + self.beta.reshape(shape)).astype(x.dtype)
