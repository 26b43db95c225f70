# Mistake: returns float64 for float32 input
import numpy as np


def fold_bn_into_conv(w, b, gamma, beta, running_mean, running_var, eps=1e-5):
    if b is None:
        b = np.zeros(w.shape[0])
    scale = gamma / np.sqrt(running_var + eps)
    w2 = w * scale[:, None, None, None]
    b2 = (b - running_mean) * scale + beta
    return w2.astype(np.float64), b2.astype(np.float64)
