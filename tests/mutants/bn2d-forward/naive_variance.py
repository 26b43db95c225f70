# mutant: E[x^2] - E[x]^2: loses every digit on a large mean
# hint: one-pass-variance
import numpy as np


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)
        self.momentum = momentum
        self.eps = eps
        self.training = True

    def forward(self, x):
        s = (1, -1, 1, 1)
        if self.training:
            mean = x.mean(axis=(0, 2, 3))
            var = (x * x).mean(axis=(0, 2, 3)) - mean * mean
            n = x.size // x.shape[1]
            m = self.momentum
            self.running_mean = (1 - m) * self.running_mean + m * mean
            self.running_var = (1 - m) * self.running_var + m * var * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
        x_hat = (x - mean.reshape(s)) / np.sqrt(var.reshape(s) + self.eps)
        return (self.gamma.reshape(s) * x_hat + self.beta.reshape(s)).astype(x.dtype)
