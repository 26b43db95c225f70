# Accepted: tanh from exp of a non-positive argument only (no overflow), sign restored after
import numpy as np


class DyT:
    def __init__(self, channels, alpha_init=0.5):
        self.alpha = np.array([alpha_init], dtype=float)
        self.gamma = np.ones(channels)
        self.beta = np.zeros(channels)

    def forward(self, x):
        t = x.dtype
        z = x * self.alpha.astype(t)
        e = np.exp(-2 * np.abs(z))  # in (0, 1]: never overflows
        # tanh|z| = (1 - e) / (1 + e); -expm1 keeps tiny |z| accurate
        mag = -np.expm1(-2 * np.abs(z)) / (1 + e)
        return (np.sign(z) * mag * self.gamma.astype(t) + self.beta.astype(t)).astype(t)
