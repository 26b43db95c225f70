"""Dynamic Tanh (DyT), the normalisation-free replacement of Zhu et al. 2025.

``y = gamma * tanh(alpha * x) + beta`` over the last axis (the reference's channels-last
form). There are no statistics at all: ``alpha`` is one learnable scalar, stored as a
(1,) array as in the paper's ``DynamicTanh`` module, and ``gamma``/``beta`` are per
feature. ``np.tanh`` is used rather than a formula in ``exp``: it saturates to +-1
instead of overflowing for large ``|alpha * x|``, and keeps full relative precision
for tiny arguments.
"""

from __future__ import annotations

import numpy as np

from ._common import Layer, check_float_array, param


class DyT(Layer):
    """``DynamicTanh(dim, channels_last=True, alpha_init_value=alpha_init)`` in numpy."""

    def __init__(self, dim: int, alpha_init: float = 0.5) -> None:
        self.dim = int(dim)
        self.alpha = np.full(1, alpha_init, dtype=np.float64)
        self.gamma = np.ones(self.dim)
        self.beta = np.zeros(self.dim)

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = check_float_array(x)
        if x.ndim < 1 or x.shape[-1] != self.dim:
            raise ValueError(f"expected input with last axis {self.dim}, got shape {x.shape}")
        # Every parameter in the input's dtype: a float64 alpha would promote float32 input.
        alpha = param(self.alpha, x.dtype, "alpha", (1,))
        gamma = param(self.gamma, x.dtype, "gamma", (self.dim,))
        beta = param(self.beta, x.dtype, "beta", (self.dim,))
        out = np.tanh(x * alpha)
        out *= gamma
        out += beta
        return out
