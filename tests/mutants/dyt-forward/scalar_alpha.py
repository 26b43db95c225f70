# Mistake: alpha is a Python float, not a (1,) array like the learnable parameter
import numpy as np


class DyT:
    def __init__(self, dim, alpha_init=0.5):
        self.alpha = float(alpha_init)
        self.gamma = np.ones(dim)
        self.beta = np.zeros(dim)

    def forward(self, x):
        y = np.tanh(self.alpha * x) * self.gamma + self.beta
        return y.astype(x.dtype)
