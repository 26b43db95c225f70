"""Judge one observed value against the expected one, strictly and in this order.

Type, shape, dtype and finiteness come before any tolerance: `np.allclose` would
broadcast a (1,) array against (5,) and treat ints like floats. Messages name the
observable and where it went wrong, never the hidden values themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

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


def _type_problem(label: str, got: Any, shape: tuple[int, ...]) -> str | None:
    wanted = f"a numpy.ndarray of shape {shape}"
    if isinstance(got, Foreign):
        if got.kind == "subclass":
            return f"{label}: must be exactly numpy.ndarray, got the subclass {got.type}"
        if got.kind == "other":
            return f"{label}: expected {wanted}, got {got.type}"
        if got.kind == "bad_dtype":
            return f"{label}: dtype {got.type} cannot be compared (expected {wanted} of floats)"
        if got.kind == "missing":
            return f"{label}: no value was produced"
        return f"{label}: the value could not be read back ({got.detail or got.kind})"
    if isinstance(got, Header | np.ndarray):
        if isinstance(got, np.ndarray) and type(got) is not np.ndarray:
            return f"{label}: must be exactly numpy.ndarray, got the subclass {type(got).__qualname__}"
        return None
    return f"{label}: expected {wanted}, got {type(got).__qualname__}"


def check(
    label: str, got: Any, expected: np.ndarray, tol: Tolerance, *, dtype: np.dtype | None, slack: float = 0.0
) -> str | None:
    """None if `got` passes; else the reason, starting with `label`.

    `dtype` is the exact dtype an output must have (the input's); None means any float
    dtype will do (attributes read back are compared by value). `slack` is the case's
    conditioning term (bound.rounding_slack), added to the dtype's atol.
    """
    problem = _type_problem(label, got, expected.shape)
    if problem:
        return problem
    if got.shape != expected.shape:
        note = ""
        try:
            np.broadcast_shapes(got.shape, expected.shape)
            note = " (broadcastable is not enough: the shape must match exactly)"
        except ValueError:
            pass
        return f"{label}: shape {tuple(got.shape)}, expected {tuple(expected.shape)}{note}"
    if dtype is not None and got.dtype != dtype:
        hint = " (the input's dtype)" if dtype.kind == "f" else ""
        return f"{label}: dtype {got.dtype}, expected {dtype}{hint}"
    if dtype is None and got.dtype.kind != "f":
        return f"{label}: dtype {got.dtype}, expected a float dtype"
    if isinstance(got, Header):  # pragma: no cover - a Header only comes back on a shape mismatch
        return f"{label}: the value could not be read back"
    return _value_problem(
        label, np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64), tol, slack
    )


def _value_problem(label: str, got: np.ndarray, exp: np.ndarray, tol: Tolerance, slack: float) -> str | None:
    got_finite, exp_finite = np.isfinite(got), np.isfinite(exp)
    bad_finite = got_finite != exp_finite
    if bad_finite.any():
        count = int(bad_finite.sum())
        first = _where(np.unravel_index(int(np.argmax(bad_finite)), got.shape))
        return f"{label}: {count} non-finite value{'s' * (count > 1)} (NaN or inf), first at {first}"
    mismatched_specials = exp_finite == False  # noqa: E712 - elementwise
    if mismatched_specials.any() and not np.array_equal(got[mismatched_specials], exp[mismatched_specials]):
        return f"{label}: wrong infinities"
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
    return (
        f"{label}: wrong at {int(bad.sum())} of {bad.size} positions; "
        f"max abs error {float(err[at]):.3g} at {_where(at)}, max rel error {float(np.max(rel)):.3g} "
        f"(tolerance: atol {tol.atol:g} + rtol {tol.rtol:g} * |expected|"
        + (f" + {slack:.2g} for this case's rounding" if slack else "")
        + ")"
    )


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
