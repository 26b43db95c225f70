"""Comparison: type, shape, dtype and finiteness before any tolerance; messages that teach."""

from __future__ import annotations

import numpy as np
import pytest

from quizapp.grading.compare import Foreign, check, matches
from quizapp.grading.npyfile import Header


class Tol:
    atol = 1e-6
    rtol = 1e-6


EXP = np.linspace(-1.0, 1.0, 12).reshape(3, 4)
F64 = np.dtype(np.float64)


def test_equal_arrays_pass_and_tolerance_is_per_element():
    assert check("out", EXP.copy(), EXP, Tol, dtype=F64) is None
    assert check("out", EXP + 0.9e-6, EXP, Tol, dtype=F64) is None
    message = check("step 2 forward (train): output", EXP + np.where(EXP > 0.5, 1e-3, 0), EXP, Tol, dtype=F64)
    assert message.startswith("step 2 forward (train): output: wrong at 3 of 12 positions")
    assert "max abs error 0.001 at [2, 1]" in message and "max rel error" in message


@pytest.mark.parametrize(
    ("got", "fragment"),
    [
        (EXP[:1], "shape (1, 4), expected (3, 4) (broadcastable is not enough"),
        (EXP[0], "shape (4,), expected (3, 4) (broadcastable"),
        (EXP.T, "shape (4, 3), expected (3, 4)"),
        (np.zeros((3, 4), dtype=np.int64), "dtype int64, expected float64"),
        (EXP.astype(np.float32), "dtype float32, expected float64 (the input's dtype)"),
        (EXP.tolist(), "expected a numpy.ndarray of shape (3, 4), got list"),
        (np.float64(1.0), "got float64"),
        (None, "got NoneType"),
        (np.ma.masked_array(EXP), "must be exactly numpy.ndarray, got the subclass MaskedArray"),
        (Foreign("subclass", "matrix"), "must be exactly numpy.ndarray, got the subclass matrix"),
        (Foreign("other", "tuple"), "got tuple"),
        (Foreign("bad_dtype", "object"), "dtype object cannot be compared"),
        (Foreign("missing"), "no value was produced"),
        (Header((2, 2), F64, False, 128), "shape (2, 2), expected (3, 4)"),
    ],
)
def test_wrong_kinds_of_value_are_rejected_by_name(got, fragment):
    message = check("output", got, EXP, Tol, dtype=F64)
    assert message is not None and message.startswith("output: ") and fragment in message


def test_nan_and_inf_are_reported_with_the_first_position():
    got = EXP.copy()
    got[1, 2] = np.nan
    got[2, 3] = np.inf
    assert check("output", got, EXP, Tol, dtype=F64) == "output: 2 non-finite values (NaN or inf), first at [1, 2]"


def test_attributes_accept_any_float_dtype_but_not_ints():
    rv = np.array([1.0, 2.0, 3.0])
    assert check("running_var after step 2", rv.astype(np.float32), rv, Tol, dtype=None) is None
    message = check("running_var after step 2", np.array([1, 2, 3]), rv, Tol, dtype=None)
    assert message == "running_var after step 2: dtype int64, expected a float dtype"


def test_float32_tolerance_applies_after_comparing_in_float64():
    class Loose:
        atol = 1e-4
        rtol = 1e-4

    got = (EXP + 5e-5).astype(np.float32)
    assert check("out", got, EXP.astype(np.float32), Loose, dtype=np.dtype(np.float32)) is None


def test_matches_is_for_variants_only_and_refuses_wrong_shapes():
    assert matches(EXP + 1e-7, EXP, Tol)
    assert not matches(EXP[:1], EXP, Tol)
    assert not matches(EXP.tolist(), EXP, Tol)
