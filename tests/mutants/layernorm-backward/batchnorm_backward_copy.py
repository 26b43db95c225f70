# Mistake: a copy of BatchNorm's backward: statistics and every mean over the batch axis 0
# hint: batchnorm-backward-copy
import numpy as np


def layernorm_backward(dout, x, gamma, eps=1e-5):
    mean = x.mean(axis=0)
    xc = x - mean
    var = (xc ** 2).mean(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = xc * inv_std
    dgamma = (dout * xhat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    g = dout * gamma
    dx = inv_std * (g - g.mean(axis=0) - xhat * (g * xhat).mean(axis=0))
    return dx.astype(x.dtype), dgamma.astype(x.dtype), dbeta.astype(x.dtype)
