"""The exercise catalogue: every CONTRACT section 3 exercise is present and complete.

Structure is checked for every exercise. Grading is kept cheap: the reference is run
in-process against its own cases (no child), and the starter and one mutant are graded
once per exercise through the real child. The full sweep of mutants, variants and
accepted alternatives is `quizapp check`'s job.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from quizapp.content import load_catalog
from quizapp.grading.checks import in_process
from quizapp.grading.engine import grade, load_reference

TESTS = Path(__file__).resolve().parent

# CONTRACT.md section 3: exercise id -> (entry point, kind)
CONTRACT = {
    "bn1d-forward": ("BatchNorm1D", "class"),
    "bn2d-forward": ("BatchNorm2D", "class"),
    "bn2d-fix-the-bugs": ("BatchNorm2D", "class"),
    "bn-backward": ("batchnorm_backward", "function"),
    "layernorm-forward": ("LayerNorm", "class"),
    "layernorm-backward": ("layernorm_backward", "function"),
    "groupnorm-forward": ("GroupNorm", "class"),
    "instancenorm-forward": ("InstanceNorm2D", "class"),
    "adain": ("adain", "function"),
    "rmsnorm": ("RMSNorm", "class"),
    "fold-bn": ("fold_bn_into_conv", "function"),
    "dyt-forward": ("DyT", "class"),
    "rmsnorm-backward": ("rmsnorm_backward", "function"),
    "groupnorm-backward": ("groupnorm_backward", "function"),
    "syncbn-merge": ("merge_moments", "function"),
}
BACKWARD = {"bn-backward", "layernorm-backward", "rmsnorm-backward", "groupnorm-backward"}
NO_BETA = {"rmsnorm-backward"}  # RMSNorm has no beta, so no dbeta
IDS = sorted(CONTRACT)

# One mutant per exercise (tests/mutants/<id>/<file>) and the variant that must name it.
RECOGNISED = {
    "adain": ("roles_swapped.py", "roles-swapped"),
    "bn-backward": ("mean_and_var_as_constants.py", "mean-var-as-constants"),
    "bn1d-forward": ("momentum_backwards.py", "momentum-reversed"),
    "bn2d-fix-the-bugs": ("running_updated_in_eval.py", "running-updated-in-eval"),
    "bn2d-forward": ("running_never_updated.py", "running-stats-not-updated"),
    "fold-bn": ("forgets_running_mean.py", "forgets-running-mean"),
    "groupnorm-forward": ("groups_interleaved.py", "groups-interleaved"),
    "instancenorm-forward": ("batch_statistics.py", "batch-statistics"),
    "layernorm-backward": ("batchnorm_axes_in_dx.py", "batchnorm-axes-in-dx"),
    "layernorm-forward": ("last_axis_only.py", "last-axis-only"),
    "rmsnorm": ("subtracts_mean.py", "subtracts-mean"),
    "dyt-forward": ("alpha_outside_tanh.py", "alpha-outside-tanh"),
    "rmsnorm-backward": ("layernorm_mean_term.py", "layernorm-mean-term"),
    "groupnorm-backward": ("groups_interleaved.py", "groups-interleaved"),
    "syncbn-merge": ("raw_second_moment.py", "raw-second-moment"),
}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def starter_reports(catalog):
    """One graded run per exercise: its starter, through the real child process."""
    exercises = [catalog.exercise(i) for i in IDS]
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = list(pool.map(lambda e: grade(e, e.starter, seed=7, filename="starter.py"), exercises))
    return dict(zip(IDS, reports, strict=True))


@pytest.fixture(scope="module")
def mutant_reports(catalog):
    """One graded run per exercise: the mutant of RECOGNISED, through the real child process."""

    def run(ex_id):
        name = RECOGNISED[ex_id][0]
        source = (TESTS / "mutants" / ex_id / name).read_text(encoding="utf-8")
        return grade(catalog.exercise(ex_id), source, seed=7, filename=name)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(IDS, pool.map(run, IDS), strict=True))


def texts(exercise):
    yield "title", exercise.title
    yield "prompt", exercise.prompt
    yield "explanation", exercise.explanation
    for i, hint in enumerate(exercise.hints):
        yield f"hint {i + 1}", hint


def test_catalogue_has_exactly_the_contract_exercises(catalog):
    assert sorted(e.id for e in catalog.exercises) == IDS


@pytest.mark.parametrize("ex_id", IDS)
def test_entry_point_and_reference_match_the_contract(catalog, ex_id):
    exercise = catalog.exercise(ex_id)
    name, kind = CONTRACT[ex_id]
    assert (exercise.entry.name, exercise.entry.kind) == (name, kind)
    assert exercise.reference == name
    assert callable(load_reference(exercise.reference))
    assert f"{'class' if kind == 'class' else 'def'} {name}" in exercise.starter


@pytest.mark.parametrize("ex_id", IDS)
def test_every_text_in_both_languages(catalog, ex_id):
    exercise = catalog.exercise(ex_id)
    assert set(exercise.languages) == {"zh", "en"}
    for where, text in texts(exercise):
        for lang in ("zh", "en"):
            assert text.has(lang) and text.get(lang).strip(), f"{ex_id}: {where} lacks {lang}"
    # The zh text really is Chinese, the en text is not.
    assert any("\u4e00" <= ch <= "\u9fff" for ch in exercise.prompt.get("zh"))
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in exercise.prompt.get("en"))
    assert "$" not in exercise.prompt.get("en")  # Unicode math, no LaTeX


@pytest.mark.parametrize("ex_id", IDS)
def test_hints_time_limit_tolerances(catalog, ex_id):
    exercise = catalog.exercise(ex_id)
    assert len(exercise.hints) == 3  # a ladder: a nudge, the details, nearly the answer
    assert 5 <= exercise.time_limit_minutes <= 30
    if ex_id in BACKWARD:
        assert exercise.time_limit_minutes >= 20
    assert set(exercise.tolerance) == {"float32", "float64"}
    f32, f64 = exercise.tolerance["float32"], exercise.tolerance["float64"]
    assert 0 < f64.atol < f32.atol and 0 < f64.rtol <= f32.rtol
    assert f32.rtol <= 1e-3 and f32.atol <= 1e-3


@pytest.mark.parametrize("ex_id", IDS)
def test_cases_samples_hidden_random(catalog, ex_id):
    cases = catalog.exercise(ex_id).cases
    assert len(cases.samples) >= 2
    assert len(cases.hidden) >= 8
    assert sum(spec.count for spec in cases.random) >= 2
    specs = cases.all_specs()
    assert {d for spec in specs for d in spec.dtypes} == {"float32", "float64"}
    calls = [s for spec in specs for s in spec.steps if s.op == "call"]
    if ex_id in BACKWARD:
        want = ("dx", "dgamma") if ex_id in NO_BETA else ("dx", "dgamma", "dbeta")
        assert all(s.outputs == want for s in calls)
    if ex_id == "fold-bn":
        assert all(s.outputs == ("w2", "b2") for s in calls)
        assert any(s.args[1] is None for s in calls), "fold-bn needs b=None cases"
        assert any(s.args[1] is not None for s in calls)


def test_bn1d_covers_both_input_ranks(catalog):
    ranks = {
        len(array.shape) for spec in catalog.exercise("bn1d-forward").cases.all_specs() for _, array in spec.arrays
    }
    assert {2, 3} <= ranks


def test_fix_the_bugs_starter_has_the_source_articles_kinds_of_bugs(catalog):
    starter = catalog.exercise("bn2d-fix-the-bugs").starter
    for bug in (".size(1)", ".numel()", "gamma, beta = 1, 0", "np.zeros(x.size())"):
        assert bug in starter


@pytest.mark.parametrize("ex_id", IDS)
def test_mutant_and_accepted_folders(ex_id):
    mutants = sorted((TESTS / "mutants" / ex_id).glob("*.py"))
    accepted = sorted((TESTS / "accepted" / ex_id).glob("*.py"))
    assert len(mutants) >= 8 and len(accepted) >= 2
    for path in mutants + accepted:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# "), f"{path.name}: first line must name the mistake or style"


@pytest.mark.parametrize("ex_id", IDS)
def test_reference_passes_its_own_cases(catalog, ex_id):
    exercise = catalog.exercise(ex_id)
    reference = load_reference(exercise.reference)
    assert in_process(exercise, reference, reference, seed=7) == []


@pytest.mark.parametrize("ex_id", IDS)
def test_starter_is_rejected(starter_reports, ex_id):
    report = starter_reports[ex_id]
    assert not report.accepted
    assert report.verdict not in ("judge_error", "syntax_error", "interface_error")


@pytest.mark.parametrize("ex_id", IDS)
def test_every_exercise_names_at_least_three_mistakes(catalog, ex_id):
    variants = catalog.exercise(ex_id).cases.variants
    assert len(variants) >= 3
    assert len({v.id for v in variants}) == len(variants)
    for v in variants:
        assert v.hint.get("en", "").strip() and v.hint.get("zh", "").strip(), f"{ex_id}/{v.id}: hint in en and zh"
        assert any("\u4e00" <= ch <= "\u9fff" for ch in v.hint["zh"])
        assert f"class {CONTRACT[ex_id][0]}" in v.source or f"def {CONTRACT[ex_id][0]}" in v.source


@pytest.mark.parametrize("ex_id", IDS)
def test_a_known_mistake_is_named_in_the_report(catalog, mutant_reports, ex_id):
    _, variant_id = RECOGNISED[ex_id]
    assert variant_id in {v.id for v in catalog.exercise(ex_id).cases.variants}
    report = mutant_reports[ex_id]
    assert report.verdict == "wrong_answer"
    # The first failing case is the one the user sees first: it must carry the hint.
    first = next(c for c in report.cases if c.verdict != "accepted")
    assert first.hint is not None and first.hint["id"] == variant_id, first.message
    assert first.hint["zh"] and "hint" not in first.message
    # One run, one hint, printed once in the text report.
    assert report.hint == first.hint
    assert report.to_text().count(first.hint["en"]) == 1
    assert all(c.hint in (None, first.hint) for c in report.cases)
