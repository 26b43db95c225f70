# Mistake: dgamma and dbeta summed over the feature axis (axis 1) instead of the batch
# hint: dgamma-wrong-axis
import numpy as np


def batchnorm_backward(dout, x, gamma, eps=1e-5):
    mean = x.mean(axis=0)
    xmu = x - mean
    var = (xmu ** 2).mean(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = xmu * inv_std

    dbeta = dout.sum(axis=1)
    dgamma = (dout * xhat).sum(axis=1)
    g = dout * gamma
    dx = inv_std * (g - g.mean(axis=0) - xhat * (g * xhat).mean(axis=0))
    return dx.astype(x.dtype), dgamma.astype(x.dtype), dbeta.astype(x.dtype)
