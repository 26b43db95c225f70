# Mistake: staged backward with 1/(N-1) in the derivative of the variance
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
    n = x.shape[0]
    dvar = (g * xmu).sum(axis=0) * -0.5 * inv_std ** 3
    dmean = -(g * inv_std).sum(axis=0)
    dx = g * inv_std + dvar * 2 * xmu / (n - 1) + dmean / n
    return dx.astype(x.dtype), dgamma.astype(x.dtype), dbeta.astype(x.dtype)
