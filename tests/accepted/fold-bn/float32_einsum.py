# Everything in the input's dtype (float32 stays float32 throughout), the weight scaled with einsum
import numpy as np


def fold_bn_into_conv(w, b, gamma, beta, running_mean, running_var, eps=1e-5):
    dt = w.dtype
    scale = gamma.astype(dt) / np.sqrt(running_var.astype(dt) + dt.type(eps))
    w2 = np.einsum("oikl,o->oikl", w, scale)
    bias = np.zeros(w.shape[0], dtype=dt) if b is None else b.astype(dt)
    b2 = beta.astype(dt) + scale * (bias - running_mean.astype(dt))
    return w2.astype(dt), b2.astype(dt)
