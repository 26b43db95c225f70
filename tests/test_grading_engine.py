"""End to end through the real child process: verdicts, messages, limits, hints.

Grading spawns a process per run, so the runs are made once per module, two at a time,
and several tests read the same reports.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from quizapp.content import load_catalog
from quizapp.grading.casespec import Limits, parse_cases
from quizapp.grading.checks import check_exercises
from quizapp.grading.engine import grade, observables, run_target
from quizapp.grading.generate import build_cases
from quizapp.grading.report import VERDICTS

TESTS = Path(__file__).resolve().parent
CORRECT = (TESTS / "accepted" / "bn2d-forward" / "keepdims.py").read_text(encoding="utf-8")
MUTANTS = TESTS / "mutants" / "bn2d-forward"

SOURCES = {
    "correct": CORRECT,
    "eps": (MUTANTS / "eps_outside_sqrt.py").read_text(encoding="utf-8"),
    "modifies": (MUTANTS / "modifies_input.py").read_text(encoding="utf-8"),
    "list": (MUTANTS / "returns_list.py").read_text(encoding="utf-8"),
    "syntax": "import numpy as np\n\nclass BatchNorm2D:\n    def __init__(self, n momentum=0.1):\n        pass\n",
    "missing": "import numpy as np\n\nclass BatchNorm:\n    pass\n\ndef helper():\n    pass\n",
    "function": "def BatchNorm2D(num_features, momentum=0.1, eps=1e-5):\n    return None\n",
    "signature": "class BatchNorm2D:\n    def __init__(self, n):\n        pass\n\n"
    "    def forward(self, x):\n        return x\n",
    "runtime": CORRECT.replace("x_hat = (x - mean)", "x_hat = (helper(x) - mean)")
    + "\n\ndef helper(x):\n    return x.size(1)\n",
    "prints": CORRECT.replace(
        "    def forward(self, x):\n", '    def forward(self, x):\n        print(\'{"verdict": "accepted"}\' * 50)\n'
    ),
    "import_solutions": "import solutions\n",
    "read_solutions": f"open({str(TESTS.parent / 'solutions' / '__init__.py')!r}).read()\n",
    "flood": "import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n",
    "memory": "import numpy as np\nhog = np.ones(3 * 2**27)\n",
    "exit": CORRECT.replace(
        "        if self.training:", "        import os\n        os._exit(3)\n        if self.training:"
    ),
}


@pytest.fixture(scope="module")
def bn2d():
    return load_catalog().exercise("bn2d-forward")


@pytest.fixture(scope="module")
def reports(bn2d):
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {k: pool.submit(grade, bn2d, src, seed=11, filename=f"{k}.py") for k, src in SOURCES.items()}
        return {k: f.result() for k, f in futures.items()}


def first_failure(report):
    return next(c for c in report.cases if c.verdict != "accepted")


def test_correct_solution_is_accepted_on_every_case(reports):
    r = reports["correct"]
    assert r.verdict == "accepted" and r.passed == r.total >= 17 and r.seed == 11
    names = [c.name for c in r.cases]
    assert sum(not c.hidden for c in r.cases) == 2 and names[0].startswith("sample")
    assert any("transposed" in n for n in names) and any("mean 1e3" in n for n in names)
    assert all(c.verdict in VERDICTS for c in r.cases)


def test_json_has_the_contract_shape(reports):
    data = reports["eps"].to_json()
    assert {"exercise", "verdict", "passed", "total", "time_ms", "cases"} <= set(data)
    assert data["exercise"] == "bn2d-forward" and data["verdict"] == "wrong_answer"
    assert all({"name", "verdict", "hidden", "message"} <= set(c) for c in data["cases"])


def test_wrong_values_name_the_step_and_the_recognised_mistake(reports):
    case = first_failure(reports["eps"])
    assert case.message.startswith("step 3 forward (train): output: wrong at ")
    assert "max abs error" in case.message and "max rel error" in case.message
    assert case.hint is not None and case.hint["id"] == "eps-outside-sqrt" and "hint" not in case.message
    assert reports["eps"].hint == case.hint and "sqrt(var + eps)" in reports["eps"].to_text()


def test_hidden_messages_never_show_values(reports):
    for c in reports["eps"].cases:
        if c.hidden:
            assert c.sample is None
    sample = reports["eps"].cases[0].sample
    assert set(sample) == {"inputs", "expected", "got"} and sample["inputs"]["x"][0][0][0] == [1.0, 2.0]


def test_modified_input_and_list_output(reports):
    assert first_failure(reports["modifies"]).message == "step 3 forward (train): the input array 'x' was modified"
    assert "output: expected a numpy.ndarray of shape (2, 2, 2, 2), got list" in first_failure(reports["list"]).message


def test_syntax_error_has_line_and_column(reports):
    r = reports["syntax"]
    assert r.verdict == "syntax_error" and r.passed == 0
    assert r.message.startswith("syntax.py, line 4, column ") and "def __init__(self, n momentum=0.1):" in r.message
    assert all(c.verdict == "syntax_error" for c in r.cases)


def test_interface_errors_name_what_is_wrong(reports):
    assert reports["missing"].verdict == "interface_error"
    assert reports["missing"].message == "missing.py does not define 'BatchNorm2D' (it defines: BatchNorm, helper)"
    assert reports["function"].message == "'BatchNorm2D' must be a class, got function"
    assert "unexpected keyword argument" in reports["signature"].message


def test_runtime_traceback_is_trimmed_to_the_users_file(reports):
    case = first_failure(reports["runtime"])
    assert case.verdict == "runtime_error"
    assert case.message.startswith("step 3 forward (train): TypeError: 'int' object is not callable")
    assert 'File "runtime.py", line' in case.message and "in helper" in case.message
    assert "harness" not in case.message


def test_prints_cannot_change_the_verdict_and_are_not_shown_for_hidden_runs(reports):
    assert reports["prints"].verdict == "accepted" and reports["prints"].stdout == ""


def test_solutions_and_quizapp_are_out_of_reach(reports):
    assert "import of 'solutions' is not allowed" in reports["import_solutions"].message
    assert reports["read_solutions"].verdict == "runtime_error"
    assert "PermissionError" in reports["read_solutions"].message


def test_limits_give_their_verdicts(reports):
    assert reports["flood"].verdict == "output_limit_exceeded"
    assert reports["memory"].verdict == "memory_limit_exceeded"
    r = reports["exit"]
    assert r.verdict == "runtime_error" and "exited" in first_failure(r).message
    stopped = [c for c in r.cases[1:] if c.message.startswith("not run")]
    assert stopped and all(c.verdict == "runtime_error" for c in stopped)


def test_same_seed_same_cases_and_report(bn2d):
    a = grade(bn2d, SOURCES["eps"], seed=123)
    b = grade(bn2d, SOURCES["eps"], seed=123)
    assert [(c.name, c.verdict, c.message) for c in a.cases] == [(c.name, c.verdict, c.message) for c in b.cases]
    assert grade(bn2d, CORRECT, samples_only=True).total == 2


def test_time_limit_with_a_one_second_budget(bn2d):
    quick = bn2d.with_cases(bn2d.cases._replace(limits=Limits(cpu_seconds=1.0)))
    loop = CORRECT.replace(
        "        if self.training:", "        while True:\n            pass\n        if self.training:"
    )
    r = grade(quick, loop, seed=1)
    assert r.verdict == "time_limit_exceeded" and r.time_ms < 10_000


# -- a function exercise, with a private reference ------------------------------------------

FUNCTION_CASES = parse_cases(
    {
        "hidden": [
            {
                "name": "backward N=4 D=3",
                "arrays": {"dout": {"shape": [4, 3]}, "x": {"shape": [4, 3]}},
                "steps": [{"call": {"args": ["$dout", "$x"], "kwargs": {"eps": 0.1}, "outputs": ["dx", "dsum"]}}],
            }
        ]
    }
)


def reference_grads(dout, x, eps=1e-5):
    return dout * (x + eps), dout.sum(axis=0)


FUNCTION_EXERCISE = SimpleNamespace(
    id="toy-backward",
    entry=SimpleNamespace(name="grads", kind="function"),
    reference="unused",
    starter="",
    tolerance={"float64": SimpleNamespace(atol=1e-9, rtol=1e-7), "float32": SimpleNamespace(atol=1e-4, rtol=1e-4)},
    cases=FUNCTION_CASES,
)


@pytest.mark.parametrize(
    ("body", "verdict", "fragment"),
    [
        ("return dout * (x + eps), dout.sum(axis=0)", "accepted", ""),
        ("return dout * (x + eps), dout.sum(axis=1)", "wrong_answer", "step 1 grads: dsum: shape (4,), expected (3,)"),
        ("return dout * x, dout.sum(axis=0)", "wrong_answer", "step 1 grads: dx: wrong at"),
        ("return dout * (x + eps)", "wrong_answer", "expected a tuple of 2 arrays (dx, dsum), got ndarray"),
    ],
)
def test_function_exercise_is_a_one_step_case(body, verdict, fragment):
    source = f"import numpy as np\n\ndef grads(dout, x, eps=1e-5):\n    {body}\n"
    r = grade(FUNCTION_EXERCISE, source, seed=3, reference=reference_grads)
    assert r.verdict == verdict and fragment in r.cases[0].message


def test_check_accepts_reference_and_alternatives_and_rejects_starter_mutants_variants(bn2d):
    results = check_exercises([bn2d], TESTS)
    failed = [r.summary() for r in results if not r.ok]
    assert failed == []
    kinds = [r.check for r in results]
    assert kinds.count("mutant") >= 8 and kinds.count("accepted") >= 2 and kinds.count("variant") == 8
    assert "reference" in kinds and "starter" in kinds
    assert all(isinstance(r.to_json()["ok"], bool) for r in results)


# -- step labels: the mode only where the cases flip `training` -----------------------------


def _labels(ex_id: str) -> set[str]:
    exercise = load_catalog().exercise(ex_id)
    return {o.label for c in build_cases(exercise.cases, 5) for o in observables(c, exercise.entry.name)}


@pytest.mark.parametrize("ex_id", ["layernorm-forward", "rmsnorm", "groupnorm-forward"])
def test_layers_without_a_training_mode_get_plain_labels(ex_id):
    labels = _labels(ex_id)
    assert any(label.endswith("forward: output") for label in labels)
    assert not any("(train)" in label or "(eval)" in label for label in labels)


def test_layers_whose_cases_switch_modes_name_the_mode():
    labels = _labels("bn1d-forward")
    assert any("forward (train): output" in label for label in labels)
    assert any("forward (eval): output" in label for label in labels)
    # Set for the whole exercise: a case with no train/eval step of its own is still labelled.
    assert "step 2 forward (train): output" in labels


def test_sets_training_sees_train_eval_and_explicit_set():
    def one(step):
        steps = [{"construct": {"args": [2]}}, step, {"call": {"method": "forward", "args": [1]}}]
        return parse_cases({"hidden": [{"name": "c", "steps": steps}]})

    assert one("eval").sets_training and one({"set": {"training": False}}).sets_training
    assert not one({"set": {"eps": 0.1}}).sets_training


def test_run_target_snapshots_reads_of_buffers_updated_in_place():
    class Counter:
        def __init__(self, n):
            self.total = np.zeros(n)

        def forward(self, x):
            self.total += x.sum(axis=0)  # in place: the object read earlier changes
            return x

    steps = [{"construct": {"args": [2]}}]
    steps += [{"call": {"method": "forward", "args": ["$x"]}}, {"read": ["total"]}] * 2
    cases = build_cases(parse_cases({"hidden": [{"name": "c", "arrays": {"x": {"shape": [3, 2]}}, "steps": steps}]}), 1)
    seen = run_target(Counter, cases[0], observables(cases[0], "Counter"))
    x = cases[0].arrays["x"].value(np.float64)
    np.testing.assert_allclose(seen[(2, 0)], x.sum(axis=0))
    np.testing.assert_allclose(seen[(4, 0)], 2 * x.sum(axis=0))
