# Mistake: the shift goes inside the squashing: gamma * tanh(alpha x + beta)
import numpy as np


class DyT:
    def __init__(self, dim, alpha_init=0.5):
        self.alpha = np.full(1, alpha_init)
        self.gamma = np.ones(dim)
        self.beta = np.zeros(dim)

    def forward(self, x):
        y = self.gamma * np.tanh(self.alpha * x + self.beta)
        return y.astype(x.dtype)
