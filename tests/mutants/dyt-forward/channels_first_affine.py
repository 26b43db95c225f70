# Mistake: gamma and beta broadcast along axis 0 (channels first), not the last axis
import numpy as np


class DyT:
    def __init__(self, dim, alpha_init=0.5):
        self.alpha = np.full(1, alpha_init)
        self.gamma = np.ones(dim)
        self.beta = np.zeros(dim)

    def forward(self, x):
        shape = (-1,) + (1,) * (x.ndim - 1)
        y = np.tanh(self.alpha * x) * self.gamma.reshape(shape) + self.beta.reshape(shape)
        return y.astype(x.dtype)
