# Mistake: statistics over the batch axis 0, as BatchNorm does
# hint: batch-axis-statistics
import numpy as np


class LayerNorm:
    def __init__(self, normalized_shape, eps=1e-5):
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.gamma = np.ones(self.normalized_shape)
        self.beta = np.zeros(self.normalized_shape)

    def forward(self, x):
        k = len(self.normalized_shape)
        axes = (0,)
        mean = x.mean(axis=axes, keepdims=True)
        xc = x - mean
        var = (xc ** 2).mean(axis=axes, keepdims=True)
        y = xc / np.sqrt(var + self.eps) * self.gamma + self.beta
        return y.astype(x.dtype)
