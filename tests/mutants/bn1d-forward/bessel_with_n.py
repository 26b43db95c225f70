# Mistake: Bessel's correction uses N instead of the number of values per channel N*L
# hint: bessel-with-n
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
        axes = (0,) + tuple(range(2, x.ndim))
        shape = (1, -1) + (1,) * (x.ndim - 2)
        if self.training:
            m = x.shape[0]
            mean = x.mean(axis=axes)
            var = ((x - mean.reshape(shape)) ** 2).mean(axis=axes)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * m / (m - 1)
        else:
            mean, var = self.running_mean, self.running_var
        xhat = (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + self.eps)
        out = self.gamma.reshape(shape) * xhat + self.beta.reshape(shape)
        return out.astype(x.dtype)
