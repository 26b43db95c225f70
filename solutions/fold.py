"""Folding an eval-mode batch norm into the convolution that feeds it.

BN after a conv computes ``gamma * (conv(x, w) + b - mean) / sqrt(var + eps) + beta``
per output channel, which is again a conv: scale each output filter by
``s = gamma / sqrt(var + eps)`` and set the bias to ``(b - mean) * s + beta``.
"""

from __future__ import annotations

import numpy as np

from ._common import check_float_array, param


def fold_bn_into_conv(
    w: np.ndarray,
    b: np.ndarray | None,
    gamma: np.ndarray,
    beta: np.ndarray,
    running_mean: np.ndarray,
    running_var: np.ndarray,
    eps: float = 1e-5,
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(w2, b2)``: a conv with them equals eval-mode BN applied after ``(w, b)``.

    ``w`` is (C_out, C_in, kH, kW); ``b`` is (C_out,) or None, and ``b2`` is (C_out,)
    either way. Outputs have w's dtype; no argument is modified.
    """
    w = check_float_array(w, "w")
    if w.ndim != 4:
        raise ValueError(f"w must be (C_out, C_in, kH, kW), got shape {w.shape}")
    c = (w.shape[0],)
    dtype = w.dtype
    bias = np.zeros(c, dtype=dtype) if b is None else param(b, dtype, "b", c)
    gamma = param(gamma, dtype, "gamma", c)
    beta = param(beta, dtype, "beta", c)
    mean = param(running_mean, dtype, "running_mean", c)
    var = param(running_var, dtype, "running_var", c)

    scale = gamma / np.sqrt(var + eps)
    w2 = w * scale[:, None, None, None]
    b2 = (bias - mean) * scale + beta
    return w2, b2
