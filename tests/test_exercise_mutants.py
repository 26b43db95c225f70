"""The exercises added in the second edition: every mutant is rejected for its own reason.

For each file in tests/mutants/<id>/ the expected outcome is named here: the hint of
the variant that describes it (the user sees that mistake named), or, for a mistake
no value comparison can name (a NaN, a float64 output, a modified input, a scalar
where an array belongs), the fragment of the message that says what went wrong. Every
file in tests/accepted/<id>/ is accepted. All through the real child process, with a
fixed seed.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from quizapp.content import load_catalog
from quizapp.grading.engine import grade

TESTS = Path(__file__).resolve().parent
SEED = 11

# exercise id -> mutant file -> ("hint", variant id) | ("message", fragment of the first failing case's
# message), both a wrong_answer | ("runtime_error", fragment): the mistake raises before any value exists.
EXPECTED: dict[str, dict[str, tuple[str, str]]] = {
    "dyt-forward": {
        "alpha_outside_tanh.py": ("hint", "alpha-outside-tanh"),
        "beta_inside_tanh.py": ("hint", "beta-inside-tanh"),
        "alpha_init_ignored.py": ("hint", "alpha-init-ignored"),
        "default_alpha_one.py": ("hint", "default-alpha-one"),
        "normalises_first.py": ("hint", "normalises-first"),
        "channels_first_affine.py": ("runtime_error", "could not be broadcast"),
        "hard_tanh.py": ("hint", "hard-tanh"),
        "exp_overflow.py": ("message", "non-finite"),
        "float64_output.py": ("message", "dtype float64, expected float32"),
        "scalar_alpha.py": ("message", "expected a numpy.ndarray of shape (1,), got float"),
        "input_modified.py": ("message", "the input array 'x' was modified"),
    },
    "rmsnorm-backward": {
        "rms_as_constant.py": ("hint", "rms-as-constant"),
        "layernorm_mean_term.py": ("hint", "layernorm-mean-term"),
        "eps_dropped_in_derivative.py": ("hint", "eps-dropped-in-derivative"),
        "sum_instead_of_mean.py": ("hint", "sum-instead-of-mean"),
        "dgamma_uses_x.py": ("hint", "dgamma-uses-x"),
        "dgamma_wrong_axis.py": ("message", "dgamma: shape (2,), expected (4,)"),
        "dx_forgets_gamma.py": ("hint", "dx-forgets-gamma"),
        "default_eps_1e5.py": ("hint", "default-eps-1e5"),
        "eps_outside_sqrt.py": ("hint", "eps-outside-sqrt"),
        "float64_outputs.py": ("message", "dtype float64, expected float32"),
        "returns_dbeta.py": ("message", "expected a tuple of 2 arrays (dx, dgamma)"),
        "dout_scaled_in_place.py": ("message", "the input array 'dout' was modified"),
    },
    "groupnorm-backward": {
        "per_channel_statistics.py": ("hint", "per-channel-statistics"),
        "one_group.py": ("hint", "one-group"),
        "groups_interleaved.py": ("hint", "groups-interleaved"),
        "batch_in_statistics.py": ("hint", "batch-in-statistics"),
        "stats_as_constants.py": ("hint", "stats-as-constants"),
        "no_variance_path.py": ("hint", "no-variance-path"),
        "dgamma_uses_x.py": ("hint", "dgamma-uses-x"),
        "dx_forgets_gamma.py": ("hint", "dx-forgets-gamma"),
        "eps_outside_sqrt.py": ("hint", "eps-outside-sqrt"),
        "dgamma_batch_axis_only.py": ("message", "dgamma: shape (4, 3), expected (4,)"),
        "float64_outputs.py": ("message", "dx: dtype float64, expected float32"),
        "dout_scaled_in_place.py": ("message", "the input array 'dout' was modified"),
    },
    "syncbn-merge": {
        "ignores_counts.py": ("hint", "ignores-counts"),
        "no_between_device_term.py": ("hint", "no-between-device-term"),
        "raw_second_moment.py": ("hint", "raw-second-moment"),
        "unbiased_variance.py": ("hint", "unbiased-variance"),
        "between_term_unweighted.py": ("hint", "between-term-unweighted"),
        "chan_delta_weight.py": ("hint", "chan-delta-weight"),
        "returns_std.py": ("hint", "returns-std"),
        "float64_outputs.py": ("message", "mean: dtype float64, expected float32"),
        "means_modified.py": ("message", "the input array 'means' was modified"),
        "integer_weights.py": ("message", "var: wrong at"),
    },
}
IDS = sorted(EXPECTED)


def _jobs() -> list[tuple[str, str, str]]:
    jobs = []
    for ex_id in IDS:
        for path in sorted((TESTS / "mutants" / ex_id).glob("*.py")):
            jobs.append((ex_id, "mutant", path.name))
        for path in sorted((TESTS / "accepted" / ex_id).glob("*.py")):
            jobs.append((ex_id, "accepted", path.name))
    return jobs


@pytest.fixture(scope="module")
def reports():
    catalog = load_catalog()

    def run(job: tuple[str, str, str]):
        ex_id, kind, name = job
        source = (TESTS / ("mutants" if kind == "mutant" else "accepted") / ex_id / name).read_text(encoding="utf-8")
        return grade(catalog.exercise(ex_id), source, seed=SEED, filename=name)

    jobs = _jobs()
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(jobs, pool.map(run, jobs), strict=True))


@pytest.mark.parametrize("ex_id", IDS)
def test_every_mutant_has_an_expectation(ex_id):
    files = {p.name for p in (TESTS / "mutants" / ex_id).glob("*.py")}
    assert files == set(EXPECTED[ex_id])
    assert len(files) >= 8
    assert len(list((TESTS / "accepted" / ex_id).glob("*.py"))) >= 3
    variants = {v.id for v in load_catalog().exercise(ex_id).cases.variants}
    assert len(variants) >= 4
    named = {want for how, want in EXPECTED[ex_id].values() if how == "hint"}
    assert named <= variants


@pytest.mark.parametrize(("ex_id", "kind", "name"), _jobs())
def test_mutants_rejected_for_their_reason_alternatives_accepted(reports, ex_id, kind, name):
    report = reports[(ex_id, kind, name)]
    if kind == "accepted":
        assert report.accepted, [(c.name, c.message) for c in report.cases if c.verdict != "accepted"][:1]
        return
    how, want = EXPECTED[ex_id][name]
    assert report.verdict == ("runtime_error" if how == "runtime_error" else "wrong_answer"), report.verdict
    first = next(c for c in report.cases if c.verdict != "accepted")
    if how == "hint":
        assert first.hint is not None and first.hint["id"] == want, first.message
        assert first.hint["zh"].strip() and report.hint == first.hint  # one run, one hint
    else:
        assert want in first.message, first.message
