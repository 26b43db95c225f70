# Mistake: dgamma sums dout * x instead of dout * xhat
import numpy as np


def groupnorm_backward(dout, x, num_groups, gamma, eps=1e-5):
    n, c = x.shape[:2]
    xg = x.reshape(n, num_groups, -1)
    mean = xg.mean(axis=2, keepdims=True)
    xc = xg - mean
    var = (xc ** 2).mean(axis=2, keepdims=True)
    inv = 1.0 / np.sqrt(var + eps)
    xh = xc * inv
    xhat = xh.reshape(x.shape)
    bshape = (1, c) + (1,) * (x.ndim - 2)
    axes = (0,) + tuple(range(2, x.ndim))
    dgamma = (dout * x).sum(axis=axes)
    dbeta = dout.sum(axis=axes)
    gfull = dout * gamma.reshape(bshape)
    g = gfull.reshape(xh.shape)
    dx = inv * (g - g.mean(axis=2, keepdims=True) - xh * (g * xh).mean(axis=2, keepdims=True))
    dx = dx.reshape(x.shape)
    return dx.astype(x.dtype), dgamma.astype(x.dtype), dbeta.astype(x.dtype)
