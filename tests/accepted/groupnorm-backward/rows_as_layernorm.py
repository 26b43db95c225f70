# Accepted: each (sample, group) is one row, so it is LayerNorm's backward on (N*G, M) rows
import numpy as np


def groupnorm_backward(dout, x, num_groups, gamma, eps=1e-5):
    n, c = x.shape[:2]
    t = x.dtype
    rows = x.reshape(n * num_groups, -1)
    g_full = dout * np.asarray(gamma, dtype=t).reshape((1, c) + (1,) * (x.ndim - 2))
    g = g_full.reshape(rows.shape)
    mean = rows.mean(axis=1, dtype=t, keepdims=True)
    centred = rows - mean
    rstd = t.type(1) / np.sqrt(np.einsum("rm,rm->r", centred, centred)[:, None] / t.type(rows.shape[1]) + t.type(eps))
    xhat = centred * rstd
    dx = rstd * (g - g.mean(axis=1, keepdims=True) - xhat * np.einsum("rm,rm->r", g, xhat)[:, None] / t.type(rows.shape[1]))
    xhat = xhat.reshape(x.shape)
    axes = (0,) + tuple(range(2, x.ndim))
    return dx.reshape(x.shape), (dout * xhat).sum(axis=axes, dtype=t), dout.sum(axis=axes, dtype=t)
