# Accepted: staged backward through the computational graph (mean, xmu, var, istd, xhat)
import numpy as np


def batchnorm_backward(dout, x, gamma, eps=1e-5):
    n = x.shape[0]
    # forward, one node at a time
    mu = np.sum(x, axis=0) / n
    xmu = x - mu
    sq = xmu ** 2
    var = np.sum(sq, axis=0) / n
    std = np.sqrt(var + eps)
    istd = 1.0 / std
    xhat = xmu * istd

    # backward, node by node
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=0)
    dxhat = dout * gamma
    dxmu1 = dxhat * istd
    distd = np.sum(dxhat * xmu, axis=0)
    dstd = -distd / std ** 2
    dvar = 0.5 * dstd / std
    dsq = np.ones_like(x) * dvar / n
    dxmu2 = 2 * xmu * dsq
    dx1 = dxmu1 + dxmu2
    dmu = -np.sum(dx1, axis=0)
    dx2 = np.ones_like(x) * dmu / n
    dx = dx1 + dx2
    t = x.dtype
    return dx.astype(t), dgamma.astype(t), dbeta.astype(t)
