import numpy as np


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum = momentum
        self.eps = eps
        self.training = True
        # One scale/shift and one pair of running statistics per channel.
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def forward(self, x):
        # x: (N, C, H, W). A channel's statistics pool the batch and every pixel,
        # so we reduce over axes (0, 2, 3) and keep dims to broadcast back.
        axes = (0, 2, 3)
        dt = x.dtype
        if self.training:
            mean = x.mean(axis=axes, keepdims=True)
            # Two passes (centre, then square) rather than E[x^2] - E[x]^2, which
            # cancels catastrophically when the mean is large against the spread.
            var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
            m = x.size // x.shape[1]  # values per channel
            # Why unbiased here? running_var estimates the population variance;
            # the batch normalises with the biased one, as PyTorch does.
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean.ravel()
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var.ravel() * m / (m - 1)
        else:
            # Eval: fixed statistics, so one sample's output does not depend on the others.
            mean = self.running_mean.reshape(1, -1, 1, 1).astype(dt)
            var = self.running_var.reshape(1, -1, 1, 1).astype(dt)
        # eps inside the root: it bounds 1/std for a near-constant channel.
        xhat = (x - mean) / np.sqrt(var + dt.type(self.eps))
        gamma = self.gamma.reshape(1, -1, 1, 1).astype(dt)
        beta = self.beta.reshape(1, -1, 1, 1).astype(dt)
        return gamma * xhat + beta  # same dtype as x: every operand was cast
