# Mistake: dgamma summed over the feature axis 1 instead of the batch axis
import numpy as np


def rmsnorm_backward(dout, x, gamma, eps=1e-6):
    ms = (x * x).mean(axis=1, keepdims=True)
    r = 1.0 / np.sqrt(ms + eps)
    xhat = x * r
    dgamma = (dout * xhat).sum(axis=1)
    g = dout * gamma
    dx = r * (g - xhat * (g * xhat).mean(axis=1, keepdims=True))
    return dx.astype(x.dtype), dgamma.astype(x.dtype)
