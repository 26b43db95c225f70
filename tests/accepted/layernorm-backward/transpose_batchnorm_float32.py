# Accepted: reuses a BatchNorm backward on the transposed problem, in the input's dtype
import numpy as np


def _columns_backward(g, xt, eps):
    # Normalisation over axis 0 of xt (one group per column); g = dL/dxhat.
    n = xt.shape[0]
    t = xt.dtype
    mean = xt.sum(axis=0, dtype=t) / t.type(n)
    xc = xt - mean
    inv = t.type(1) / np.sqrt((xc * xc).sum(axis=0, dtype=t) / t.type(n) + t.type(eps))
    xhat = xc * inv
    dx = inv / t.type(n) * (t.type(n) * g - g.sum(axis=0, dtype=t) - xhat * (g * xhat).sum(axis=0, dtype=t))
    return dx, xhat


def layernorm_backward(dout, x, gamma, eps=1e-5):
    t = x.dtype
    gamma = np.asarray(gamma, dtype=t)
    g = dout * gamma
    dxt, xhat_t = _columns_backward(g.T, x.T, eps)
    xhat = xhat_t.T
    dgamma = (dout * xhat).sum(axis=0, dtype=t)
    dbeta = dout.sum(axis=0, dtype=t)
    return np.ascontiguousarray(dxt.T), dgamma, dbeta
