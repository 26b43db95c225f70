# Mistake: ignores that the row mean and variance depend on x: dx = dout * gamma / std
# hint: mean-var-as-constants
import numpy as np


def layernorm_backward(dout, x, gamma, eps=1e-5):
    mean = x.mean(axis=1, keepdims=True)
    xc = x - mean
    var = (xc ** 2).mean(axis=1, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = xc * inv_std

    dgamma = (dout * xhat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    g = dout * gamma
    dx = g * inv_std
    return dx.astype(x.dtype), dgamma.astype(x.dtype), dbeta.astype(x.dtype)
