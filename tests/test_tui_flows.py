"""Pilot tests of the TUI flows, on pinned content with a frozen clock.

Each test gets its own QUIZAPP_HOME (tests/conftest.py) and passes it to the
app factory, so what the screens store is checked in the real review database.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Markdown

from quizapp.review import ReviewStore
from quizapp.tui import preload
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.drill import DrillScreen
from quizapp.tui.screens.exercise import ExerciseScreen
from quizapp.tui.screens.help import HelpScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.screens.solution import SolutionScreen
from quizapp.tui.screens.summary import SummaryScreen
from quizapp.tui.services import Overview, home_view
from quizapp.tui.widgets.code_editor import CodeEditor
from tests.tui_fixtures import (
    CORRECT_SOLUTION,
    FROZEN,
    WRONG_SOLUTION,
    FakeGrader,
    make_app,
    ready,
    settle,
    write_content,
)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return write_content(tmp_path / "content")


def _history(home: Path, card_id: str) -> list[int]:
    with ReviewStore.open(home) as store:
        return [int(r.rating) for r in store.review_history(card_id)]


async def test_home_lists_decks_and_exercises(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen) and home.overview is not None
        [deck] = home.overview.decks
        assert (deck.deck_id, deck.due, deck.new, deck.total) == ("tui-test", 0, 4, 4)
        [exercise] = home.overview.exercises
        assert (exercise.exercise_id, exercise.status, exercise.best_ms) == ("tui-rmsnorm", "new", None)


async def test_drill_reveal_tick_and_rate_stores_the_rating(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("r")
        await settle(pilot)
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        assert drill.card.id == "t-why-bn"
        # Rating is impossible before the answer is shown.
        await pilot.press("3")
        await settle(pilot)
        assert drill.card.id == "t-why-bn" and _history(quizapp_home, "t-why-bn") == []

        await pilot.press("space")
        await settle(pilot)
        assert drill.view.revealed
        # Two of three key points recalled -> Hard is suggested; all three -> Good.
        await pilot.press("a", "b")
        await settle(pilot)
        assert drill.suggested == 2
        await pilot.press("c")
        await settle(pilot)
        assert drill.suggested == 3
        # The buttons show the next interval for each rating, as in Anki.
        labels = [str(b.label) for b in drill.query("RatingBar Button").results()]
        assert labels[0].startswith("1 Again") and labels[3].startswith("4 Easy") and labels[3].endswith("d")

        await pilot.press("4")
        await settle(pilot)
        assert _history(quizapp_home, "t-why-bn") == [4]
        assert drill.card.id == "t-bn-eval"


async def test_drill_undo_takes_the_rating_back(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("space", "1")
        await settle(pilot)
        assert _history(quizapp_home, "t-why-bn") == [1]
        await pilot.press("u")
        await settle(pilot)
        assert _history(quizapp_home, "t-why-bn") == []
        assert app.screen.card.id == "t-why-bn"  # type: ignore[attr-defined]


def _shown_cards(drill: DrillScreen) -> list[str]:
    """The questions of the card views on screen (a view built ahead is hidden)."""
    return [str(v.query_one(".question", Markdown).source) for v in drill.query(".card-view").results() if v.display]


async def test_drill_shows_the_right_card_when_the_next_is_built_ahead(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.pause(0.2)  # time for the next card to be built, hidden
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        assert _shown_cards(drill) == ["Why does BN speed up training?"]
        assert len(drill.query(".card-view")) == 2  # this card, and the next one waiting
        await pilot.press("space", "3")
        await settle(pilot)
        assert drill.card.id == "t-bn-eval"
        assert _shown_cards(drill) == ["Which statistics does BN use at inference?"]
        await pilot.pause(0.2)
        await pilot.press("u")  # back: the card built ahead is not the one wanted
        await settle(pilot)
        assert drill.card.id == "t-why-bn"
        assert _shown_cards(drill) == ["Why does BN speed up training?"]
        await pilot.pause(0.2)
        assert len(drill.query(".card-view")) == 2  # old views taken down, one built ahead


async def test_a_card_built_ahead_is_not_shown_in_a_language_switched_since(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.pause(0.2)  # the next card is built ahead, in English
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        app.set_language("zh")  # as the palette's language command does
        await pilot.press("space", "3")
        await settle(pilot)
        assert drill.card.id == "t-bn-eval"
        assert _shown_cards(drill) == ["推理时 BN 用什么统计量？"]


async def test_drill_whole_session_ends_in_a_summary(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("space", "3")  # qa
        await settle(pilot)
        await pilot.press("space", "enter")  # qa, the suggested rating (none ticked -> Again)
        await settle(pilot)
        await pilot.press("a")  # choice, right
        await settle(pilot)
        await pilot.press("space", "a", "enter")  # next; multiple choice, wrong
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert summary.record.ratings == [3, 1, 3, 1]
        assert (summary.record.correct, summary.record.answered) == (1, 2)
        assert _history(quizapp_home, "t-bn-eval") == [1]
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.overview is not None and app.screen.overview.decks[0].new == 0


async def test_quiz_by_keys_and_mouse_feeds_the_review_engine(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("c")
        await settle(pilot)
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        assert quiz.card.id == "t-bn-axes"
        await pilot.press("1")  # digits pick in a quiz: option a, right
        await settle(pilot)
        assert "Correct" in str(quiz.query_one("#verdict").render())
        assert _history(quizapp_home, "t-bn-axes") == [3]
        await pilot.press("space")
        await settle(pilot)
        # Multiple answers: click b and c, then submit.
        await pilot.click("#option-1")
        await pilot.click("#option-2")
        await pilot.press("enter")
        await settle(pilot)
        assert _history(quizapp_home, "t-ln-batch") == [3]
        await pilot.press("space")
        await settle(pilot)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert "2 / 2" in str(summary.query_one("#score").render())
    with ReviewStore.open(quizapp_home) as store:
        assert [r.mode for r in store.review_history("t-bn-axes")] == ["quiz"]


async def test_language_toggle_is_remembered(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert app.language == "zh"
        assert app.screen.overview.decks[0].title == "测试卡组"  # type: ignore[attr-defined]
    again = make_app(quizapp_home, content)
    async with again.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert again.language == "zh"


async def test_help_and_palette_list_the_screen_keys(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Review today", "Quiz", "Exercise", "Stats", "Quit", "Help"} <= set(titles)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert ("r", "Review today") in app.screen.rows
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_content_errors_still_open_the_app(quizapp_home: Path, content: Path) -> None:
    (content / "decks" / "broken.yaml").write_text("id: broken\ntitle: 3\n", encoding="utf-8")
    app = make_app(quizapp_home, content)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert app.boot_result is not None and app.boot_result.errors
        assert [d.deck_id for d in app.screen.overview.decks] == ["tui-test"]  # type: ignore[attr-defined]
        assert any("content error" in n.message for n in app._notifications)


async def _open_exercise(pilot) -> ExerciseScreen:  # type: ignore[no-untyped-def]
    await ready(pilot)
    await pilot.press("e")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ExerciseScreen)
    return screen


async def _type_solution(pilot, screen: ExerciseScreen, code: str) -> None:  # type: ignore[no-untyped-def]
    editor = screen.query_one(CodeEditor)
    editor.focus()
    editor.clear()
    # Typed line by line through the keyboard path; auto-indent is why each
    # line is entered without its leading spaces after the first.
    editor.insert(code)
    await pilot.press("q")  # typed into the editor, not "back"
    await settle(pilot)
    assert isinstance(pilot.app.screen, ExerciseScreen)
    await pilot.press("backspace")
    await settle(pilot)
    assert editor.text == code


async def test_exercise_correct_solution_is_accepted_and_stored(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content)  # the real grader, sandbox and all
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_exercise(pilot)
        await _type_solution(pilot, screen, CORRECT_SOLUTION)
        await pilot.press("ctrl+s")
        await settle(pilot)
        solved = app.screen
        assert isinstance(solved, SolutionScreen) and solved.accepted
    with ReviewStore.open(quizapp_home) as store:
        [attempt] = store.attempts("tui-rmsnorm")
        assert attempt.accepted and attempt.code == CORRECT_SOLUTION
        assert (attempt.passed, attempt.total) == (3, 3)  # the samples run again with the hidden cases
    # The draft was saved to the data folder and comes back next time.
    assert (quizapp_home / "drafts" / "tui-rmsnorm.py").read_text(encoding="utf-8") == CORRECT_SOLUTION


async def test_exercise_wrong_solution_shows_the_failing_case(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_exercise(pilot)
        await _type_solution(pilot, screen, WRONG_SOLUTION)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        verdict = str(screen.query_one("#verdict-line").render())
        table = screen.query_one("#case-list", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert "wrong answer" in verdict and "0/3" in verdict
        assert ["✘", "float64 N=4 D=5", "wrong answer"] in [row[:3] for row in rows]
        assert screen.failed_submissions == 1
    with ReviewStore.open(quizapp_home) as store:
        assert store.attempts("tui-rmsnorm") == []  # an attempt ends with acceptance or giving up


async def test_exercise_second_submit_while_grading_is_refused(quizapp_home: Path, content: Path) -> None:
    grader = FakeGrader()
    app = make_app(quizapp_home, content, grader=grader)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_exercise(pilot)
        screen.request_grade(samples_only=True)
        screen.request_grade(samples_only=True)
        screen.request_grade(samples_only=False)
        await settle(pilot)
        assert len(grader.calls) == 1
        assert "runtime error" in str(screen.query_one("#verdict-line").render())


async def test_exercise_draft_comes_back_and_outside_edits_reload(quizapp_home: Path, content: Path) -> None:
    grader = FakeGrader()
    app = make_app(quizapp_home, content, grader=grader)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_exercise(pilot)
        screen.editor.insert("# my note\n")
        screen.save_draft()
        await pilot.press("ctrl+q")
    draft = quizapp_home / "drafts" / "tui-rmsnorm.py"
    assert draft.read_text(encoding="utf-8").startswith("# my note\n")

    app = make_app(quizapp_home, content, grader=grader)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_exercise(pilot)
        assert screen.editor.text.startswith("# my note\n")
        # Saved from another editor: the screen reloads it and runs the samples.
        draft.write_text(CORRECT_SOLUTION, encoding="utf-8")
        screen.known_mtime = -1.0  # as if the watcher saw a new mtime
        screen._check_file()
        await settle(pilot)
        assert screen.editor.text == CORRECT_SOLUTION
        assert grader.calls[-1] == (CORRECT_SOLUTION, True)


async def test_exercise_hint_and_give_up_show_the_reference(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content, grader=FakeGrader())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_exercise(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert screen.hints_shown == 1
        await pilot.press("ctrl+g", "ctrl+g")  # the second confirms
        await settle(pilot)
        solution = app.screen
        assert isinstance(solution, SolutionScreen) and not solution.accepted
        assert "class RMSNorm" in solution.query_one("#reference", CodeEditor).text
    with ReviewStore.open(quizapp_home) as store:
        [attempt] = store.attempts("tui-rmsnorm")
        assert attempt.gave_up and attempt.hints_used == 1


async def test_editor_indents_like_a_python_editor(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content, grader=FakeGrader())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_exercise(pilot)
        editor = screen.editor
        editor.clear()
        await pilot.press(*"def f(x):", "enter", *"return x", "enter", "backspace", *"y = 1")
        await settle(pilot)
        assert editor.text == "def f(x):\n    return x\ny = 1"


# -- start-up: home's counts come first, the app's own study after ----------


class _HeldPreview:
    """Stands in for the forked child (preload.Preview): the counts are already there."""

    failed = False

    def __init__(self, view: tuple[Overview, str]) -> None:
        self.view = view

    def result(self, timeout: float | None) -> tuple[Overview, str]:
        return self.view

    def wait(self) -> None:
        pass

    def close(self) -> None:
        pass


def _held_app(
    monkeypatch: pytest.MonkeyPatch, home: Path, content: Path, *, lang: str = "en"
) -> tuple[QuizApp, threading.Event]:
    """An app whose home counts are known at once and whose study loads only when the event is set."""
    view = home_view(home, (), lambda: FROZEN, [content])
    if lang != "en":
        with ReviewStore.open(home) as store:
            store.set_setting("language", lang)
        view = home_view(home, (), lambda: FROZEN, [content])
    monkeypatch.setattr(preload, "start", lambda compute: _HeldPreview(view))
    gate = threading.Event()
    real_boot = QuizApp._boot

    def held_boot(app: QuizApp) -> None:
        gate.wait(10)
        real_boot(app)

    monkeypatch.setattr(QuizApp, "_boot", held_boot)
    return make_app(home, content), gate


async def _until_loaded(pilot: Pilot[Any], app: QuizApp) -> None:
    for _ in range(200):
        await pilot.pause()
        if app.boot_result is not None:
            await settle(pilot)
            return
    raise AssertionError("the study never loaded")


async def test_home_shows_counts_before_the_study_and_keeps_an_early_key(
    monkeypatch: pytest.MonkeyPatch, quizapp_home: Path, content: Path
) -> None:
    app, gate = _held_app(monkeypatch, quizapp_home, content)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen) and app.study is None
        assert home.overview is not None and home.overview.decks[0].new == 4
        assert home.query_one("#decks", DataTable).get_row_at(0)[:4] == ["Test deck", "0", "4", "4"]
        await pilot.press("r")  # before the study is open: kept, not dropped
        await settle(pilot)
        assert app.screen is home
        gate.set()
        await _until_loaded(pilot, app)
        assert isinstance(app.screen, DrillScreen)


async def test_language_switched_before_the_study_loads_is_stored(
    monkeypatch: pytest.MonkeyPatch, quizapp_home: Path, content: Path
) -> None:
    app, gate = _held_app(monkeypatch, quizapp_home, content)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        gate.set()
        await _until_loaded(pilot, app)
        assert app.language == "zh"
        assert app.screen.overview.decks[0].title == "测试卡组"  # type: ignore[attr-defined]
    with ReviewStore.open(quizapp_home) as store:
        assert store.get_setting("language") == "zh"


async def test_stored_language_is_used_for_the_first_counts(
    monkeypatch: pytest.MonkeyPatch, quizapp_home: Path, content: Path
) -> None:
    app, gate = _held_app(monkeypatch, quizapp_home, content, lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.language == "zh"
        assert "测试卡组" in str(app.screen.query_one("#decks", DataTable).get_row_at(0)[0])
        gate.set()
        await _until_loaded(pilot, app)


PRELOAD_SCRIPT = """
import sys
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from quizapp.tui import preload
from quizapp.tui.services import boot, home_view

