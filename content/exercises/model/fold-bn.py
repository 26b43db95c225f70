import numpy as np


def fold_bn_into_conv(w, b, gamma, beta, running_mean, running_var, eps=1e-5):
    # Eval-mode BN after a conv is an affine map per OUTPUT channel o:
    #   BN(z) = scale_o * z + (beta_o - scale_o * mean_o),  scale_o = gamma_o / sqrt(var_o + eps)
    # and z = conv(x, w) + b is linear in (w, b), so the map folds into them.
    dt = w.dtype
    scale = (gamma / np.sqrt(running_var + eps)).astype(dt)
    # Scale each output filter: axis 0 of w, never the input channels.
    w2 = w * scale[:, None, None, None]
    bias = np.zeros(w.shape[0], dtype=dt) if b is None else b.astype(dt)
    # The old bias is shifted by the mean, then scaled, then beta is added.
    b2 = (bias - running_mean) * scale + beta
    return w2.astype(dt), b2.astype(dt)
