# Mistake: alpha is always 0.5, whatever alpha_init says
import numpy as np


class DyT:
    def __init__(self, dim, alpha_init=0.5):
        self.alpha = np.full(1, 0.5)
        self.gamma = np.ones(dim)
        self.beta = np.zeros(dim)

    def forward(self, x):
        y = np.tanh(self.alpha * x) * self.gamma + self.beta
        return y.astype(x.dtype)