home, content = Path(sys.argv[1]), Path(sys.argv[2])
clock = lambda: datetime(2025, 3, 3, 9, tzinfo=UTC)
assert preload.can_fork(), "a fresh interpreter on Linux has one thread"
child = preload.start(partial(home_view, home, (), clock, [content]))
assert child is not None
overview, language = child.result(None)
here = boot(home, (), clock, [content])
assert (overview, language) == (here.study.overview(here.language), here.language), (overview, here)
print("same", [(d.deck_id, d.due, d.new) for d in overview.decks])

def fails():
    raise RuntimeError("no database")

broken = preload.start(fails)
assert broken is not None and broken.result(None) is None and broken.failed
print("a failing child is reported")

import os, time
slow = preload.start(lambda: time.sleep(30))
slow.close(timeout=0.1)  # the app ends before the child: killed and reaped, not left a zombie
try:
    os.waitpid(slow._pid, os.WNOHANG)
    print("still our child")
except ChildProcessError:
    print("a child the app outlives is reaped")
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the forked preload runs on Linux only")
def test_forked_preload_counts_equal_the_apps_own(quizapp_home: Path, content: Path) -> None:
    # A fresh interpreter: this test process may have threads (numpy's), where fork is not used.
    done = subprocess.run(
        [sys.executable, "-c", PRELOAD_SCRIPT, str(quizapp_home), str(content)],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "same [('tui-test', 0, 4)]",
        "a failing child is reported",
        "a child the app outlives is reaped",
    ]
