# Mistake: clips alpha * x to [-1, 1] (a hard tanh) instead of the smooth tanh
import numpy as np


class DyT:
    def __init__(self, dim, alpha_init=0.5):
        self.alpha = np.full(1, alpha_init)
        self.gamma = np.ones(dim)
        self.beta = np.zeros(dim)

    def forward(self, x):
        y = np.clip(self.alpha * x, -1.0, 1.0) * self.gamma + self.beta
        return y.astype(x.dtype)
