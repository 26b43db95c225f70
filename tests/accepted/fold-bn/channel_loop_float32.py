# Accepted: loops over output channels, all arithmetic in w's dtype
import numpy as np


def fold_bn_into_conv(w, b, gamma, beta, running_mean, running_var, eps=1e-5):
    t = w.dtype
    c_out = w.shape[0]
    w2 = np.empty(w.shape, dtype=t)
    b2 = np.empty(c_out, dtype=t)
    for o in range(c_out):
        s = t.type(gamma[o]) / np.sqrt(t.type(running_var[o]) + t.type(eps))
        w2[o] = w[o] * s
        bias = t.type(0) if b is None else t.type(b[o])
        b2[o] = (bias - t.type(running_mean[o])) * s + t.type(beta[o])
    return w2, b2
