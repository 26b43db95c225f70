# Mistake: upcasts to float64 for accuracy and returns float64 for float32 input
import numpy as np


def rmsnorm_backward(dout, x, gamma, eps=1e-6):
    x, dout, gamma = (np.asarray(a, dtype=np.float64) for a in (x, dout, gamma))
    r = 1.0 / np.sqrt((x * x).mean(axis=1, keepdims=True) + eps)
    xhat = x * r
    dgamma = (dout * xhat).sum(axis=0)
    g = dout * gamma
    dx = r * (g - xhat * (g * xhat).mean(axis=1, keepdims=True))
    return dx, dgamma
