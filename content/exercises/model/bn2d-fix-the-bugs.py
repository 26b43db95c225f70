import numpy as np


class BatchNorm2D:
    # Fix 1: gamma and beta were class-level scalars shared by every instance and
    # every channel. They are per-channel arrays, owned by each layer.
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)
        self.momentum = momentum
        self.eps = eps
        self.training = True

    def forward(self, x):
        # Fix 2: x is a numpy array: x.shape[1] and x.size, not torch's .size(1)
        # and .numel(); np.zeros(x.size()) would also have made a float64 buffer.
        # Fix 3: no per-channel Python loop; reduce over (N, H, W) at once.
        axes = (0, 2, 3)
        dt = x.dtype
        if self.training:
            mean = x.mean(axis=axes)
            var = x.var(axis=axes)  # biased, for normalising
            n = x.size // x.shape[1]
            self.running_mean = self.running_mean * (1 - self.momentum) + mean * self.momentum
            self.running_var = self.running_var * (1 - self.momentum) + var * (n / (n - 1)) * self.momentum
        else:
            mean, var = self.running_mean, self.running_var
        # Fix 4: keep the input's dtype (float32 in, float32 out) by casting the
        # per-channel vectors before they meet x, shaped to broadcast along axis 1.
        shape = (1, -1, 1, 1)
        mean = np.asarray(mean, dtype=dt).reshape(shape)
        std = np.sqrt(np.asarray(var, dtype=dt).reshape(shape) + dt.type(self.eps))
        gamma = np.asarray(self.gamma, dtype=dt).reshape(shape)
        beta = np.asarray(self.beta, dtype=dt).reshape(shape)
        return gamma * (x - mean) / std + beta
