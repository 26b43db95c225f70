# Accepted: staged backward node by node (mean -> var -> xhat) on the (N, G, M) view
import numpy as np


def groupnorm_backward(dout, x, num_groups, gamma, eps=1e-5):
    n, c = x.shape[:2]
    xg = x.reshape(n, num_groups, -1)
    m = xg.shape[2]
    mu = xg.sum(axis=2, keepdims=True) / m
    xmu = xg - mu
    var = (xmu * xmu).sum(axis=2, keepdims=True) / m
    std = np.sqrt(var + eps)
    xhat = xmu / std

    per_channel = (0,) + tuple(range(2, x.ndim))
    dbeta = dout.sum(axis=per_channel)
    dgamma = (dout * xhat.reshape(x.shape)).sum(axis=per_channel)
    dxhat = (dout * gamma.reshape((1, c) + (1,) * (x.ndim - 2))).reshape(xg.shape)
    dvar = (dxhat * xmu).sum(axis=2, keepdims=True) * -0.5 * std ** -3
    dmu = -(dxhat / std).sum(axis=2, keepdims=True) + dvar * (-2.0 * xmu).mean(axis=2, keepdims=True)
    dx = dxhat / std + dvar * 2.0 * xmu / m + dmu / m
    return dx.reshape(x.shape).astype(x.dtype), dgamma.astype(x.dtype), dbeta.astype(x.dtype)
