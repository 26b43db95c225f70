import numpy as np


class DyT:
    def __init__(self, dim, alpha_init=0.5):
        # alpha: ONE learnable scalar, kept as a (1,) array like a parameter tensor.
        self.alpha = np.full((1,), alpha_init)
        self.gamma = np.ones(dim)
        self.beta = np.zeros(dim)

    def forward(self, x):
        # No statistics at all: tanh(alpha * x) squashes outliers the way LayerNorm's
        # input-output curve does in trained Transformers, elementwise and cheap.
        t = x.dtype
        # Cast the float64 parameters first, or float32 input would come back float64.
        alpha, gamma, beta = (p.astype(t) for p in (self.alpha, self.gamma, self.beta))
        # np.tanh, not (e^2z - 1) / (e^2z + 1): that overflows to NaN for large |z|.
        return gamma * np.tanh(alpha * x) + beta
