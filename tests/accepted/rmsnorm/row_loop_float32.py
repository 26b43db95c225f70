# Accepted: flattens to rows and loops, accumulating in the input's dtype
import numpy as np


class RMSNorm:
    def __init__(self, dim, eps=1e-6):
        self.dim = dim
        self.eps = eps
        self.gamma = np.ones(dim, dtype=np.float32)

    def forward(self, x):
        t = x.dtype
        rows = x.reshape(-1, self.dim)
        g = np.asarray(self.gamma, dtype=t)
        out = np.empty(rows.shape, dtype=t)
        for i in range(rows.shape[0]):
            r = rows[i]
            ms = np.dot(r, r) / t.type(self.dim)
            out[i] = r * (t.type(1) / np.sqrt(ms + t.type(self.eps))) * g
        return out.reshape(x.shape)
