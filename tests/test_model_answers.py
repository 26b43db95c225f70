"""Model answers: one per shipped exercise, self-contained, written anew, accepted by the grader.

A model answer is content/exercises/model/<id>.py: what a strong candidate writes on a
whiteboard (numpy only, the entry point and nothing else, comments where an interviewer
asks "why"). It is shown on the solution screen; solutions/ stays the grader's oracle.
"""

from __future__ import annotations

import ast
import difflib
import inspect
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from quizapp.content import load_catalog
from quizapp.content.loader import load_dirs, unloaded_files
from quizapp.grading.checks import check_exercise
from quizapp.grading.engine import grade, load_reference
from quizapp.tui.screens.solution import SolutionScreen
from quizapp.tui.widgets.code_editor import CodeEditor
from tests.tui_fixtures import FakeGrader, make_app, ready, settle, write_content

CATALOG = load_catalog()
IDS = sorted(e.id for e in CATALOG.exercises)


def test_every_shipped_exercise_has_a_model_answer():
    assert len(IDS) == 15
    for ex in CATALOG.exercises:
        assert ex.model_answer_path is not None and ex.model_answer_path.is_file(), ex.id
        assert ex.model_answer() is not None


@pytest.mark.parametrize("ex_id", IDS)
def test_model_answer_is_self_contained_whiteboard_code(ex_id):
    exercise = CATALOG.exercise(ex_id)
    source = exercise.model_answer()
    tree = ast.parse(source)
    imports = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    assert [ast.unparse(n) for n in imports] == ["import numpy as np"]
    defined = [n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)]
    assert defined == [exercise.entry.name]  # no private helpers, nothing imported from the oracle
    assert not [n for n in tree.body if not isinstance(n, ast.Import | ast.FunctionDef | ast.ClassDef)]
    comments = [line for line in source.splitlines() if line.strip().startswith("#")]
    assert len(comments) >= 2, "a model answer explains its choices"
    assert len(source.splitlines()) <= 60, "whiteboard-sized"


@pytest.mark.parametrize("ex_id", IDS)
def test_model_answer_is_written_anew_not_copied_from_the_oracle(ex_id):
    exercise = CATALOG.exercise(ex_id)
    oracle = inspect.getsource(inspect.getmodule(load_reference(exercise.reference)))
    mine = [line.strip() for line in exercise.model_answer().splitlines() if len(line.strip()) > 25]
    theirs = {line.strip() for line in oracle.splitlines()}
    shared = [line for line in mine if line in theirs]
    assert len(shared) <= 2, shared  # a signature or an import line may coincide
    ratio = difflib.SequenceMatcher(None, exercise.model_answer(), oracle, autojunk=False).ratio()
    assert ratio < 0.5, ratio


@pytest.fixture(scope="module")
def reports():
    def run(ex_id):
        ex = CATALOG.exercise(ex_id)
        return grade(ex, ex.model_answer(), seed=5, filename=f"{ex_id}.py")

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(IDS, pool.map(run, IDS), strict=True))


@pytest.mark.parametrize("ex_id", IDS)
def test_model_answer_is_accepted_through_the_real_child(reports, ex_id):
    report = reports[ex_id]
    assert report.accepted, [(c.name, c.message) for c in report.cases if c.verdict != "accepted"][:1]
    assert report.hint is None


def _user_exercise(tmp_path: Path, model: str | None) -> Path:
    root = write_content(tmp_path / "content")
    if model is not None:
        (root / "exercises" / "model").mkdir()
        (root / "exercises" / "model" / "tui-rmsnorm.py").write_text(model, encoding="utf-8")
    return root


def test_check_grades_the_model_answer_and_requires_it_accepted(tmp_path):
    wrong = (
        "import numpy as np\n\n\nclass RMSNorm:\n    def __init__(self, dim, eps=1e-6):\n"
        "        self.gamma = np.ones(dim)\n\n    def forward(self, x):\n        return x\n"
    )
    root = _user_exercise(tmp_path, wrong)
    [exercise] = load_dirs([root]).catalog.exercises
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = check_exercise(exercise, None, pool)
    [model] = [r for r in results if r.check == "model"]
    assert not model.ok and model.subject == "model/tui-rmsnorm.py" and "wrong_answer" in model.detail
    # Shipped exercises must have one; a user's exercise may leave it out.
    root2 = _user_exercise(tmp_path / "b", None)
    [exercise2] = load_dirs([root2]).catalog.exercises
    with ThreadPoolExecutor(max_workers=2) as pool:
        assert not [r for r in check_exercise(exercise2, None, pool) if r.check == "model"]


def test_a_model_answer_counts_as_loaded_content_and_a_stray_one_is_listed(tmp_path):
    root = _user_exercise(tmp_path, "import numpy as np\n")
    (root / "exercises" / "model" / "no-such-exercise.py").write_text("x = 1\n", encoding="utf-8")
    listed = {p.name: why for p, why in unloaded_files([root])}
    why = "a model answer without its exercise (no loaded exercises/no-such-exercise.yaml)"
    assert listed == {"no-such-exercise.py": why}


async def test_solution_screen_shows_the_model_answer_beside_the_code(quizapp_home: Path, tmp_path: Path) -> None:
    model = "import numpy as np\n\n\nclass RMSNorm:  # MODEL ANSWER MARKER\n    pass\n"
    app = make_app(quizapp_home, _user_exercise(tmp_path, model), grader=FakeGrader())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("ctrl+g", "ctrl+g")  # the second confirms giving up
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SolutionScreen)
        assert "MODEL ANSWER MARKER" in screen.query_one("#reference", CodeEditor).text
        assert "Model answer" in str(screen.query_one("#reference-label").render())


async def test_without_a_model_answer_the_reference_is_shown_and_named(quizapp_home: Path, tmp_path: Path) -> None:
    app = make_app(quizapp_home, _user_exercise(tmp_path, None), grader=FakeGrader())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("ctrl+g", "ctrl+g")  # the second confirms giving up
        await settle(pilot)
        screen = app.screen
        assert "class RMSNorm" in screen.query_one("#reference", CodeEditor).text
        assert "Reference" in str(screen.query_one("#reference-label").render())
