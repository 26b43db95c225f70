"""Judge one observed value against the expected one, strictly and in this order.

Type, shape, dtype and finiteness come before any tolerance: `np.allclose` would
broadcast a (1,) array against (5,) and treat ints like floats. Messages name the
observable and where it went wrong, never the hidden values themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from quizapp.grading.messages import Text, text
from quizapp.grading.npyfile import Header


class Tolerance(Protocol):
    atol: float
    rtol: float


@dataclass(frozen=True)
class Foreign:
    """A value that could not travel as an array, as the child described it."""

    kind: str  # other | subclass | bad_dtype | unsaved | missing | bad_file
    type: str = ""
    detail: str = ""


def _where(index: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(int(i)) for i in index) + "]"


def _type_problem(label: str, got: Any, shape: tuple[int, ...]) -> Text | None:
    if isinstance(got, Foreign):
        if got.kind == "subclass":
            return text("subclass", label=label, type=got.type)
        if got.kind == "other":
            return text("not_array", label=label, shape=shape, type=got.type)
        if got.kind == "bad_dtype":
            return text("bad_dtype", label=label, type=got.type, shape=shape)
        if got.kind == "missing":
            return text("missing", label=label)
        return text("unreadable", label=label, detail=got.detail or got.kind)
    if isinstance(got, Header | np.ndarray):
        if isinstance(got, np.ndarray) and type(got) is not np.ndarray:
            return text("subclass", label=label, type=type(got).__qualname__)
        return None
    return text("not_array", label=label, shape=shape, type=type(got).__qualname__)


def check(
    label: str, got: Any, expected: np.ndarray, tol: Tolerance, *, dtype: np.dtype | None, slack: float = 0.0
) -> Text | None:
    """None if `got` passes; else the reason (both languages), starting with `label`.

    `dtype` is the exact dtype an output must have (the input's); None means any float
    dtype will do (attributes read back are compared by value). `slack` is the case's
    conditioning term (bound.rounding_slack), added to the dtype's atol.
    """
    problem = _type_problem(label, got, expected.shape)
    if problem:
        return problem
    if got.shape != expected.shape:
        try:
            np.broadcast_shapes(got.shape, expected.shape)
            key = "shape_broadcast"
        except ValueError:
            key = "shape"
        return text(key, label=label, got=tuple(got.shape), want=tuple(expected.shape))
    if dtype is not None and got.dtype != dtype:
        return text("dtype_input" if dtype.kind == "f" else "dtype", label=label, got=got.dtype, want=dtype)
    if dtype is None and got.dtype.kind != "f":
        return text("dtype_float", label=label, got=got.dtype)
    if isinstance(got, Header):  # pragma: no cover - a Header only comes back on a shape mismatch
        return text("unreadable", label=label, detail="header")
    return _value_problem(
        label, np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64), tol, slack
    )


def _value_problem(label: str, got: np.ndarray, exp: np.ndarray, tol: Tolerance, slack: float) -> Text | None:
    got_finite, exp_finite = np.isfinite(got), np.isfinite(exp)
    bad_finite = got_finite != exp_finite
    if bad_finite.any():
        count = int(bad_finite.sum())
        first = _where(np.unravel_index(int(np.argmax(bad_finite)), got.shape))
        return text("nonfinite_one" if count == 1 else "nonfinite_many", label=label, count=count, first=first)
    mismatched_specials = exp_finite == False  # noqa: E712 - elementwise
    if mismatched_specials.any() and not np.array_equal(got[mismatched_specials], exp[mismatched_specials]):
        return text("infinities", label=label)
    if got.size == 0:
        return None
    g, e = np.where(exp_finite, got, 0.0), np.where(exp_finite, exp, 0.0)
    err = np.abs(g - e)
    bad = err > within(e, tol, slack)
    if not bad.any():
        return None
    at = np.unravel_index(int(np.argmax(err)), err.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(np.abs(e) > 0, err / np.abs(e), np.inf)
    return text(
        "values", label=label, bad=int(bad.sum()), size=bad.size, abs=f"{float(err[at]):.3g}", at=_where(at),
        rel=f"{float(np.max(rel)):.3g}", atol=f"{tol.atol:g}", rtol=f"{tol.rtol:g}",
        # The rounding term is named where it matters, not as noise of 1e-16.
        extra=text("rounding_extra", slack=f"{slack:.2g}") if slack >= tol.atol / 10 else "",
    )  # fmt: skip


def within(expected: np.ndarray, tol: Tolerance, slack: float = 0.0) -> np.ndarray:
    """The largest accepted |got - expected|, element by element (README: how close is close enough)."""
    return tol.atol + slack + tol.rtol * np.abs(expected)


def matches(got: Any, expected: np.ndarray, tol: Tolerance, slack: float = 0.0) -> bool:
    """Whether `got` equals `expected` within the same bound a submission is judged by.

    Used both ways by the diagnosis: a variant reproduces the submission's value, and a
    variant differs from the reference. Non-finite values match only where both are the
    same non-finite value.
    """
    if not isinstance(got, np.ndarray) or got.shape != expected.shape or got.dtype.kind not in "fi":
        return False
    g, e = np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    gf, ef = np.isfinite(g), np.isfinite(e)
    if not np.array_equal(gf, ef) or not np.array_equal(g[~gf], e[~ef]):
        return False
    g, e = np.where(ef, g, 0.0), np.where(ef, e, 0.0)
    return bool(np.all(np.abs(g - e) <= within(e, tol, slack)))
