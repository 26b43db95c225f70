# Accepted: einsum for the column sums; dx as g minus its two projections
import numpy as np


def batchnorm_backward(dout, x, gamma, eps=1e-5):
    n, d = x.shape
    ones = np.ones(n, dtype=x.dtype)
    mean = np.einsum("n,nd->d", ones, x) / n
    xc = x - mean
    var = np.einsum("nd,nd->d", xc, xc) / n
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = xc * inv_std
    dbeta = np.einsum("n,nd->d", ones, dout)
    dgamma = np.einsum("nd,nd->d", dout, xhat)
    g = dout * gamma
    proj_const = np.einsum("n,nd->d", ones, g) / n
    proj_xhat = np.einsum("nd,nd->d", g, xhat) / n
    dx = (g - proj_const - xhat * proj_xhat) * inv_std
    return tuple(a.astype(x.dtype) for a in (dx, dgamma, dbeta))
