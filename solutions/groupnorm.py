"""Group normalisation (``torch.nn.GroupNorm``, affine), forward and backward.

Channels are split into ``num_groups`` contiguous groups; statistics are per sample and
group over the group's channels and all spatial positions. The affine is per channel.
"""

from __future__ import annotations

import math

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


def _grouped(x: np.ndarray, num_groups: int) -> np.ndarray:
    """View (N, C, *) as (N, G, C/G * prod(*)): one row of statistics per sample and group."""
    if x.ndim < 2:
        raise ValueError(f"Expected at least 2 dimensions for input, got {x.ndim}D input")
    if x.shape[1] % num_groups:
        raise ValueError(
            f"Expected number of channels in input ({x.shape[1]}) to be divisible by num_groups ({num_groups})"
        )
    # PyTorch's F.group_norm refuses exactly this case (it checks N * C/G * prod(*) > 1).
    if x.shape[0] * (x.shape[1] // num_groups) * math.prod(x.shape[2:]) <= 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size {x.shape}")
    return x.reshape(x.shape[0], num_groups, -1)


def _per_channel(v: np.ndarray, ndim: int) -> np.ndarray:
    return v.reshape((1, -1) + (1,) * (ndim - 2))


class GroupNorm(Layer):
    """``torch.nn.GroupNorm(num_groups, num_channels, eps)`` for input (N, C, *)."""

    def __init__(self, num_groups: int, num_channels: int, eps: float = 1e-5) -> None:
        if num_groups < 1 or num_channels % num_groups:
            raise ValueError("num_channels must be divisible by num_groups")
        self.num_groups = int(num_groups)
        self.num_channels = int(num_channels)
        self.eps = eps
        self.gamma = np.ones(self.num_channels)
        self.beta = np.zeros(self.num_channels)

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = check_float_array(x)
        if x.ndim < 2 or x.shape[1] != self.num_channels:
            raise ValueError(f"expected input of shape (N, {self.num_channels}, *), got {x.shape}")
        c = (self.num_channels,)
        gamma = _per_channel(param(self.gamma, x.dtype, "gamma", c), x.ndim)
        beta = _per_channel(param(self.beta, x.dtype, "beta", c), x.ndim)
        _, var, out = centered_moments(_grouped(x, self.num_groups), (2,))
        out *= inverse_std(var, self.eps)
        out = out.reshape(x.shape)
        out *= gamma
        out += beta
        return out


def groupnorm_backward(
    dout: np.ndarray, x: np.ndarray, num_groups: int, gamma: np.ndarray, eps: float = 1e-5
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients ``(dx, dgamma, dbeta)`` of group norm for x of shape (N, C, *)."""
    x = check_float_array(x)
    dout = check_float_array(dout, "dout").astype(x.dtype, copy=False)
    same_shape(dout, x, "dout", "x")
    if x.ndim < 2:
        raise ValueError(f"Expected at least 2 dimensions for input, got {x.ndim}D input")
    gamma = param(gamma, x.dtype, "gamma", (x.shape[1],))
    channel_sums = (0, *range(2, x.ndim))

    _, var, xhat = centered_moments(_grouped(x, num_groups), (2,))
    inv_std = inverse_std(var, eps)
    xhat *= inv_std
    dxhat = (dout * _per_channel(gamma, x.ndim)).reshape(xhat.shape)
    dx = normalized_input_grad(dxhat, xhat, inv_std, (2,)).reshape(x.shape)
    dgamma = (dout * xhat.reshape(x.shape)).sum(axis=channel_sums)
    dbeta = dout.sum(axis=channel_sums)
    return dx, dgamma, dbeta
