# Mistake: tanh written as (e^2z - 1) / (e^2z + 1): overflows to inf/inf = NaN for large |alpha x|
import numpy as np


class DyT:
    def __init__(self, dim, alpha_init=0.5):
        self.alpha = np.full(1, alpha_init)
        self.gamma = np.ones(dim)
        self.beta = np.zeros(dim)

    def forward(self, x):
        t = x.dtype
        e = np.exp(2 * x * self.alpha.astype(t))
        y = (e - 1) / (e + 1) * self.gamma.astype(t) + self.beta.astype(t)
        return y.astype(t)
