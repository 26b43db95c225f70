"""Strict diagnosis: a hint only for a mistake that is there, one per run, none as a guess."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.content import load_exercise
from quizapp.grading.engine import grade

MUTANTS = Path(__file__).resolve().parent / "mutants"

UNKNOWN_BUG = """
import numpy as np


class BatchNorm1D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum, self.eps, self.training = momentum, eps, True
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def forward(self, x):
        axes = (0,) + tuple(range(2, x.ndim))
        shape = (1, -1) + (1,) * (x.ndim - 2)
        if self.training:
            m = x.size // x.shape[1]
            mean = x.mean(axis=axes)
            var = x.var(axis=axes)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * m / (m - 1)
        else:
            mean, var = self.running_mean, self.running_var
        y = (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + self.eps)
        return (1.01 * self.gamma.reshape(shape) * y + self.beta.reshape(shape)).astype(x.dtype)
"""


@pytest.fixture(scope="module")
def bn1d():
    return load_exercise("bn1d-forward")


def test_a_mistake_no_variant_reproduces_gets_no_hint(bn1d):
    report = grade(bn1d, UNKNOWN_BUG, seed=4)
    assert report.verdict == "wrong_answer"
    assert report.hint is None and all(c.hint is None for c in report.cases)
    assert "hint" not in report.to_text() and "hint" not in report.to_json()


@pytest.mark.parametrize(
    ("mutant", "variant"),
    [
        ("eps_outside_sqrt.py", "eps-outside-sqrt"),  # was named "unbiased variances" on some cases
        ("running_var_biased.py", "running-var-biased"),
        ("one_pass_variance.py", "one-pass-variance"),
        ("running_updated_in_eval.py", "running-updated-in-eval"),
        ("bessel_with_n.py", "bessel-with-n"),
    ],
)
def test_one_hint_per_run_on_exactly_the_cases_it_explains(bn1d, mutant, variant):
    report = grade(bn1d, (MUTANTS / "bn1d-forward" / mutant).read_text(encoding="utf-8"), seed=6)
    assert report.hint is not None and report.hint["id"] == variant
    failing = [c for c in report.cases if c.verdict != "accepted"]
    assert failing and all(c.hint == report.hint for c in failing)
    # A case the mutant passes carries no hint (no "batch statistics in eval" on a
    # case without an eval step, no "never updated" for code that updates them).
    assert all(c.hint is None for c in report.cases if c.verdict == "accepted")


def test_a_variant_that_is_right_where_the_submission_is_wrong_explains_nothing():
    """rmsnorm's default-eps mistake must not be named as eps outside the root (issue 15)."""
    rmsnorm = load_exercise("rmsnorm")
    source = (MUTANTS / "rmsnorm" / "default_eps_1e5.py").read_text(encoding="utf-8")
    for seed in range(3):
        report = grade(rmsnorm, source, seed=seed)
        assert report.hint is not None and report.hint["id"] == "default-eps-1e5"
        assert {c.hint["id"] for c in report.cases if c.hint} == {"default-eps-1e5"}
