# Accepted: loops over samples and groups, float64 inside, cast at the end
import numpy as np


def groupnorm_backward(dout, x, num_groups, gamma, eps=1e-5):
    n, c = x.shape[:2]
    size = c // num_groups
    xd, dd = x.astype(np.float64), dout.astype(np.float64)
    gd = np.asarray(gamma, dtype=np.float64)
    dx = np.zeros_like(xd)
    for i in range(n):
        for k in range(num_groups):
            ch = slice(k * size, (k + 1) * size)
            v = xd[i, ch]
            inv = 1.0 / np.sqrt(v.var() + eps)
            xhat = (v - v.mean()) * inv
            g = dd[i, ch] * gd[ch].reshape((-1,) + (1,) * (v.ndim - 1))
            dx[i, ch] = inv * (g - g.mean() - xhat * (g * xhat).mean())
    axes = (0,) + tuple(range(2, x.ndim))
    xg = xd.reshape(n, num_groups, -1)
    xhat_all = ((xg - xg.mean(2, keepdims=True)) / np.sqrt(xg.var(2, keepdims=True) + eps)).reshape(x.shape)
    dgamma = (dd * xhat_all).sum(axis=axes)
    dbeta = dd.sum(axis=axes)
    return dx.astype(x.dtype), dgamma.astype(x.dtype), dbeta.astype(x.dtype)
