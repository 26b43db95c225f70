# Accepted: staged backward node by node, per-row statistics as (N, 1) columns
import numpy as np


def layernorm_backward(dout, x, gamma, eps=1e-5):
    d = x.shape[1]
    mu = x.sum(axis=1, keepdims=True) / d
    xmu = x - mu
    var = (xmu * xmu).sum(axis=1, keepdims=True) / d
    std = np.sqrt(var + eps)
    xhat = xmu / std

    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dvar = (dxhat * xmu).sum(axis=1, keepdims=True) * -0.5 * std ** -3
    dmu = -(dxhat / std).sum(axis=1, keepdims=True) + dvar * (-2.0 * xmu).mean(axis=1, keepdims=True)
    dx = dxhat / std + dvar * 2.0 * xmu / d + dmu / d
    return dx.astype(x.dtype), dgamma.astype(x.dtype), dbeta.astype(x.dtype)
