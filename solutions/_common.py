"""Shared numerics for the reference layers: input checks, moments, the backward core.

Every reference computes in the dtype of its input: float32 in, float32 out, with no
float64 temporaries leaking into the result. Parameters and running statistics may be
stored in any float dtype; they are cast to the input's dtype at the point of use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Self

import numpy as np

SUPPORTED_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def check_float_array(x: np.ndarray, name: str = "x") -> np.ndarray:
    """Return ``x`` as an ndarray, refusing anything but float32 or float64.

    Integer or half-precision input would silently change the arithmetic, so it is an
    error rather than a cast (PyTorch's normalisation layers refuse integers too).
    """
    arr = np.asarray(x)
    if arr.dtype not in SUPPORTED_DTYPES:
        raise TypeError(f"{name} must be a float32 or float64 array, got dtype {arr.dtype}")
    return arr


def param(value: np.ndarray | float, dtype: np.dtype, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """Cast a parameter (gamma, beta, a running statistic) to ``dtype`` and check its shape."""
    arr = np.asarray(value, dtype=dtype)
    if arr.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {arr.shape}")
    return arr


def centered_moments(x: np.ndarray, axes: Sequence[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean, biased variance (both keepdims) and the centred copy ``x - mean``.

    Two passes on purpose: ``E[x^2] - E[x]^2`` loses every significant digit when the
    mean is large against the spread (mean 1e3, std 1e-3 is common in practice), while
    averaging the squared deviations does not. The centred array is returned because
    every caller needs it next and may overwrite it in place; ``x`` itself is never
    written.
    """
    axes = tuple(axes)
    mean = np.mean(x, axis=axes, keepdims=True)
    centered = x - mean
    var = np.mean(np.square(centered), axis=axes, keepdims=True)
    return mean, var, centered


def inverse_std(var: np.ndarray, eps: float) -> np.ndarray:
    """``1 / sqrt(var + eps)`` in the dtype of ``var`` (a Python float does not promote)."""
    return np.reciprocal(np.sqrt(var + eps))


def normalized_input_grad(dxhat: np.ndarray, xhat: np.ndarray, inv_std: np.ndarray, axes: Sequence[int]) -> np.ndarray:
    """Gradient through ``xhat = (x - mean(x)) * inv_std`` with statistics over ``axes``.

    With ``g = dL/dxhat`` the chain rule through the mean and the biased variance gives
    ``dL/dx = inv_std * (g - mean(g) - xhat * mean(g * xhat))``, means over ``axes``.
    The two means are the projections of ``g`` onto the constant direction and onto
    ``xhat``; both must go because shifting or rescaling ``x`` inside a group leaves
    ``xhat`` unchanged.
    """
    axes = tuple(axes)
    mean_g = np.mean(dxhat, axis=axes, keepdims=True)
    mean_gx = np.mean(dxhat * xhat, axis=axes, keepdims=True)
    dx = dxhat - mean_g
    dx -= xhat * mean_gx
    dx *= inv_std
    return dx


def same_shape(a: np.ndarray, b: np.ndarray, a_name: str, b_name: str) -> None:
    """Refuse arrays whose shapes differ: broadcasting here would hide a caller's bug."""
    if a.shape != b.shape:
        raise ValueError(f"{a_name} has shape {a.shape} but {b_name} has shape {b.shape}")


class Layer:
    """What every reference layer shares: callable like a module, with PyTorch's train()/eval()."""

    training: bool = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x)

    def train(self, mode: bool = True) -> Self:
        self.training = mode
        return self

    def eval(self) -> Self:
        return self.train(False)
