"""Contract semantics of the reference layers that fixtures alone would not pin down:
construction, attributes, running statistics, modes, dtypes, errors, untouched inputs."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import numpy as np
import pytest

import solutions
from solutions import (
    BatchNorm1D,
    BatchNorm2D,
    GroupNorm,
    InstanceNorm2D,
    LayerNorm,
    RMSNorm,
)

CONTRACT_NAMES = [
    "BatchNorm1D",
    "BatchNorm2D",
    "batchnorm_backward",
    "LayerNorm",
    "layernorm_backward",
    "GroupNorm",
    "InstanceNorm2D",
    "adain",
    "RMSNorm",
    "fold_bn_into_conv",
    "DyT",
    "rmsnorm_backward",
    "groupnorm_backward",
    "merge_moments",
]


def rng() -> np.random.Generator:
    return np.random.default_rng(1234)


def test_exports_every_contract_name() -> None:
    for name in [*CONTRACT_NAMES, "batchnorm2d_backward", "groupnorm_backward"]:
        assert callable(getattr(solutions, name)), name
        assert name in solutions.__all__


# --- construction and attributes ----------------------------------------------------


@pytest.mark.parametrize("cls", [BatchNorm1D, BatchNorm2D])
def test_batchnorm_defaults_and_keyword_construction(cls: type) -> None:
    layer = cls(3, momentum=0.2, eps=1e-3)
    assert (layer.momentum, layer.eps, layer.training) == (0.2, 1e-3, True)
    np.testing.assert_array_equal(layer.gamma, np.ones(3))
    np.testing.assert_array_equal(layer.beta, np.zeros(3))
    np.testing.assert_array_equal(layer.running_mean, np.zeros(3))
    np.testing.assert_array_equal(layer.running_var, np.ones(3))
    default = cls(4)
    assert (default.momentum, default.eps) == (0.1, 1e-5)


def test_other_layers_attribute_shapes() -> None:
    assert LayerNorm(5).gamma.shape == (5,)
    assert LayerNorm((2, 3)).beta.shape == (2, 3)
    assert GroupNorm(2, 6).gamma.shape == (6,)
    assert InstanceNorm2D(3, eps=1e-3).beta.shape == (3,)
    rms = RMSNorm(8)
    assert rms.gamma.shape == (8,) and rms.eps == 1e-6
    assert not hasattr(rms, "beta")
    dyt = solutions.DyT(6)
    assert dyt.alpha.shape == (1,) and dyt.alpha[0] == 0.5
    assert solutions.DyT(2, alpha_init=1.5).alpha[0] == 1.5
    np.testing.assert_array_equal(dyt.gamma, np.ones(6))
    np.testing.assert_array_equal(dyt.beta, np.zeros(6))


def test_dyt_saturates_instead_of_overflowing() -> None:
    x = np.array([[-1e30, -1e4, 0.0, 1e4, 1e30]], dtype=np.float32)
    y = solutions.DyT(5).forward(x)
    np.testing.assert_array_equal(y, np.array([[-1, -1, 0, 1, 1]], dtype=np.float32))


def test_merge_moments_equals_the_moments_of_all_samples() -> None:
    g = rng()
    parts = [g.normal(k * 1e3, 0.5 + k, size=(n, 3)) for k, n in enumerate((2, 7, 31, 1))]
    counts = np.array([len(p) for p in parts])
    means = np.stack([p.mean(axis=0) for p in parts])
    variances = np.stack([p.var(axis=0) for p in parts])
    mean, var = solutions.merge_moments(counts, means, variances)
    everything = np.concatenate(parts)
    np.testing.assert_allclose(mean, everything.mean(axis=0), rtol=1e-14)
    np.testing.assert_allclose(var, everything.var(axis=0), rtol=1e-12)


def test_merge_moments_is_stable_where_the_raw_second_moment_is_not() -> None:
    """Offset 1e8, spread 1e-2: E[x^2] - E[x]^2 in float64 keeps no digit of var; the merge keeps them."""
    counts = np.array([3, 5])
    means = np.array([[1e8 - 0.01], [1e8 + 0.01]])
    variances = np.array([[1e-4], [4e-4]])
    mean, var = solutions.merge_moments(counts, means, variances)
    # Exact rational arithmetic on the float inputs as stored.
    n = [Fraction(int(c)) for c in counts]
    mu = [Fraction(float(m)) for m in means[:, 0]]
    v = [Fraction(float(x)) for x in variances[:, 0]]
    m = sum(ni * mi for ni, mi in zip(n, mu, strict=True)) / sum(n)
    exact = float(sum(ni * (vi + (mi - m) ** 2) for ni, vi, mi in zip(n, v, mu, strict=True)) / sum(n))
    assert abs(var[0] - exact) < 1e-6 * exact  # ulp(1e8) / 0.01 ~ 1e-6: the input's own precision
    raw = (counts[:, None] * (variances + means**2)).sum(0) / 8 - mean**2
    assert abs(raw[0] - exact) > 0.5 * exact  # the textbook formula loses every digit


# --- batch-norm statistics ----------------------------------------------------------


def test_running_stats_follow_momentum_with_unbiased_variance() -> None:
    x = rng().normal(2.0, 3.0, size=(5, 2, 3, 4))
    layer = BatchNorm2D(2, momentum=0.25)
    layer.forward(x)
    mean = x.mean(axis=(0, 2, 3))
    unbiased = x.var(axis=(0, 2, 3), ddof=1)
    np.testing.assert_allclose(layer.running_mean, 0.75 * 0 + 0.25 * mean, rtol=1e-13)
    np.testing.assert_allclose(layer.running_var, 0.75 * 1 + 0.25 * unbiased, rtol=1e-13)


def test_training_normalises_with_biased_batch_variance() -> None:
    x = rng().normal(size=(6, 3))
    layer = BatchNorm1D(3, eps=0.0)
    y = layer.forward(x)
    np.testing.assert_allclose(y.mean(axis=0), 0.0, atol=1e-14)
    np.testing.assert_allclose(y.var(axis=0), 1.0, rtol=1e-13)  # biased var of y is 1


def test_eval_uses_running_stats_and_updates_nothing() -> None:
    x = rng().normal(size=(4, 3, 2))
    layer = BatchNorm1D(3, eps=1e-3)
    layer.gamma = np.array([1.0, 2.0, 3.0])
    layer.beta = np.array([0.0, -1.0, 1.0])
    layer.running_mean = np.array([0.5, -0.5, 1.0])
    layer.running_var = np.array([2.0, 0.5, 1.0])
    layer.training = False
    y = layer.forward(x)
    rm, rv = layer.running_mean[None, :, None], layer.running_var[None, :, None]
    expected = (x - rm) / np.sqrt(rv + 1e-3) * layer.gamma[None, :, None]
    np.testing.assert_allclose(y, expected + layer.beta[None, :, None], rtol=1e-13)
    np.testing.assert_array_equal(layer.running_mean, [0.5, -0.5, 1.0])
    np.testing.assert_array_equal(layer.running_var, [2.0, 0.5, 1.0])
    # Eval may see a single sample; training may not.
    assert layer.forward(x[:1, :, :1]).shape == (1, 3, 1)


def test_train_and_eval_conveniences_flip_training() -> None:
    layer = BatchNorm2D(2)
    assert layer.eval() is layer and layer.training is False
    assert layer.train() is layer and layer.training is True


def test_assigned_arrays_are_not_mutated() -> None:
    """The grader assigns arrays and reads them back; the update must rebind, not write."""
    layer = BatchNorm2D(2)
    mean, var, gamma = np.zeros(2), np.ones(2), np.ones(2)
    layer.running_mean, layer.running_var, layer.gamma = mean, var, gamma
    layer.forward(rng().normal(size=(3, 2, 2, 2)))
    np.testing.assert_array_equal(mean, np.zeros(2))
    np.testing.assert_array_equal(var, np.ones(2))
    assert not np.array_equal(layer.running_mean, mean)


@pytest.mark.parametrize(
    ("cls", "shape"),
    [(BatchNorm1D, (1, 3)), (BatchNorm1D, (1, 3, 1)), (BatchNorm2D, (1, 3, 1, 1))],
)
def test_one_value_per_channel_in_training_is_refused(cls: type, shape: tuple) -> None:
    with pytest.raises(ValueError, match="Expected more than 1 value per channel when training"):
        cls(3).forward(np.ones(shape))


def test_two_values_per_channel_are_enough() -> None:
    assert BatchNorm1D(3).forward(np.arange(6.0).reshape(2, 3)).shape == (2, 3)
    assert BatchNorm1D(3).forward(np.arange(6.0).reshape(1, 3, 2)).shape == (1, 3, 2)


# --- shapes, dtypes and inputs ------------------------------------------------------


def layer_calls() -> list[tuple[str, Callable[[np.dtype], tuple[Callable, list[np.ndarray]]]]]:
    """(id, build) where build(dtype) gives a callable and the arrays it is applied to."""

    def arrays(dtype: np.dtype, *shapes: tuple[int, ...]) -> list[np.ndarray]:
        g = rng()
        return [g.normal(1.0, 2.0, size=s).astype(dtype) for s in shapes]

    def bn_eval(dtype: np.dtype) -> tuple[Callable, list[np.ndarray]]:
        layer = BatchNorm2D(3).eval()
        return layer.forward, arrays(dtype, (2, 3, 4, 5))

    def fold(dtype: np.dtype) -> tuple[Callable, list[np.ndarray]]:
        w, b, g, be, m = arrays(dtype, (4, 3, 3, 3), (4,), (4,), (4,), (4,))
        return (lambda *a: solutions.fold_bn_into_conv(*a)), [w, b, g, be, m, np.abs(m) + 0.5]

    def merge(dtype: np.dtype) -> tuple[Callable, list[np.ndarray]]:
        means, variances = arrays(dtype, (3, 4), (3, 4))
        # Integer counts must not promote a float32 result.
        return (lambda c, m, v: solutions.merge_moments(c, m, v)), [np.array([2, 5, 9]), means, variances**2]

    return [
        ("bn1d", lambda d: (BatchNorm1D(3).forward, arrays(d, (4, 3)))),
        ("bn1d_3d", lambda d: (BatchNorm1D(3).forward, arrays(d, (2, 3, 5)))),
        ("bn2d", lambda d: (BatchNorm2D(3).forward, arrays(d, (2, 3, 4, 5)))),
        ("bn2d_eval", bn_eval),
        ("layernorm", lambda d: (LayerNorm((4, 5)).forward, arrays(d, (2, 3, 4, 5)))),
        ("groupnorm", lambda d: (GroupNorm(3, 6).forward, arrays(d, (2, 6, 3)))),
        ("instancenorm", lambda d: (InstanceNorm2D(3).forward, arrays(d, (2, 3, 4, 5)))),
        ("rmsnorm", lambda d: (RMSNorm(5).forward, arrays(d, (2, 3, 5)))),
        ("adain", lambda d: (solutions.adain, arrays(d, (2, 3, 4, 5), (2, 3, 2, 7)))),
        ("fold", fold),
        ("dyt", lambda d: (solutions.DyT(5).forward, arrays(d, (2, 3, 5)))),
        ("rmsnorm_backward", lambda d: (solutions.rmsnorm_backward, arrays(d, (4, 5), (4, 5), (5,)))),
        ("merge_moments", merge),
    ]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("name", "build"), layer_calls())
def test_dtype_preserved_inputs_untouched_fresh_output(name: str, build: Callable, dtype: type) -> None:
    fn, args = build(np.dtype(dtype))
    copies = [a.copy() for a in args]
    result = fn(*args)
    outputs = result if isinstance(result, tuple) else (result,)
    for out in outputs:
        assert type(out) is np.ndarray, name
        assert out.dtype == dtype, (name, out.dtype)
        assert np.all(np.isfinite(out))
        assert not any(np.shares_memory(out, a) for a in args), name
    if name != "merge_moments":  # the merge reduces over devices: (K, C) in, (C,) out
        assert outputs[0].shape == args[0].shape
    for a, c in zip(args, copies, strict=True):
        np.testing.assert_array_equal(a, c, err_msg=f"{name} modified its input")


def test_float32_in_float32_out_even_with_float64_state() -> None:
    layer = BatchNorm2D(2, momentum=0.5)
    x = rng().normal(size=(3, 2, 2, 2)).astype(np.float32)
    assert layer.forward(x).dtype == np.float32
    layer.training = False
    assert layer.forward(x).dtype == np.float32


def test_fold_without_bias_gives_bias_vector() -> None:
    g = rng()
    w = g.normal(size=(5, 2, 3, 3))
    w2, b2 = solutions.fold_bn_into_conv(w, None, np.ones(5), np.zeros(5), np.ones(5), np.ones(5))
    assert w2.shape == w.shape and b2.shape == (5,)
    np.testing.assert_allclose(b2, -1 / np.sqrt(1 + 1e-5))


def test_adain_gives_content_the_style_statistics() -> None:
    g = rng()
    content = g.normal(size=(2, 3, 6, 5))
    style = g.normal(4.0, 2.5, size=(2, 3, 3, 3))
    out = solutions.adain(content, style, eps=0.0)
    np.testing.assert_allclose(out.mean(axis=(2, 3)), style.mean(axis=(2, 3)), rtol=1e-12)
    np.testing.assert_allclose(out.std(axis=(2, 3)), style.std(axis=(2, 3)), rtol=1e-12)


def test_rmsnorm_has_unit_root_mean_square() -> None:
    x = rng().normal(3.0, 1.0, size=(4, 16))
    y = RMSNorm(16, eps=0.0).forward(x)
    np.testing.assert_allclose(np.sqrt(np.mean(y**2, axis=-1)), 1.0, rtol=1e-13)


def test_groupnorm_with_one_group_per_channel_is_instance_norm() -> None:
    x = rng().normal(size=(2, 3, 4, 5))
    np.testing.assert_allclose(GroupNorm(3, 3).forward(x), InstanceNorm2D(3).forward(x))


def test_groupnorm_with_one_group_is_layernorm_over_chw() -> None:
    x = rng().normal(size=(2, 3, 4, 5))
    np.testing.assert_allclose(GroupNorm(1, 3).forward(x), LayerNorm((3, 4, 5)).forward(x))


# --- errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: BatchNorm2D(3).forward(np.ones((2, 3, 4))), ValueError, "expected 4D input"),
        (lambda: BatchNorm1D(3).forward(np.ones((2, 3, 4, 5))), ValueError, "2D or 3D"),
        (lambda: BatchNorm1D(3).forward(np.ones((2, 4))), ValueError, "3 channels"),
        (lambda: BatchNorm1D(3).forward(np.ones((2, 3), dtype=int)), TypeError, "float32"),
        (lambda: LayerNorm(4).forward(np.ones((2, 3))), ValueError, "normalized_shape"),
        (lambda: GroupNorm(4, 6), ValueError, "divisible"),
        (lambda: GroupNorm(2, 4).forward(np.ones((2, 6, 3))), ValueError, r"\(N, 4, \*\)"),
        (lambda: InstanceNorm2D(2).forward(np.ones((2, 2, 1, 1))), ValueError, "spatial"),
        (lambda: RMSNorm(4).forward(np.ones((2, 5))), ValueError, "last axis 4"),
        (lambda: solutions.adain(np.ones((2, 3, 4, 4)), np.ones((2, 2, 4, 4))), ValueError, "N and C"),
        (
            lambda: solutions.batchnorm_backward(np.ones((3, 2)), np.ones((3, 2)), np.ones(3)),
            ValueError,
            "gamma must have shape",
        ),
        (
            lambda: solutions.batchnorm_backward(np.ones((3, 3)), np.ones((3, 2)), np.ones(2)),
            ValueError,
            "dout has shape",
        ),
        (
            lambda: solutions.fold_bn_into_conv(np.ones((2, 1, 1, 1)), None, *[np.ones(3)] * 4),
            ValueError,
            "shape",
        ),
    ],
)
def test_bad_arguments_are_refused_clearly(call: Callable, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        call()
