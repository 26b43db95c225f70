# Mistake: float64 parameters promote a float32 input, and the output stays float64
import numpy as np


class DyT:
    def __init__(self, dim, alpha_init=0.5):
        self.alpha = np.full(1, alpha_init)
        self.gamma = np.ones(dim)
        self.beta = np.zeros(dim)

    def forward(self, x):
        return np.tanh(self.alpha * x) * self.gamma + self.beta
