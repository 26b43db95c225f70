# Mistake: backward ignores that the mean and the variance depend on x: dx = dout * gamma / std
# hint: mean-var-as-constants
import numpy as np


def batchnorm_backward(dout, x, gamma, eps=1e-5):
    mean = x.mean(axis=0)
    xmu = x - mean
    var = (xmu ** 2).mean(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = xmu * inv_std

    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    g = dout * gamma
    dx = g * inv_std
    return dx.astype(x.dtype), dgamma.astype(x.dtype), dbeta.astype(x.dtype)
