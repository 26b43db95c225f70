# Accepted: einsum for the row and column reductions
import numpy as np


def layernorm_backward(dout, x, gamma, eps=1e-5):
    n, d = x.shape
    mean = np.einsum("nd->n", x) / d
    xc = x - mean[:, None]
    var = np.einsum("nd,nd->n", xc, xc) / d
    rstd = 1.0 / np.sqrt(var + eps)
    xhat = xc * rstd[:, None]
    dgamma = np.einsum("nd,nd->d", dout, xhat)
    dbeta = np.einsum("nd->d", dout)
    g = dout * gamma[None, :]
    a = np.einsum("nd->n", g) / d
    b = np.einsum("nd,nd->n", g, xhat) / d
    dx = (g - a[:, None] - xhat * b[:, None]) * rstd[:, None]
    return dx.astype(x.dtype), dgamma.astype(x.dtype), dbeta.astype(x.dtype)
