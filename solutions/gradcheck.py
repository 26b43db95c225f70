"""Numerical gradients by central differences, for checking hand-written backward passes.

Pure numpy, float64 throughout. Used by the reference tests and by the grader's
backward exercises; it deliberately knows nothing about any layer.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def numerical_gradient(
    f: Callable[[np.ndarray], np.ndarray],
    x: np.ndarray,
    dout: np.ndarray,
    h: float = 1e-5,
) -> np.ndarray:
    """Gradient of ``L(x) = sum(f(x) * dout)`` with respect to ``x``, by central differences.

    ``f`` maps an array shaped like ``x`` to an array shaped like ``dout``; to check a
    gradient with respect to a parameter, close over the other arguments. Each element
    of ``x`` is nudged by ``h`` either way and the divisor is the step actually taken
    after rounding (``1e3 + 1e-6`` is not exactly ``1e-6`` away from ``1e3``). The step
    is absolute, not scaled to ``|x|``: what matters is the scale on which ``f`` varies
    (for a normalisation layer, the spread of x, not its offset). The
    difference ``f(x+h) - f(x-h)`` is taken elementwise before weighting by ``dout``,
    which keeps the rounding error at the level of single outputs rather than of the
    whole sum. ``x`` itself is not modified; a float64 copy is perturbed.

    The default ``h = 1e-5`` balances the two errors of central differences for inputs
    whose outputs are O(1): truncation (~h^2, 1e-10) and rounding (~ulp(f) / h). A smaller
    step loses to rounding when x carries a large offset: at x ~ 1e3, computing
    ``x - mean`` costs ~1e-13, which ``h = 1e-6`` inflates to ~1e-7 of the gradient.

    Cost: two calls of ``f`` per element of ``x``; meant for small arrays.
    """
    x64 = np.array(x, dtype=np.float64)  # a private copy: the caller's x is never touched
    dout64 = np.asarray(dout, dtype=np.float64)
    grad = np.zeros_like(x64)
    flat = x64.reshape(-1)  # a view into the copy
    for i in range(flat.size):
        original = flat[i]
        flat[i] = original + h
        plus = np.asarray(f(x64), dtype=np.float64)
        upper = flat[i]
        flat[i] = original - h
        minus = np.asarray(f(x64), dtype=np.float64)
        lower = flat[i]
        flat[i] = original
        grad.reshape(-1)[i] = np.sum((plus - minus) * dout64) / (upper - lower)
    return grad


def relative_error(actual: np.ndarray, expected: np.ndarray) -> float:
    """``max|a - e| / max(max|a|, max|e|)``: scale-free, and sane when entries are near zero.

    Elementwise relative error explodes on gradients that are zero up to rounding (batch
    norm's ``dx`` sums to zero per channel), so the error is measured against the
    largest magnitude instead.
    """
    a = np.asarray(actual, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    if a.shape != e.shape:
        raise ValueError(f"shapes differ: {a.shape} vs {e.shape}")
    scale = max(float(np.max(np.abs(a), initial=0.0)), float(np.max(np.abs(e), initial=0.0)))
    if scale == 0.0:
        return 0.0
    return float(np.max(np.abs(a - e)) / scale)
