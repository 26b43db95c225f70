# Mistake: alpha scales the output, tanh(x) * alpha, instead of squashing alpha * x
import numpy as np


class DyT:
    def __init__(self, dim, alpha_init=0.5):
        self.alpha = np.full(1, alpha_init)
        self.gamma = np.ones(dim)
        self.beta = np.zeros(dim)

    def forward(self, x):
        y = self.alpha * np.tanh(x) * self.gamma + self.beta
        return y.astype(x.dtype)
