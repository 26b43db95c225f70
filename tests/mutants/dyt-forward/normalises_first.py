# Mistake: still normalises (LayerNorm) before the tanh: DyT replaces the statistics entirely
import numpy as np


class DyT:
    def __init__(self, dim, alpha_init=0.5):
        self.alpha = np.full(1, alpha_init)
        self.gamma = np.ones(dim)
        self.beta = np.zeros(dim)

    def forward(self, x):
        mean = x.mean(axis=-1, keepdims=True)
        var = x.var(axis=-1, keepdims=True)
        xhat = (x - mean) / np.sqrt(var + 1e-5)
        y = np.tanh(self.alpha * xhat) * self.gamma + self.beta
        return y.astype(x.dtype)
