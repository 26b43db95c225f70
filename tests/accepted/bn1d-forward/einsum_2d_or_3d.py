# Accepted: promotes 2D input to (N, C, 1) and uses einsum for the channel sums
import numpy as np


class BatchNorm1D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum = momentum
        self.eps = eps
        self.training = True
        self.gamma = np.ones((num_features,))
        self.beta = np.zeros((num_features,))
        self.running_mean = np.zeros((num_features,))
        self.running_var = np.ones((num_features,))

    def forward(self, x):
        x3 = x[:, :, None] if x.ndim == 2 else x
        n, c, length = x3.shape
        m = n * length
        if self.training:
            mean = np.einsum("ncl->c", x3) / m
            xc = x3 - mean[None, :, None]
            var = np.einsum("ncl,ncl->c", xc, xc) / m
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * m / (m - 1)
        else:
            mean = self.running_mean.astype(x.dtype)
            var = self.running_var.astype(x.dtype)
            xc = x3 - mean[None, :, None]
        inv = (self.gamma / np.sqrt(var + self.eps)).astype(x.dtype)
        y = xc * inv[None, :, None] + self.beta.astype(x.dtype)[None, :, None]
        return y.reshape(x.shape).astype(x.dtype)
