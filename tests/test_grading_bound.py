"""The rounding bound (bound.py): correct code in any summation order passes, mistakes still fail."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from quizapp.content import load_catalog
from quizapp.grading.bound import rounding_slack, unit_roundoff
from quizapp.grading.compare import check
from quizapp.grading.engine import _case_slack, expected_for, grade, load_reference, run_target
from quizapp.grading.generate import build_cases

TESTS = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def bn1d():
    exercise = load_catalog().exercise("bn1d-forward")
    return exercise, load_reference(exercise.reference)


def large_offset(exercise, seed):
    return next(c for c in build_cases(exercise.cases, seed) if c.name.startswith("large offset"))


def test_the_reported_seed_accepts_statistics_over_a_moved_axis(bn1d):
    exercise, reference = bn1d
    source = (TESTS / "accepted" / "bn1d-forward" / "moveaxis_reshape_stats.py").read_text(encoding="utf-8")
    report = grade(exercise, source, seed=6, reference=reference)
    assert report.verdict == "accepted", report.to_text()


def fsum_forward(x: np.ndarray) -> np.ndarray:
    """BN1d training output with exactly rounded sums (math.fsum), as issue 15's exact version."""
    flat = np.moveaxis(x, 1, -1).reshape(-1, x.shape[1])
    m = flat.shape[0]
    mean = np.array([math.fsum(col) / m for col in flat.T])
    var = np.array([math.fsum((col - mu) ** 2) / m for col, mu in zip(flat.T, mean, strict=True)])
    shape = (1, -1, 1)
    return (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + 1e-5)


@pytest.mark.parametrize("seed", range(8))
def test_the_bound_covers_other_summation_orders_and_stays_far_below_a_mistake(bn1d, seed):
    exercise, reference = bn1d
    case = large_offset(exercise, seed)
    exp = expected_for(reference, case, exercise.entry.name)
    out = next(o for o in exp.observables if o.label.endswith("output"))
    slack = _case_slack(reference, case, exp, exercise.entry.name)[(out.step, out.slot)]
    x = case.arrays["x"].value()
    # The conditioning term is of the order of |x| / sigma * u (1e4 / 1e-3 * 1.1e-16)...
    u = unit_roundoff("float64")
    assert 1e4 / 1e-3 * u < slack < 1e-6
    # ...covers an exactly rounded implementation and a one-by-one loop...
    tol = exercise.tolerance["float64"]
    assert check(out.label, fsum_forward(x), out.expected, tol, dtype=out.dtype, slack=slack) is None
    # ...and still rejects E[x^2] - E[x]^2, which loses every digit here.
    naive_var = (x**2).mean(axis=(0, 2), keepdims=True) - x.mean(axis=(0, 2), keepdims=True) ** 2
    with np.errstate(invalid="ignore"):
        naive = (x - x.mean(axis=(0, 2), keepdims=True)) / np.sqrt(naive_var + 1e-5)
    assert check(out.label, naive, out.expected, tol, dtype=out.dtype, slack=slack) is not None


def test_inputs_that_do_not_matter_add_nothing(bn1d):
    exercise, reference = bn1d
    case = next(c for c in build_cases(exercise.cases, 1) if c.name == "attributes right after construction")
    exp = expected_for(reference, case, exercise.entry.name)
    expected = {(o.step, o.slot): o.expected for o in exp.observables}
    slack = rounding_slack(case, expected, expected, lambda c: run_target(reference, c, exp.observables))
    assert set(slack.values()) == {0.0}


def test_float32_cases_accept_float32_arithmetic_throughout(bn1d):
    exercise, reference = bn1d
    for seed in range(5):
        cases = [c for c in build_cases(exercise.cases, seed) if c.dtype == "float32"]
        assert cases
        for case in cases:
            exp = expected_for(reference, case, exercise.entry.name)
            seen = run_target(reference, case, exp.observables, upcast=False)  # float32 all the way
            tol = exercise.tolerance["float32"]
            slack = _case_slack(reference, case, exp, exercise.entry.name)
            for o in exp.observables:
                got = seen[(o.step, o.slot)]
                assert check(o.label, got, o.expected, tol, dtype=o.dtype, slack=slack[(o.step, o.slot)]) is None
