# Accepted: parameters cast to the input's dtype first, then one expression
import numpy as np


class DyT:
    def __init__(self, dim, alpha_init=0.5):
        self.alpha = np.ones(1) * alpha_init
        self.gamma = np.ones(dim)
        self.beta = np.zeros(dim)

    def forward(self, x):
        a, g, b = (np.asarray(p, dtype=x.dtype) for p in (self.alpha, self.gamma, self.beta))
        return g * np.tanh(a * x) + b
