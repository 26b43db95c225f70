"""Root-mean-square normalisation, ``torch.nn.RMSNorm(dim, eps=1e-6)``, forward and backward.

``y = x / sqrt(mean(x**2) + eps) * gamma`` over the last axis: no centring and no shift,
so unlike the other layers there is no ``beta``.
"""

from __future__ import annotations

import numpy as np

from ._common import Layer, check_float_array, inverse_std, param, same_shape


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


def rmsnorm_backward(
    dout: np.ndarray, x: np.ndarray, gamma: np.ndarray, eps: float = 1e-6
) -> tuple[np.ndarray, np.ndarray]:
    """Gradients ``(dx, dgamma)`` of RMSNorm over the last axis, as autograd through ``F.rms_norm``.

    With ``r = 1 / sqrt(mean(x**2) + eps)`` and ``g = dout * gamma``, ``y = gamma * x * r``
    and ``dr/dx = -r**3 * x / D``, so ``dx = r * (g - x * r**2 * mean(g * x))``: the
    gradient minus its component along x (rescaling x leaves y unchanged when eps is
    negligible). ``r**2`` is ``1 / (mean(x**2) + eps)``, eps included.
    """
    x = check_float_array(x)
    dout = check_float_array(dout, "dout").astype(x.dtype, copy=False)
    same_shape(dout, x, "dout", "x")
    if x.ndim < 1:
        raise ValueError("x must have at least one axis")
    d = x.shape[-1]
    gamma = param(gamma, x.dtype, "gamma", (d,))
    batch_axes = tuple(range(x.ndim - 1))

    inv_rms = inverse_std(np.mean(np.square(x), axis=-1, keepdims=True), eps)
    xhat = x * inv_rms
    dgamma = (dout * xhat).sum(axis=batch_axes)
    g = dout * gamma
    # mean(g * xhat) * xhat == mean(g * x) * x * r**2: the projection onto x.
    dx = g - xhat * np.mean(g * xhat, axis=-1, keepdims=True)
    dx *= inv_rms
    return dx, dgamma
