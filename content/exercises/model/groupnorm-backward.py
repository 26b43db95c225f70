import numpy as np


def groupnorm_backward(dout, x, num_groups, gamma, eps=1e-5):
    n, c = x.shape[:2]
    # View (N, C, *) as rows of (sample, group): then it is LayerNorm's backward per row.
    xg = x.reshape(n, num_groups, -1)
    m = xg.shape[-1]
    mu = xg.mean(axis=-1, keepdims=True)
    s = 1.0 / np.sqrt(xg.var(axis=-1, keepdims=True) + eps)
    xhat = (xg - mu) * s

    # gamma is per CHANNEL, so multiply in the original shape before grouping.
    per_channel = (1, c) + (1,) * (x.ndim - 2)
    g = (dout * gamma.reshape(per_channel)).reshape(xg.shape)
    # Remove what the group's mean and variance absorb, then scale by 1/std.
    dx = s * (g - g.sum(-1, keepdims=True) / m - xhat * (g * xhat).sum(-1, keepdims=True) / m)

    # Parameter gradients: over the batch and every spatial axis, keeping C.
    axes = (0,) + tuple(range(2, x.ndim))
    xhat = xhat.reshape(x.shape)
    dgamma = (dout * xhat).sum(axis=axes)
    dbeta = dout.sum(axis=axes)
    t = x.dtype
    return dx.reshape(x.shape).astype(t), dgamma.astype(t), dbeta.astype(t)
