import numpy as np


def rmsnorm_backward(dout, x, gamma, eps=1e-6):
    # Forward: r = 1 / sqrt(mean(x^2) + eps), y = gamma * x * r, per row.
    d = x.shape[1]
    r = 1.0 / np.sqrt(np.sum(x * x, axis=1, keepdims=True) / d + eps)
    dgamma = np.sum(dout * x * r, axis=0)  # per feature: sum over the batch

    # Two paths to x: directly, and through r, with dr/dx_i = -x_i r^3 / D.
    # r^3 keeps eps inside (it matters when mean(x^2) is as small as eps).
    g = dout * gamma
    dx = g * r - x * (r ** 3) * np.sum(g * x, axis=1, keepdims=True) / d
    # Unlike LayerNorm there is no "- mean(g)" term: RMSNorm never centres.
    return dx.astype(x.dtype), dgamma.astype(x.dtype)
