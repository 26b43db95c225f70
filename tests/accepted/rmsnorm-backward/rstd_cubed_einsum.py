# Accepted: einsum reductions and the r^3 form dx = g r - x r^3 sum(g x) / D
import numpy as np


def rmsnorm_backward(dout, x, gamma, eps=1e-6):
    n, d = x.shape
    r = 1.0 / np.sqrt(np.einsum("nd,nd->n", x, x) / d + eps)
    g = dout * gamma[None, :]
    gx = np.einsum("nd,nd->n", g, x)
    dx = g * r[:, None] - x * (r ** 3 * gx / d)[:, None]
    dgamma = np.einsum("nd,nd,n->d", dout, x, r)
    return dx.astype(x.dtype), dgamma.astype(x.dtype)
