# Row statistics and the row means of dx with exactly rounded sums (math.fsum)
import math

import numpy as np


def row_means(a):
    return np.array([[math.fsum(row.tolist()) / a.shape[1]] for row in a])


def layernorm_backward(dout, x, gamma, eps=1e-5):
    mu = row_means(x)
    xc = x - mu
    inv = 1.0 / np.sqrt(row_means(xc * xc) + eps)
    xhat = xc * inv
    g = dout * gamma
    dx = inv * (g - row_means(g) - xhat * row_means(g * xhat))
    dgamma = (dout * xhat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    return dx.astype(x.dtype), dgamma.astype(x.dtype), dbeta.astype(x.dtype)
