# Accepted: flattens to (rows, features) and loops over rows, accumulating in the input's dtype
import math

import numpy as np


class LayerNorm:
    def __init__(self, normalized_shape, eps=1e-5):
        shape = (normalized_shape,) if np.ndim(normalized_shape) == 0 else tuple(normalized_shape)
        self.shape = tuple(int(s) for s in shape)
        self.eps = eps
        self.gamma = np.ones(self.shape, dtype=np.float32)
        self.beta = np.zeros(self.shape, dtype=np.float32)

    def forward(self, x):
        t = x.dtype
        feat = math.prod(self.shape)
        rows = x.reshape(-1, feat)
        g = np.asarray(self.gamma, dtype=t).reshape(feat)
        b = np.asarray(self.beta, dtype=t).reshape(feat)
        out = np.empty(rows.shape, dtype=t)
        for r in range(rows.shape[0]):
            row = rows[r]
            mu = row.sum(dtype=t) / t.type(feat)
            d = row - mu
            var = np.dot(d, d) / t.type(feat)
            out[r] = d * (t.type(1) / np.sqrt(var + t.type(self.eps))) * g + b
        return out.reshape(x.shape)
