# Mistake: the derivative of 1/rms uses mean(x^2) without eps: r^3 becomes r / ms
import numpy as np


def rmsnorm_backward(dout, x, gamma, eps=1e-6):
    ms = (x * x).mean(axis=1, keepdims=True)
    r = 1.0 / np.sqrt(ms + eps)
    xhat = x * r
    dgamma = (dout * xhat).sum(axis=0)
    g = dout * gamma
    dx = r * (g - x * (g * x).mean(axis=1, keepdims=True) / ms)
    return dx.astype(x.dtype), dgamma.astype(x.dtype)
