import numpy as np


def batchnorm_backward(dout, x, gamma, eps=1e-5):
    # x, dout: (N, D); statistics per feature over the batch axis 0.
    n = x.shape[0]
    mu = x.mean(axis=0)
    xc = x - mu
    var = (xc ** 2).mean(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = xc * inv_std

    # Parameters are per feature: their gradients sum over the batch.
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)

    # Why not just dout * gamma * inv_std? mu and var depend on every x in the
    # column. Shifting or scaling a column leaves xhat unchanged, so dx has no
    # component along 1 or along xhat: project both out.
    g = dout * gamma
    dx = (inv_std / n) * (n * g - g.sum(axis=0) - xhat * (g * xhat).sum(axis=0))
    dt = x.dtype
    return dx.astype(dt), dgamma.astype(dt), dbeta.astype(dt)
