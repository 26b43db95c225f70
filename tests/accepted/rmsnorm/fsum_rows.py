# Mean of squares with exactly rounded sums (math.fsum), row by row
import math

import numpy as np


class RMSNorm:
    def __init__(self, dim, eps=1e-6):
        self.eps = eps
        self.gamma = np.ones(dim)

    def forward(self, x):
        rows = x.reshape(-1, x.shape[-1])
        ms = np.array([math.fsum((r.astype(np.float64) ** 2).tolist()) / rows.shape[1] for r in rows])
        y = rows / np.sqrt(ms[:, None] + self.eps) * self.gamma
        return y.reshape(x.shape).astype(x.dtype)
