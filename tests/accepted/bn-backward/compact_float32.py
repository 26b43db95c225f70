# Accepted: one-line formula with sums, computed in the input's dtype (float32 stays float32)
import numpy as np


def batchnorm_backward(dout, x, gamma, eps=1e-5):
    t = x.dtype
    n = t.type(x.shape[0])
    gamma = np.asarray(gamma, dtype=t)
    xc = x - x.sum(axis=0, dtype=t) / n
    inv = (np.sum(xc * xc, axis=0, dtype=t) / n + t.type(eps)) ** t.type(-0.5)
    xhat = xc * inv
    dbeta = dout.sum(axis=0, dtype=t)
    dgamma = np.sum(dout * xhat, axis=0, dtype=t)
    dx = (gamma * inv / n) * (n * dout - dbeta - xhat * dgamma)
    return dx.astype(t), dgamma, dbeta
