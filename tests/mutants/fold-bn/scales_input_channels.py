# Mistake: scale applied along the input channels (axis 1) of w
# hint: scales-input-channels
import numpy as np


def fold_bn_into_conv(w, b, gamma, beta, running_mean, running_var, eps=1e-5):
    if b is None:
        b = np.zeros(w.shape[0], dtype=w.dtype)
    scale = gamma / np.sqrt(running_var + eps)
    w2 = w * scale[None, :, None, None]
    b2 = (b - running_mean) * scale + beta
    return w2.astype(w.dtype), b2.astype(w.dtype)
