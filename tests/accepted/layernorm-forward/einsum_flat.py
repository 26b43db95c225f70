# Accepted: einsum over a flattened (M, K) view, statistics as (M, 1) columns
import numpy as np


class LayerNorm:
    def __init__(self, normalized_shape, eps=1e-5):
        if not isinstance(normalized_shape, (tuple, list)):
            normalized_shape = [normalized_shape]
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.gamma = np.ones(self.normalized_shape)
        self.beta = np.zeros(self.normalized_shape)

    def forward(self, x):
        k = int(np.prod(self.normalized_shape))
        flat = x.reshape(-1, k)
        mean = np.einsum("mk->m", flat)[:, None] / k
        centred = flat - mean
        var = np.einsum("mk,mk->m", centred, centred)[:, None] / k
        norm = (centred / np.sqrt(var + self.eps)).reshape(x.shape)
        return (norm * self.gamma + self.beta).astype(x.dtype, copy=False)
