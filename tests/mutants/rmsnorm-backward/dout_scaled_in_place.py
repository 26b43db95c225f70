# Mistake: scales dout in place by gamma, changing the caller's array
import numpy as np


def rmsnorm_backward(dout, x, gamma, eps=1e-6):
    r = 1.0 / np.sqrt((x * x).mean(axis=1, keepdims=True) + eps)
    xhat = x * r
    dgamma = (dout * xhat).sum(axis=0)
    dout *= gamma.astype(dout.dtype)
    dx = r * (dout - xhat * (dout * xhat).mean(axis=1, keepdims=True))
    return dx.astype(x.dtype), dgamma.astype(x.dtype)
