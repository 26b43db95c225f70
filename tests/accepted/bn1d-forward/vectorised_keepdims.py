# Accepted: vectorised, keepdims over every axis but 1, computed in the input's dtype
import numpy as np


class BatchNorm1D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum, self.eps, self.training = momentum, eps, True
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def forward(self, x):
        dt = x.dtype
        axes = tuple(i for i in range(x.ndim) if i != 1)
        shape = [1] * x.ndim
        shape[1] = -1
        if self.training:
            mean = x.mean(axis=axes, keepdims=True)
            xc = x - mean
            var = (xc * xc).mean(axis=axes, keepdims=True)
            m = x.size / x.shape[1]
            mom = self.momentum
            self.running_mean = (1 - mom) * self.running_mean + mom * mean.ravel()
            self.running_var = (1 - mom) * self.running_var + mom * var.ravel() * (m / (m - 1))
        else:
            mean = np.asarray(self.running_mean, dtype=dt).reshape(shape)
            var = np.asarray(self.running_var, dtype=dt).reshape(shape)
            xc = x - mean
        scale = np.asarray(self.gamma, dtype=dt).reshape(shape) / np.sqrt(var + dt.type(self.eps))
        return xc * scale + np.asarray(self.beta, dtype=dt).reshape(shape)
