"""Layer normalisation (``torch.nn.LayerNorm`` with elementwise affine), forward and backward.

Statistics are per sample over the trailing ``normalized_shape`` axes; ``gamma`` and
``beta`` have exactly that shape.
"""

from __future__ import annotations

import numpy as np

from ._common import (
    Layer,
    centered_moments,
    check_float_array,
    inverse_std,
    normalized_input_grad,
    param,
    same_shape,
)


def _as_shape(normalized_shape: int | tuple[int, ...] | list[int]) -> tuple[int, ...]:
    if isinstance(normalized_shape, int | np.integer):
        return (int(normalized_shape),)
    shape = tuple(int(d) for d in normalized_shape)
    if not shape:
        raise ValueError("normalized_shape must name at least one axis")
    return shape


def _check_trailing(x: np.ndarray, shape: tuple[int, ...]) -> tuple[int, ...]:
    """The trailing axes to normalise over; the error mirrors PyTorch's wording."""
    k = len(shape)
    if x.ndim < k or x.shape[-k:] != shape:
        raise ValueError(
            f"Given normalized_shape={list(shape)}, expected input with shape "
            f"[*, {', '.join(map(str, shape))}], but got input of size {list(x.shape)}"
        )
    return tuple(range(x.ndim - k, x.ndim))


class LayerNorm(Layer):
    """``torch.nn.LayerNorm(normalized_shape, eps)``: normalise over the trailing axes."""

    def __init__(self, normalized_shape: int | tuple[int, ...], eps: float = 1e-5) -> None:
        self.normalized_shape = _as_shape(normalized_shape)
        self.eps = eps
        self.gamma = np.ones(self.normalized_shape)
        self.beta = np.zeros(self.normalized_shape)

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = check_float_array(x)
        axes = _check_trailing(x, self.normalized_shape)
        gamma = param(self.gamma, x.dtype, "gamma", self.normalized_shape)
        beta = param(self.beta, x.dtype, "beta", self.normalized_shape)
        _, var, out = centered_moments(x, axes)
        out *= inverse_std(var, self.eps)
        out *= gamma
        out += beta
        return out


def layernorm_backward(
    dout: np.ndarray, x: np.ndarray, gamma: np.ndarray, eps: float = 1e-5
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients ``(dx, dgamma, dbeta)`` of layer norm, as autograd through ``F.layer_norm``.

    The exercise uses x of shape (N, D) normalised over D; more generally x is normalised
    over its trailing ``gamma.ndim`` axes, and ``dgamma``/``dbeta`` have gamma's shape.
    """
    x = check_float_array(x)
    dout = check_float_array(dout, "dout").astype(x.dtype, copy=False)
    same_shape(dout, x, "dout", "x")
    shape = np.shape(gamma)
    axes = _check_trailing(x, shape)
    gamma = param(gamma, x.dtype, "gamma", shape)
    batch_axes = tuple(range(x.ndim - len(shape)))

    _, var, xhat = centered_moments(x, axes)
    inv_std = inverse_std(var, eps)
    xhat *= inv_std
    dbeta = dout.sum(axis=batch_axes)
    dgamma = (dout * xhat).sum(axis=batch_axes)
    dx = normalized_input_grad(dout * gamma, xhat, inv_std, axes)
    return dx, dgamma, dbeta
