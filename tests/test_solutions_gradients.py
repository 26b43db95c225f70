"""Every reference backward against central differences (float64), needing only numpy.

The bar is a relative error below 1e-7 (max abs difference over the largest magnitude,
see ``solutions.relative_error``). The forward used for the numerical side is the layer
class itself, so the check also ties each backward to its forward.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

import solutions
from solutions import numerical_gradient, relative_error

MAX_REL_ERROR = 1e-7

Forward = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]
Backward = Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, ...]]


def bn_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    cls = solutions.BatchNorm1D if x.ndim == 2 else solutions.BatchNorm2D
    layer = cls(x.shape[1], eps=eps)  # fresh each call: training mode, batch statistics
    layer.gamma, layer.beta = gamma, beta
    return layer.forward(x)


def ln_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    layer = solutions.LayerNorm(x.shape[-1], eps=eps)
    layer.gamma, layer.beta = gamma, beta
    return layer.forward(x)


def gn_forward(groups: int) -> Callable[..., np.ndarray]:
    def forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
        layer = solutions.GroupNorm(groups, x.shape[1], eps=eps)
        layer.gamma, layer.beta = gamma, beta
        return layer.forward(x)

    return forward


def gn_backward(groups: int) -> Callable[..., tuple[np.ndarray, ...]]:
    def backward(dout: np.ndarray, x: np.ndarray, gamma: np.ndarray, eps: float):
        return solutions.groupnorm_backward(dout, x, groups, gamma, eps=eps)

    return backward


def rms_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    layer = solutions.RMSNorm(x.shape[-1], eps=eps)
    layer.gamma = gamma
    return layer.forward(x) + beta  # RMSNorm has no beta; adding it keeps the check's shape


def rms_backward(dout: np.ndarray, x: np.ndarray, gamma: np.ndarray, eps: float) -> tuple[np.ndarray, ...]:
    dx, dgamma = solutions.rmsnorm_backward(dout, x, gamma, eps=eps)
    return dx, dgamma, dout.reshape(-1, x.shape[-1]).sum(axis=0)


# (id, forward, backward, x shape, affine axis, mean, std, eps)
CASES = [
    ("bn/basic", bn_forward, solutions.batchnorm_backward, (6, 4), 1, 0.0, 1.0, 1e-5),
    # Two values per channel normalise to about +-1 whatever they are, so dx is ~0 unless
    # their variance is comparable to eps: std 3e-3 keeps this gradient informative.
    ("bn/n2_c1", bn_forward, solutions.batchnorm_backward, (2, 1), 1, 0.0, 3e-3, 1e-5),
    ("bn/offset", bn_forward, solutions.batchnorm_backward, (5, 3), 1, 1e3, 1.0, 1e-5),
    ("bn/small_var_eps", bn_forward, solutions.batchnorm_backward, (4, 3), 1, 0.0, 0.05, 1e-2),
    ("bn2d/basic", bn_forward, solutions.batchnorm2d_backward, (3, 2, 3, 5), 1, 0.0, 1.0, 1e-5),
    ("bn2d/n2_c1", bn_forward, solutions.batchnorm2d_backward, (2, 1, 3, 3), 1, 2.0, 3.0, 1e-5),
    ("ln/basic", ln_forward, solutions.layernorm_backward, (4, 7), -1, 0.0, 1.0, 1e-5),
    ("ln/offset", ln_forward, solutions.layernorm_backward, (3, 5), -1, 1e3, 1.0, 1e-5),
    ("gn/basic", gn_forward(3), gn_backward(3), (2, 6, 3, 3), 1, 0.0, 1.0, 1e-5),
    ("gn/one_group_1d", gn_forward(1), gn_backward(1), (2, 4, 5), 1, 1.0, 2.0, 1e-3),
    ("gn/per_channel", gn_forward(4), gn_backward(4), (3, 4, 2, 3), 1, 0.0, 1.0, 1e-5),
    ("gn/offset_3d", gn_forward(2), gn_backward(2), (2, 4, 2, 2, 3), 1, 1e3, 1.0, 1e-5),
    ("rms/basic", rms_forward, rms_backward, (4, 7), -1, 0.0, 1.0, 1e-6),
    ("rms/3d_offset", rms_forward, rms_backward, (2, 3, 5), -1, 50.0, 1.0, 1e-6),
    # mean(x^2) ~ 1e-6, as large as eps: dx is right only with eps inside r^2.
    ("rms/tiny_eps", rms_forward, rms_backward, (3, 6), -1, 0.0, 1e-3, 1e-6),
]


@pytest.mark.parametrize(
    ("forward", "backward", "shape", "axis", "mean", "std", "eps"),
    [pytest.param(*c[1:], id=c[0]) for c in CASES],
)
def test_backward_matches_numerical_gradient(
    forward: Callable[..., np.ndarray],
    backward: Callable[..., tuple[np.ndarray, ...]],
    shape: tuple[int, ...],
    axis: int,
    mean: float,
    std: float,
    eps: float,
) -> None:
    rng = np.random.default_rng(sum(shape) + int(mean))
    x = rng.normal(mean, std, size=shape)
    dout = rng.normal(size=shape)
    c = shape[axis]
    gamma, beta = rng.uniform(0.5, 1.5, c), rng.normal(size=c)

    dx, dgamma, dbeta = backward(dout, x, gamma, eps=eps)
    # The step follows the scale on which the output varies: the spread of x.
    h = 1e-5 * min(1.0, std)
    num_dx = numerical_gradient(lambda v: forward(v, gamma, beta, eps), x, dout, h=h)
    num_dgamma = numerical_gradient(lambda g: forward(x, g, beta, eps), gamma, dout)
    num_dbeta = numerical_gradient(lambda b: forward(x, gamma, b, eps), beta, dout)

    assert dx.shape == x.shape and dgamma.shape == gamma.shape and dbeta.shape == beta.shape
    assert relative_error(dx, num_dx) < MAX_REL_ERROR
    assert relative_error(dgamma, num_dgamma) < MAX_REL_ERROR
    assert relative_error(dbeta, num_dbeta) < MAX_REL_ERROR


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_backward_keeps_dtype_and_inputs(dtype: type) -> None:
    rng = np.random.default_rng(7)
    x4 = rng.normal(size=(2, 4, 3, 3)).astype(dtype)
    x2 = x4.reshape(2, -1)[:, :4].copy()
    gamma = np.ones(4)  # float64 on purpose: it must not promote a float32 result
    calls = [
        (solutions.batchnorm_backward, (x2, x2, gamma)),
        (solutions.layernorm_backward, (x2, x2, gamma)),
        (solutions.batchnorm2d_backward, (x4, x4, gamma)),
        (lambda d, x, g: solutions.groupnorm_backward(d, x, 2, g), (x4, x4, gamma)),
        (solutions.rmsnorm_backward, (x2, x2, gamma)),
    ]
    for fn, args in calls:
        copies = [a.copy() for a in args]
        for grad in fn(*args):
            assert type(grad) is np.ndarray and grad.dtype == dtype
        for a, c in zip(args, copies, strict=True):
            np.testing.assert_array_equal(a, c)


def test_batchnorm_dx_sums_to_zero_per_channel() -> None:
    """Shifting a whole channel changes nothing after normalisation, so dx sums to 0."""
    rng = np.random.default_rng(3)
    x, dout = rng.normal(size=(8, 3)), rng.normal(size=(8, 3))
    dx, _, _ = solutions.batchnorm_backward(dout, x, np.array([0.5, 1.0, 2.0]))
    np.testing.assert_allclose(dx.sum(axis=0), 0.0, atol=1e-12)


def test_numerical_gradient_of_known_function() -> None:
    x = np.array([[1.0, -2.0], [1e3, 0.5]])
    before = x.copy()
    dout = np.array([[1.0, 2.0], [3.0, -1.0]])
    grad = numerical_gradient(lambda v: v**3, x, dout)
    np.testing.assert_allclose(grad, 3 * x**2 * dout, rtol=1e-7)
    np.testing.assert_array_equal(x, before)
    assert grad.dtype == np.float64


def test_numerical_gradient_accepts_float32_input() -> None:
    x = np.linspace(-1, 1, 5, dtype=np.float32)
    grad = numerical_gradient(np.sin, x, np.ones(5))
    np.testing.assert_allclose(grad, np.cos(x.astype(np.float64)), rtol=1e-8)


def test_relative_error() -> None:
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.array([1.0, 0.0]), np.array([1.0, 1e-9])) == pytest.approx(1e-9)
    with pytest.raises(ValueError, match="shapes differ"):
        relative_error(np.zeros(3), np.zeros((3, 1)))
