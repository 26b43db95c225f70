# Accepted: flattens to (rows, dim) and fills the output row by row, in float64 then cast
import numpy as np


class DyT:
    def __init__(self, dim, alpha_init=0.5):
        self.dim = dim
        self.alpha = np.full((1,), alpha_init, dtype=np.float64)
        self.gamma = np.ones((dim,), dtype=np.float64)
        self.beta = np.zeros((dim,), dtype=np.float64)

    def forward(self, x):
        rows = x.reshape(-1, self.dim).astype(np.float64)
        out = np.empty_like(rows)
        for i in range(rows.shape[0]):
            out[i] = self.gamma * np.tanh(self.alpha[0] * rows[i]) + self.beta
        return out.reshape(x.shape).astype(x.dtype)
