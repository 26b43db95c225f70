import numpy as np


class RMSNorm:
    def __init__(self, dim, eps=1e-6):  # 1e-6, not LayerNorm's 1e-5
        self.eps = eps
        self.gamma = np.ones(dim)  # no beta: RMSNorm neither centres nor shifts

    def forward(self, x):
        # Root MEAN square over the last axis (not the L2 norm, which is sqrt(D) larger).
        # No mean subtraction: rescaling invariance is what matters, and it saves a
        # reduction, which is why LLaMA-style models use it.
        ms = np.mean(np.square(x), axis=-1, keepdims=True)  # keepdims: (N, 1), safe when N == D
        dt = x.dtype
        return x / np.sqrt(ms + dt.type(self.eps)) * self.gamma.astype(dt)
