"""Randomised comparison of every reference against live PyTorch (hypothesis).

Skipped, saying why, when torch is not installed: torch is a development tool here,
never a dependency. The golden-fixture tests check the same references without it.

Tolerances scale with the conditioning of the actual input, ``k = max |x| / sqrt(var +
eps)`` over the worst normalisation group, because one ulp of the input, divided by the
group's spread, is the error any implementation starts from (a group of two close values
or of one value is as ill-conditioned as a large offset): float64 ``1e-10 + 4e-15 * k``
(about 18 ulps), float32 ``1e-4 + 2e-6 * k`` (about 16 ulps). As in the grader, float32
is never drawn with an offset above 1e3 times the spread. Gradients get four times the
slope: the backward's projection terms compound the forward's rounding.

25 examples per test by default; set QUIZAPP_TORCH_EXAMPLES for a longer soak.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pytest

torch = pytest.importorskip(
    "torch",
    reason="torch not installed: the live PyTorch comparison needs `pip install torch==2.13.0` "
    "(a development tool, not a dependency); the golden-fixture tests still ran",
)
F = torch.nn.functional

from hypothesis import given, settings  # noqa: E402 (after the skip on purpose)
from hypothesis import strategies as st  # noqa: E402

import solutions  # noqa: E402

SETTINGS = settings(max_examples=int(os.environ.get("QUIZAPP_TORCH_EXAMPLES", "25")), deadline=None)
TORCH_DTYPES = {np.dtype(np.float32): torch.float32, np.dtype(np.float64): torch.float64}

torch.set_num_threads(1)


@dataclass(frozen=True)
class Draw:
    """Everything random about one example, except the shape."""

    dtype: np.dtype
    mean: float
    std: float
    seed: int
    eps: float

    def tolerance(self, k: float = 1.0, grad: bool = False) -> float:
        slope = 4.0 if grad else 1.0  # the backward compounds the forward's rounding
        if self.dtype == np.float64:
            return 1e-10 + slope * 4e-15 * k
        return 1e-4 + slope * 2e-6 * k

    def rng(self) -> np.random.Generator:
        return np.random.default_rng(self.seed)

    def x(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        return rng.normal(self.mean, self.std, size=shape).astype(self.dtype)

    def affine(self, rng: np.random.Generator, shape: int | tuple[int, ...]) -> tuple:
        return (
            rng.uniform(0.5, 1.5, size=shape).astype(self.dtype),
            rng.normal(size=shape).astype(self.dtype),
        )


@st.composite
def draws(draw: st.DrawFn) -> Draw:
    dtype = draw(st.sampled_from([np.dtype(np.float32), np.dtype(np.float64)]))
    std = draw(st.sampled_from([1e-2, 0.3, 1.0, 10.0]))
    means = [0.0, 5.0, 1e3] if dtype == np.float64 else [0.0, 5.0]
    mean = draw(st.sampled_from(means))
    if dtype == np.float32 and abs(mean) / std > 1e3:
        mean = 0.0
    eps = draw(st.sampled_from([1e-5, 1e-3, 0.1]))
    return Draw(dtype, mean, std, draw(st.integers(0, 2**32 - 1)), eps)


def tt(a: np.ndarray, grad: bool = False) -> torch.Tensor:
    return torch.tensor(a, requires_grad=grad)


def conditioning(x: np.ndarray, axes: tuple[int, ...], eps: float) -> float:
    """Worst ``max|x| / sqrt(var + eps)`` over the groups the statistics run over."""
    wide = x.astype(np.float64)
    peak = np.max(np.abs(wide), axis=axes)
    return float(np.max(peak / np.sqrt(np.var(wide, axis=axes) + eps), initial=1.0))


def assert_close(ours: np.ndarray, theirs: torch.Tensor, d: Draw, what: str = "", k: float = 1.0) -> None:
    want = theirs.detach().numpy()
    assert type(ours) is np.ndarray and ours.dtype == want.dtype == d.dtype, what
    assert ours.shape == want.shape, what
    scale = 1.0 + np.abs(want.astype(np.float64))
    err = np.max(np.abs(ours.astype(np.float64) - want) / scale)
    tol = d.tolerance(k)
    assert err <= tol, f"{what}: {err:.3g} > {tol:.3g} (conditioning {k:.3g})"


def assert_grad_close(ours: np.ndarray, theirs: torch.Tensor, d: Draw, what: str, k: float = 1.0) -> None:
    """Error relative to the largest gradient entry, floored at 1: a gradient that is zero
    up to rounding (layer norm over one feature has dgamma == 0) has no relative scale."""
    want = theirs.numpy()
    assert type(ours) is np.ndarray and ours.dtype == want.dtype == d.dtype, what
    assert ours.shape == want.shape, what
    scale = max(1.0, float(np.max(np.abs(want))))
    err = float(np.max(np.abs(ours.astype(np.float64) - want))) / scale
    tol = d.tolerance(k, grad=True)
    assert err <= tol, f"{what}: error {err:.3g} (relative to {scale:.3g}) > {tol:.3g}, k {k:.3g}"


small = st.integers(1, 5)


@SETTINGS
@given(
    d=draws(),
    n=st.integers(2, 5),
    c=st.integers(1, 4),
    hw=st.tuples(small, small),
    rank=st.sampled_from([2, 3, 4]),
    momentum=st.sampled_from([0.1, 0.5, 1.0]),
)
def test_batchnorm_sequence(d: Draw, n: int, c: int, hw: tuple, rank: int, momentum: float):
    shape = {2: (n, c), 3: (n, c, hw[0]), 4: (n, c, *hw)}[rank]
    ours = (solutions.BatchNorm2D if rank == 4 else solutions.BatchNorm1D)(c, momentum=momentum, eps=d.eps)
    theirs = (torch.nn.BatchNorm2d if rank == 4 else torch.nn.BatchNorm1d)(c, momentum=momentum, eps=d.eps).to(
        TORCH_DTYPES[d.dtype]
    )
    rng = d.rng()
    gamma, beta = d.affine(rng, c)
    ours.gamma, ours.beta = gamma, beta
    with torch.no_grad():
        theirs.weight.copy_(tt(gamma))
        theirs.bias.copy_(tt(beta))
        k = 1.0
        for step in range(3):
            if step == 2:
                ours.training = False
                theirs.eval()
            x = d.x(rng, shape)
            k = max(k, conditioning(x, (0, *range(2, x.ndim)), d.eps))
            assert_close(ours.forward(x), theirs(tt(x)), d, f"output, step {step}", k)
            mean, var = (np.asarray(v, d.dtype) for v in (ours.running_mean, ours.running_var))
            assert_close(mean, theirs.running_mean, d, "running_mean", k)
            assert_close(var, theirs.running_var, d, "running_var", k)


@SETTINGS
@given(
    d=draws(),
    lead=st.lists(small, min_size=1, max_size=2),
    normalized=st.lists(st.integers(2, 6), min_size=1, max_size=2),
)
def test_layernorm(d: Draw, lead: list[int], normalized: list[int]) -> None:
    rng = d.rng()
    x = d.x(rng, (*lead, *normalized))
    gamma, beta = d.affine(rng, tuple(normalized))
    layer = solutions.LayerNorm(tuple(normalized), eps=d.eps)
    layer.gamma, layer.beta = gamma, beta
    expected = F.layer_norm(tt(x), tuple(normalized), tt(gamma), tt(beta), d.eps)
    k = conditioning(x, tuple(range(len(lead), x.ndim)), d.eps)
    assert_close(layer.forward(x), expected, d, k=k)


@SETTINGS
@given(
    d=draws(),
    n=st.integers(1, 4),
    groups=st.integers(1, 3),
    per_group=st.integers(1, 3),
    spatial=st.lists(small, min_size=0, max_size=2),
)
def test_groupnorm(d: Draw, n: int, groups: int, per_group: int, spatial: list[int]) -> None:
    c = groups * per_group
    shape = (n, c, *spatial)
    if n * per_group * int(np.prod(spatial)) <= 1:
        return  # PyTorch refuses this shape; test_groupnorm_refuses_like_torch covers it
    rng = d.rng()
    x = d.x(rng, shape)
    gamma, beta = d.affine(rng, c)
    layer = solutions.GroupNorm(groups, c, eps=d.eps)
    layer.gamma, layer.beta = gamma, beta
    expected = F.group_norm(tt(x), groups, tt(gamma), tt(beta), d.eps)
    k = conditioning(x.reshape(n, groups, -1), (2,), d.eps)
    assert_close(layer.forward(x), expected, d, k=k)


def test_groupnorm_refuses_like_torch() -> None:
    x = np.ones((1, 2, 1))
    with pytest.raises(ValueError, match="more than 1 value"):
        F.group_norm(tt(x), 2)
    with pytest.raises(ValueError, match="more than 1 value"):
        solutions.GroupNorm(2, 2).forward(x)


@SETTINGS
@given(d=draws(), n=st.integers(1, 4), c=st.integers(1, 4), hw=st.tuples(small, small))
def test_instancenorm(d: Draw, n: int, c: int, hw: tuple[int, int]) -> None:
    if hw[0] * hw[1] == 1:
        hw = (hw[0], 2)
    rng = d.rng()
    x = d.x(rng, (n, c, *hw))
    gamma, beta = d.affine(rng, c)
    layer = solutions.InstanceNorm2D(c, eps=d.eps)
    layer.gamma, layer.beta = gamma, beta
    module = torch.nn.InstanceNorm2d(c, eps=d.eps, affine=True).to(TORCH_DTYPES[d.dtype])
    with torch.no_grad():
        module.weight.copy_(tt(gamma))
        module.bias.copy_(tt(beta))
        assert_close(layer.forward(x), module(tt(x)), d, k=conditioning(x, (2, 3), d.eps))


@SETTINGS
@given(d=draws(), lead=st.lists(small, min_size=1, max_size=2), dim=st.integers(1, 12))
def test_rmsnorm(d: Draw, lead: list[int], dim: int) -> None:
    rng = d.rng()
    x = d.x(rng, (*lead, dim))
    gamma, _ = d.affine(rng, dim)
    layer = solutions.RMSNorm(dim, eps=d.eps)
    layer.gamma = gamma
    module = torch.nn.RMSNorm(dim, eps=d.eps).to(TORCH_DTYPES[d.dtype])
    with torch.no_grad():
        module.weight.copy_(tt(gamma))
        assert_close(layer.forward(x), module(tt(x)), d)


@SETTINGS
@given(
    d=draws(),
    n=st.integers(1, 3),
    c=st.integers(1, 3),
    hw=st.tuples(st.integers(2, 5), small),
    style_hw=st.tuples(st.integers(2, 5), small),
)
def test_adain(d: Draw, n: int, c: int, hw: tuple, style_hw: tuple) -> None:
    rng = d.rng()
    content, style = d.x(rng, (n, c, *hw)), rng.normal(-2, 3, (n, c, *style_hw)).astype(d.dtype)

    def stats(v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        var, mean = torch.var_mean(v, dim=(2, 3), unbiased=False, keepdim=True)
        return mean, torch.sqrt(var + d.eps)

    (mu_c, sd_c), (mu_s, sd_s) = stats(tt(content)), stats(tt(style))
    expected = sd_s * (tt(content) - mu_c) / sd_c + mu_s
    k = conditioning(content, (2, 3), d.eps) * conditioning(style, (2, 3), d.eps)
    assert_close(solutions.adain(content, style, eps=d.eps), expected, d, k=k)


@SETTINGS
@given(
    d=draws(),
    c_out=st.integers(1, 4),
    c_in=st.integers(1, 3),
    k=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    bias=st.booleans(),
)
def test_fold_bn_into_conv(d: Draw, c_out: int, c_in: int, k: tuple, bias: bool) -> None:
    rng = d.rng()
    w = rng.normal(size=(c_out, c_in, *k)).astype(d.dtype)
    b = rng.normal(size=c_out).astype(d.dtype) if bias else None
    gamma, beta = d.affine(rng, c_out)
    mean = rng.normal(size=c_out).astype(d.dtype)
    var = rng.uniform(0.1, 3.0, size=c_out).astype(d.dtype)
    x = rng.normal(size=(2, c_in, 5, 4)).astype(d.dtype)
    w2, b2 = solutions.fold_bn_into_conv(w, b, gamma, beta, mean, var, eps=d.eps)
    assert b2.shape == (c_out,)
    conv = F.conv2d(tt(x), tt(w), None if b is None else tt(b))
    bn_after_conv = F.batch_norm(conv, tt(mean), tt(var), tt(gamma), tt(beta), training=False, eps=d.eps)
    folded = F.conv2d(tt(x), tt(w2), tt(b2))
    assert_close(folded.numpy(), bn_after_conv, d)


@SETTINGS
@given(
    d=draws(),
    n=st.integers(2, 5),
    c=st.integers(1, 4),
    hw=st.tuples(small, small),
    kind=st.sampled_from(["bn", "bn2d", "ln", "gn"]),
    groups=st.sampled_from([1, 2]),
)
def test_backward_matches_autograd(d: Draw, n: int, c: int, hw: tuple, kind: str, groups: int):
    rng = d.rng()
    if kind == "gn":
        c = c * groups
    shape = (n, c, *hw) if kind in ("bn2d", "gn") else (n, c)
    x, dout = d.x(rng, shape), rng.normal(size=shape).astype(d.dtype)
    features = c if kind != "ln" else shape[-1]
    gamma, beta = d.affine(rng, features)
    xt, gt, bt = tt(x, True), tt(gamma, True), tt(beta, True)
    if kind == "ln":
        y = F.layer_norm(xt, (features,), gt, bt, d.eps)
        ours = solutions.layernorm_backward(dout, x, gamma, eps=d.eps)
    elif kind == "gn":
        y = F.group_norm(xt, groups, gt, bt, d.eps)
        ours = solutions.groupnorm_backward(dout, x, groups, gamma, eps=d.eps)
    else:
        y = F.batch_norm(xt, None, None, gt, bt, training=True, eps=d.eps)
        fn = solutions.batchnorm_backward if kind == "bn" else solutions.batchnorm2d_backward
        ours = fn(dout, x, gamma, eps=d.eps)
    y.backward(tt(dout))
    if kind == "ln":
        k = conditioning(x, (1,), d.eps)
    elif kind == "gn":
        k = conditioning(x.reshape(n, groups, -1), (2,), d.eps)
    else:
        k = conditioning(x, (0, *range(2, x.ndim)), d.eps)
    for name, mine, grad in zip(("dx", "dgamma", "dbeta"), ours, (xt.grad, gt.grad, bt.grad), strict=True):
        assert_grad_close(mine, grad, d, name, k)


@SETTINGS
@given(
    d=draws(),
    lead=st.lists(small, min_size=0, max_size=2),
    dim=st.integers(1, 12),
    alpha=st.sampled_from([0.05, 0.5, 2.0]),
    scale=st.sampled_from([1e-6, 1.0, 1e3]),
)
def test_dyt(d: Draw, lead: list[int], dim: int, alpha: float, scale: float) -> None:
    """The DynamicTanh reference's forward (channels last), written in torch ops."""
    rng = d.rng()
    x = (d.x(rng, (*lead, dim)) * scale).astype(d.dtype)
    gamma, beta = d.affine(rng, dim)
    layer = solutions.DyT(dim, alpha_init=alpha)
    layer.gamma, layer.beta = gamma, beta
    alpha_t = torch.full((1,), alpha, dtype=TORCH_DTYPES[d.dtype])
    expected = torch.tanh(alpha_t * tt(x)) * tt(gamma) + tt(beta)
    assert_close(layer.forward(x), expected, d)


