# Accepted: one row at a time, every operation in the input's own dtype
import numpy as np


def rmsnorm_backward(dout, x, gamma, eps=1e-6):
    t = x.dtype
    gamma = np.asarray(gamma, dtype=t)
    dx = np.empty_like(x, dtype=t)
    dgamma = np.zeros(x.shape[1], dtype=t)
    for i in range(x.shape[0]):
        row, up = x[i], dout[i]
        r = t.type(1) / np.sqrt(np.mean(row * row) + t.type(eps))
        xhat = row * r
        dgamma += up * xhat
        g = up * gamma
        dx[i] = r * (g - xhat * np.mean(g * xhat))
    return dx, dgamma
