"""Batch normalisation, forward (BatchNorm1D, BatchNorm2D) and backward, as in PyTorch.

Training normalises with the batch mean and the biased variance, then updates
``running = (1 - momentum) * running + momentum * batch_stat`` using the *unbiased*
variance for ``running_var``. Eval normalises with the running statistics and updates
nothing. Statistics are per channel (axis 1) over every other axis.
"""

from __future__ import annotations

import numpy as np

from ._common import (
    Layer,
    centered_moments,
    check_float_array,
    inverse_std,
    param,
    same_shape,
)


def _channel_axes(ndim: int) -> tuple[int, ...]:
    """Every axis but the channel axis 1: the axes batch statistics are taken over."""
    return (0, *range(2, ndim))


def _broadcast(v: np.ndarray, ndim: int) -> np.ndarray:
    """Shape a (C,) vector to broadcast along axis 1 of an ``ndim``-dimensional array."""
    return v.reshape((1, -1) + (1,) * (ndim - 2))


def _check_enough_values(x: np.ndarray) -> int:
    """Values per channel in a training batch; PyTorch refuses a batch with just one."""
    count = x.size // x.shape[1]
    if count <= 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size {tuple(x.shape)}")
    return count


class _BatchNorm(Layer):
    """Shared body of BatchNorm1D and BatchNorm2D; subclasses fix the accepted ranks."""

    _ranks: tuple[int, ...] = ()
    _rank_text: str = ""

    def __init__(self, num_features: int, momentum: float = 0.1, eps: float = 1e-5) -> None:
        if num_features < 1:
            raise ValueError(f"num_features must be positive, got {num_features}")
        self.num_features = int(num_features)
        self.momentum = momentum
        self.eps = eps
        self.gamma = np.ones(self.num_features)
        self.beta = np.zeros(self.num_features)
        self.running_mean = np.zeros(self.num_features)
        self.running_var = np.ones(self.num_features)
        self.training = True


    def forward(self, x: np.ndarray) -> np.ndarray:
        x = check_float_array(x)
        if x.ndim not in self._ranks:
            raise ValueError(f"expected {self._rank_text} input (got {x.ndim}D input)")
        if x.shape[1] != self.num_features:
            raise ValueError(f"expected {self.num_features} channels on axis 1, got input of shape {x.shape}")
        c = (self.num_features,)
        gamma = _broadcast(param(self.gamma, x.dtype, "gamma", c), x.ndim)
        beta = _broadcast(param(self.beta, x.dtype, "beta", c), x.ndim)

        if not self.training:
            mean = _broadcast(param(self.running_mean, x.dtype, "running_mean", c), x.ndim)
            var = _broadcast(param(self.running_var, x.dtype, "running_var", c), x.ndim)
            out = x - mean
            out *= gamma * inverse_std(var, self.eps)
            out += beta
            return out

        count = _check_enough_values(x)
        mean, var, out = centered_moments(x, _channel_axes(x.ndim))
        # New arrays rather than in-place updates: the caller may hold (or have
        # assigned) the old running arrays and must not see them change under it.
        m = self.momentum
        self.running_mean = (1 - m) * np.asarray(self.running_mean) + m * mean.reshape(c)
        unbiased = var.reshape(c) * (count / (count - 1))
        self.running_var = (1 - m) * np.asarray(self.running_var) + m * unbiased
        out *= gamma * inverse_std(var, self.eps)
        out += beta
        return out


class BatchNorm1D(_BatchNorm):
    """``torch.nn.BatchNorm1d``: input (N, C) or (N, C, L)."""

    _ranks = (2, 3)
    _rank_text = "2D or 3D"


class BatchNorm2D(_BatchNorm):
    """``torch.nn.BatchNorm2d``: input (N, C, H, W)."""

    _ranks = (4,)
    _rank_text = "4D"


def _batchnorm_backward(
    dout: np.ndarray, x: np.ndarray, gamma: np.ndarray, eps: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Training-mode gradients for any (N, C, *) input, statistics over all but axis 1."""
    x = check_float_array(x)
    dout = check_float_array(dout, "dout").astype(x.dtype, copy=False)
    same_shape(dout, x, "dout", "x")
    c = (x.shape[1],)
    gamma = _broadcast(param(gamma, x.dtype, "gamma", c), x.ndim)
    axes = _channel_axes(x.ndim)

    count = _check_enough_values(x)
    _, var, xhat = centered_moments(x, axes)
    inv_std = inverse_std(var, eps)
    xhat *= inv_std
    dbeta = dout.sum(axis=axes)
    dgamma = (dout * xhat).sum(axis=axes)
    # normalized_input_grad with g = dout * gamma, using that gamma is constant over the
    # reduced axes: mean(g) = gamma * dbeta / n and mean(g * xhat) = gamma * dgamma / n.
    # Reusing the two sums saves three passes over the batch.
    dx = dout - _broadcast(dbeta / count, x.ndim)
    dx -= xhat * _broadcast(dgamma / count, x.ndim)
    dx *= gamma * inv_std
    return dx, dgamma, dbeta


def batchnorm_backward(
    dout: np.ndarray, x: np.ndarray, gamma: np.ndarray, eps: float = 1e-5
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients ``(dx, dgamma, dbeta)`` of training-mode batch norm on x of shape (N, D).

    Matches autograd through ``F.batch_norm(x, None, None, gamma, beta, training=True)``.
    """
    x = check_float_array(x)
    if x.ndim != 2:
        raise ValueError(f"batchnorm_backward expects x of shape (N, D), got {x.shape}")
    return _batchnorm_backward(dout, x, gamma, eps)


def batchnorm2d_backward(
    dout: np.ndarray, x: np.ndarray, gamma: np.ndarray, eps: float = 1e-5
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Spatial batch norm gradients ``(dx, dgamma, dbeta)`` for x of shape (N, C, H, W)."""
    x = check_float_array(x)
    if x.ndim != 4:
        raise ValueError(f"batchnorm2d_backward expects x of shape (N, C, H, W), got {x.shape}")
    return _batchnorm_backward(dout, x, gamma, eps)
