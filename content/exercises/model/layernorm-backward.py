import numpy as np


def layernorm_backward(dout, x, gamma, eps=1e-5):
    # BatchNorm's backward transposed: the group sharing statistics is a row.
    d = x.shape[1]
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    rstd = 1.0 / np.sqrt(var + eps)          # (N, 1)
    xhat = (x - mu) * rstd

    # gamma/beta are per feature, shared by all rows: sum over axis 0.
    dgamma = np.sum(dout * xhat, axis=0)
    dbeta = np.sum(dout, axis=0)

    # Within a row, remove the parts of g = dL/dxhat that the row's mean and
    # variance absorb (the constant direction and the xhat direction).
    g = dout * gamma
    proj_mean = g.sum(axis=1, keepdims=True) / d
    proj_xhat = (g * xhat).sum(axis=1, keepdims=True) / d
    dx = rstd * (g - proj_mean - xhat * proj_xhat)
    t = x.dtype
    return dx.astype(t), dgamma.astype(t), dbeta.astype(t)
