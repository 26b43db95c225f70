"""Root-mean-square normalisation, ``torch.nn.RMSNorm(dim, eps=1e-6)``.

``y = x / sqrt(mean(x**2) + eps) * gamma`` over the last axis: no centring and no shift,
so unlike the other layers there is no ``beta``.
"""

from __future__ import annotations

import numpy as np

from ._common import Layer, check_float_array, inverse_std, param


class RMSNorm(Layer):
    """Normalise over the last axis of x, whose length must be ``dim``."""

    def __init__(self, dim: int, eps: float = 1e-6) -> None:
        self.dim = int(dim)
        self.eps = eps
        self.gamma = np.ones(self.dim)

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = check_float_array(x)
        if x.ndim < 1 or x.shape[-1] != self.dim:
            raise ValueError(f"expected input with last axis {self.dim}, got shape {x.shape}")
        gamma = param(self.gamma, x.dtype, "gamma", (self.dim,))
        mean_square = np.mean(np.square(x), axis=-1, keepdims=True)
        out = x * inverse_std(mean_square, self.eps)
        out *= gamma
        return out