@SETTINGS
@given(d=draws(), lead=st.lists(small, min_size=1, max_size=2), dim=st.integers(1, 10))
def test_rmsnorm_backward_matches_autograd(d: Draw, lead: list[int], dim: int) -> None:
    rng = d.rng()
    x, dout = d.x(rng, (*lead, dim)), rng.normal(size=(*lead, dim)).astype(d.dtype)
    gamma, _ = d.affine(rng, dim)
    xt, gt = tt(x, True), tt(gamma, True)
    F.rms_norm(xt, (dim,), gt, d.eps).backward(tt(dout))
    dx, dgamma = solutions.rmsnorm_backward(dout, x, gamma, eps=d.eps)
    # No centring: the conditioning is max|x| / rms(x), the spread about zero.
    wide = x.astype(np.float64)
    k = float(np.max(np.abs(wide).max(-1) / np.sqrt((wide**2).mean(-1) + d.eps)))
    assert_grad_close(dx, xt.grad, d, "dx", k)
    assert_grad_close(dgamma, gt.grad, d, "dgamma", k)


@SETTINGS
@given(
    d=draws(),
    sizes=st.lists(st.integers(1, 30), min_size=1, max_size=6),
    c=st.integers(1, 4),
    spacing=st.sampled_from([0.0, 1.0, 1e3]),
)
def test_merge_moments_matches_var_mean_of_all_samples(d: Draw, sizes: list[int], c: int, spacing: float) -> None:
    """SyncBatchNorm's merged statistics are the biased moments of every device's samples."""
    rng = d.rng()
    parts = [d.x(rng, (n, c)) + d.dtype.type(k * spacing) for k, n in enumerate(sizes)]
    means = np.stack([torch.mean(tt(p), dim=0).numpy() for p in parts])
    variances = np.stack([torch.var(tt(p), dim=0, unbiased=False).numpy() for p in parts])
    mean, var = solutions.merge_moments(np.array(sizes), means, variances)
    want_var, want_mean = torch.var_mean(tt(np.concatenate(parts)), dim=0, unbiased=False)
    # Both sides round each sample once; scale by the offset over the spread, as elsewhere.
    wide = np.concatenate(parts).astype(np.float64)
    k = float(np.max(np.abs(wide).max(0) / np.sqrt(wide.var(0) + 1e-300)))
    assert_close(mean, want_mean, d, "mean", k)
    assert_close(var, want_var, d, "var", k * k)
