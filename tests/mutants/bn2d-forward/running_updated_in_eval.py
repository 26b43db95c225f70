# mutant: eval normalises with the running statistics but also updates them with the batch's
# hint: running-updated-in-eval
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
        n = x.size // x.shape[1]
        m = self.momentum
        mean = x.mean(axis=(0, 2, 3))
        var = ((x - mean.reshape(s)) ** 2).mean(axis=(0, 2, 3))
        if not self.training:
            use_mean, use_var = self.running_mean, self.running_var
        else:
            use_mean, use_var = mean, var
        self.running_mean = (1 - m) * self.running_mean + m * mean
        self.running_var = (1 - m) * self.running_var + m * var * n / (n - 1)
        x_hat = (x - use_mean.reshape(s)) / np.sqrt(use_var.reshape(s) + self.eps)
        return (self.gamma.reshape(s) * x_hat + self.beta.reshape(s)).astype(x.dtype)
