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
        # (N, C) or (N, C, L): statistics per channel over every axis but 1.
        # For (N, C, L) that is (0, 2), not just the batch axis: a sequence's
        # positions all belong to the channel.
        axes = (0,) + tuple(range(2, x.ndim))
        shape = (1, -1) + (1,) * (x.ndim - 2)  # broadcast a (C,) vector along axis 1
        dt = x.dtype
        if self.training:
            mean = x.mean(axis=axes)
            centred = x - mean.reshape(shape)
            var = (centred * centred).mean(axis=axes)  # biased: this is what normalises
            count = x.size // x.shape[1]
            # momentum weighs the NEW batch (PyTorch's convention, not Keras's).
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            # The running estimate uses the unbiased variance (Bessel's n / (n - 1)).
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * count / (count - 1)
        else:
            mean = np.asarray(self.running_mean, dtype=dt)
            var = np.asarray(self.running_var, dtype=dt)
            centred = x - mean.reshape(shape)
        inv_std = 1 / np.sqrt(var.astype(dt) + dt.type(self.eps))
        out = centred * inv_std.reshape(shape)
        return out * np.asarray(self.gamma, dtype=dt).reshape(shape) + np.asarray(self.beta, dtype=dt).reshape(shape)
