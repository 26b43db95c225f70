# Accepted: staged backward node by node (ms -> rms -> y), as on a computational graph
import numpy as np


def rmsnorm_backward(dout, x, gamma, eps=1e-6):
    d = x.shape[1]
    ms = (x ** 2).sum(axis=1, keepdims=True) / d
    rms = np.sqrt(ms + eps)
    xhat = x / rms
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    # xhat = x / rms: a direct path, and one through rms
    drms = -(dxhat * x).sum(axis=1, keepdims=True) / rms ** 2
    dms = drms * 0.5 / rms
    dx = dxhat / rms + dms * 2.0 * x / d
    return dx.astype(x.dtype), dgamma.astype(x.dtype)
