# Mistake: scales the caller's array in place (x *= alpha)
import numpy as np


class DyT:
    def __init__(self, dim, alpha_init=0.5):
        self.alpha = np.full(1, alpha_init)
        self.gamma = np.ones(dim)
        self.beta = np.zeros(dim)

    def forward(self, x):
        x *= self.alpha.astype(x.dtype)
        y = np.tanh(x) * self.gamma + self.beta
        return y.astype(x.dtype)
