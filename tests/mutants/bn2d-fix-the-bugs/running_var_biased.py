# Mistake: running_var updated with the biased variance
# hint: running-var-biased
import numpy as np


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.gamma = np.ones(num_features)  # scale, one per channel
        self.beta = np.zeros(num_features)  # shift, one per channel
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)
        self.momentum = momentum
        self.eps = eps
        self.training = True

    def forward(self, x):
        # x.shape: (N, C, H, W)
        channels = x.shape[1]
        out = np.zeros_like(x)

        for c in range(channels):
            x_c = x[:, c, :, :]
            count = x_c.size

            if self.training:
                mean = x_c.sum() / count
                var = ((x_c - mean) ** 2).sum() / count
                out_c = (x_c - mean) / (var + self.eps) ** 0.5

                var_unbiased = ((x_c - mean) ** 2).sum() / (count - 1)
                self.running_mean[c] = self.running_mean[c] * (1 - self.momentum) + mean * self.momentum
                self.running_var[c] = self.running_var[c] * (1 - self.momentum) + var * self.momentum
            else:
                out_c = (x_c - self.running_mean[c]) / (self.running_var[c] + self.eps) ** 0.5

            out[:, c, :, :] = self.gamma[c] * out_c + self.beta[c]

        return out
