"""The exercise's results pane (a judge's case list), reset to the starter, next exercise,
and the best time and "Next exercise" on Home after a solve (issue 16, defects 5 and 8)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from quizapp.review import ReviewStore
from quizapp.tui.app import create_app
from quizapp.tui.screens.confirm import ConfirmScreen
from quizapp.tui.screens.exercise import ExerciseScreen
from quizapp.tui.screens.solution import SolutionScreen
from quizapp.tui.widgets.results import ResultsPanel
from tests.tui_fixtures import FROZEN, FakeCase, FakeReport, make_app, ready, settle, until, write_content

HINT = {"id": "x", "en": "Divide by the root mean square, not the mean.", "zh": "除以均方根，而不是均值。"}
LONG = "\n".join(f"line {i} of a long message" for i in range(60))


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return write_content(tmp_path / "content")


@dataclass
class JudgeGrader:
    """Three cases: one long failing message with a hint, one short failure, one pass."""

    calls: list[tuple[str, bool]] = field(default_factory=list)

    def __call__(self, exercise: Any, source: str, *, samples_only: bool = False) -> FakeReport:
        self.calls.append((source, samples_only))
        cases = [
            FakeCase("case ok", "accepted", cpu_ms=4),
            FakeCase("case long", "wrong_answer", LONG, hint=HINT, cpu_ms=17),
            FakeCase("case short", "runtime_error", "step 2 forward: ValueError: boom", cpu_ms=2),
        ]
        report = FakeReport("wrong_answer", cases)
        report.hint = HINT  # type: ignore[attr-defined]  # the run's hint, the same as the case's
        return report


@dataclass
class AcceptAll:
    calls: list[str] = field(default_factory=list)

    def __call__(self, exercise: Any, source: str, *, samples_only: bool = False) -> FakeReport:
        self.calls.append(source)
        return FakeReport("accepted", [FakeCase("sample", "accepted", hidden=False)])


async def _open_exercise(pilot: Any) -> ExerciseScreen:
    await ready(pilot)
    await pilot.press("e")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ExerciseScreen)
    return screen


async def _graded(pilot: Any, screen: ExerciseScreen) -> ResultsPanel:
    await pilot.press("ctrl+r")
    panel = screen.query_one(ResultsPanel)
    await until(pilot, lambda: panel.report is not None, "a report")
    return panel


def _detail(screen: ExerciseScreen) -> str:
    return str(screen.query_one("#cases-text", Static).render())


async def test_results_list_each_case_and_the_selected_case_in_full(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content, grader=JudgeGrader())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_exercise(pilot)
        await _graded(pilot, screen)
        table = screen.query_one("#case-list", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        # Failing cases first, each with its verdict and time, as a judge lists them.
        assert rows == [
            ["✘", "case long", "wrong answer", "17 ms"],
            ["✘", "case short", "runtime error", "2 ms"],
            ["✔", "case ok", "accepted", "4 ms"],
        ]
        first = _detail(screen)
        assert "line 0 of a long message" in first and "line 59 of a long message" in first  # whole, not cut
        assert first.count(HINT["en"]) == 1  # the case's hint and the run's are one hint: said once
        await pilot.press("ctrl+l")  # into the results
        await settle(pilot)
        assert app.focused is table
        await pilot.press("down")
        await settle(pilot)
        second = _detail(screen)
        assert "ValueError: boom" in second and "long message" not in second
        await pilot.press("l")  # the language: the same case, in Chinese
        await settle(pilot)
        assert "运行错误" in _detail(screen) and table.cursor_row == 1


async def test_results_scroll_by_keyboard_and_take_the_screen(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content, grader=JudgeGrader())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_exercise(pilot)
        panel = await _graded(pilot, screen)
        small = panel.region.height
        assert small >= 7  # not six lines at every size
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert panel.region.height > small  # the pane the user is in grows
        await pilot.press("enter")  # from the list to the details
        await settle(pilot)
        detail = screen.query_one("#case-detail", VerticalScroll)
        assert app.focused is detail
        await pilot.press("pagedown")
        await settle(pilot)
        assert detail.scroll_y > 0
        await pilot.press("end")
        await settle(pilot)
        assert detail.scroll_y == detail.max_scroll_y > 0
        await pilot.press("f")
        await settle(pilot)
        assert screen.maximized is panel and panel.region.height >= 20
        await pilot.press("f")
        await settle(pilot)
        assert screen.maximized is None
        await pilot.press("ctrl+l")  # a second ctrl+l in the results maximizes too
        await settle(pilot)
        assert screen.maximized is panel
        await pilot.press("escape")
        await settle(pilot)
        assert screen.maximized is None


def _scrollbars_nested(root: Any) -> list[str]:
    """Widgets showing a vertical scrollbar inside another that shows one (a double scrollbar)."""
    bad = []
    for widget in root.query("*"):
        if not getattr(widget, "show_vertical_scrollbar", False) or not widget.display:
            continue
        for outer in widget.ancestors:
            if getattr(outer, "show_vertical_scrollbar", False):
                bad.append(f"{widget!r} inside {outer!r}")
    return bad


async def test_results_pane_has_one_scrollbar(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content, grader=JudgeGrader())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_exercise(pilot)
        panel = await _graded(pilot, screen)
        for keys in ((), ("ctrl+l",), ("enter",), ("f",)):
            await pilot.press(*keys)
            await settle(pilot)
            assert _scrollbars_nested(panel) == [], keys
            assert not panel.show_vertical_scrollbar


async def test_reset_to_starter_asks_first_and_keeps_the_draft_on_no(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content, grader=JudgeGrader())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_exercise(pilot)
        starter = screen.exercise.starter
        screen.editor.insert("# my work\n")
        mine = screen.editor.text
        for refuse in ("n", "escape", "q"):
            await pilot.press("ctrl+n")  # works from inside the editor too: it asks first
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press(refuse)
            await settle(pilot)
            assert app.screen is screen and screen.editor.text == mine
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen and screen.editor.text == starter
        assert (quizapp_home / "drafts" / "tui-rmsnorm.py").read_text(encoding="utf-8") == starter
        await pilot.press("ctrl+n")  # already the starter: nothing to confirm
        await settle(pilot)
        assert app.screen is screen


async def test_exercise_footer_shows_the_results_keys_where_they_apply(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content, grader=JudgeGrader())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_exercise(pilot)
        await _graded(pilot, screen)

        def footer_keys() -> list[str]:
            return [k.key for k in screen.query("FooterKey") if k.display and k.parent and k.parent.display]

        assert "ctrl+l" in footer_keys() and "f" not in footer_keys()
        await pilot.press("ctrl+l")
        await settle(pilot)
        keys = footer_keys()
        assert {"f", "ctrl+n", "q", "question_mark"} <= set(keys) and "ctrl+l" not in keys


# -- with the shipped content: Home after a solve, best times ---------------------


class Clock:
    def __init__(self) -> None:
        self.now = FROZEN

    def __call__(self) -> Any:
        return self.now


async def _solve_next(pilot: Any, clock: Clock, *, seconds: int, edit: bool = True) -> ExerciseScreen:
    """`e` on Home, write for `seconds`, submit: the solution screen opens."""
    await pilot.press("e")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ExerciseScreen)
    if edit:
        screen.editor.insert("# solved\n")
    clock.now += timedelta(seconds=seconds)
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(pilot.app.screen, SolutionScreen), "the solution screen")
    return screen


def _home_next_text(app: Any) -> str:
    return str(app.screen.query_one("#next-exercise", Static).render())


def _best_cell(app: Any, exercise_id: str) -> str:
    table = app.screen.query_one("#exercises", DataTable)
    return str(table.get_row(exercise_id)[2])


async def _back_home(pilot: Any) -> None:
    await pilot.press("q")
    await settle(pilot)
    await until(pilot, lambda: pilot.app.screen.id == "home" and pilot.app.screen.overview is not None, "home")
    await settle(pilot)


async def test_home_after_a_solve_offers_another_exercise_with_the_shipped_content(quizapp_home: Path) -> None:
    clock = Clock()
    app = create_app(home=quizapp_home, clock=clock, grader=AcceptAll())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert len(app.study.catalog.exercises) >= 15
        for _ in range(3):  # a Good rating schedules a learning step minutes ahead: no reason to offer it again
            first = app.screen.overview.next_exercise
            title = app.study.catalog.exercise(first).title.get("en")
            assert title in _home_next_text(app)
            clock.now += timedelta(minutes=1)
            await _solve_next(pilot, clock, seconds=400)
            await _back_home(pilot)
            clock.now += timedelta(minutes=10)  # the learning step (Good: 10 min) is due by now
            app.screen.reload()
            await settle(pilot)
            assert app.screen.overview.next_exercise != first
            assert title not in _home_next_text(app)
        with ReviewStore.open(quizapp_home) as store:
            assert all(a.accepted for a in store.attempts())


async def test_solution_screen_n_opens_the_next_exercise(quizapp_home: Path) -> None:
    clock = Clock()
    app = create_app(home=quizapp_home, clock=clock, grader=AcceptAll())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        first = app.screen.overview.next_exercise
        await _solve_next(pilot, clock, seconds=100)
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExerciseScreen) and screen.exercise.id not in (None, first)
        await pilot.press("escape", "q")  # leave the editor, then back
        await settle(pilot)
        assert app.screen.id == "home"


async def test_best_time_counts_only_a_solve_written_from_the_starter(quizapp_home: Path) -> None:
    clock = Clock()
    app = create_app(home=quizapp_home, clock=clock, grader=AcceptAll())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        exercise = app.screen.overview.next_exercise
        await _solve_next(pilot, clock, seconds=95)  # from the starter: a real solve
        await _back_home(pilot)
        assert _best_cell(app, exercise) == "1m35s"

        # A day later, the exercise opened again: the draft is the solved code. Handing it in is no solve.
        clock.now += timedelta(days=1)
        table = app.screen.query_one("#exercises", DataTable)
        table.focus()
        table.move_cursor(row=table.get_row_index(exercise))
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExerciseScreen) and screen.exercise.id == exercise
        clock.now += timedelta(seconds=20)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SolutionScreen), "accepted")
        await _back_home(pilot)
        assert _best_cell(app, exercise) == "1m35s"  # not 20s

        # Give up (the model answer is shown), reset to the starter, type it again in 13 s: recall, not a solve.
        clock.now += timedelta(days=1)
        table = app.screen.query_one("#exercises", DataTable)
        table.focus()
        table.move_cursor(row=table.get_row_index(exercise))
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+g", "ctrl+g")
        await until(pilot, lambda: isinstance(app.screen, SolutionScreen), "the model answer")
        await _back_home(pilot)
        table = app.screen.query_one("#exercises", DataTable)
        table.focus()
        table.move_cursor(row=table.get_row_index(exercise))
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        app.screen.editor.insert("# from memory\n")
        clock.now += timedelta(seconds=13)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SolutionScreen), "accepted")
        await _back_home(pilot)
        assert _best_cell(app, exercise) == "1m35s"  # not 13s
    with ReviewStore.open(quizapp_home) as store:
        mine = store.attempts(exercise)
        assert [(a.accepted, a.counts_for_best) for a in mine] == [
            (True, False), (False, False), (True, False), (True, True)
        ]  # fmt: skip
        from quizapp.review import compute_stats

        stats = compute_stats(store, clock.now)
        assert stats.personal_best_ms == {exercise: 95_000}  # the CLI's `stats` reads the same
        assert stats.exercises_accepted == 1


async def test_drill_answer_has_one_scrollbar_with_the_shipped_cards(quizapp_home: Path) -> None:
    """The shipped answers are long (code, formulas): at 80x24 they scroll in one pane, never two."""
    app = create_app(home=quizapp_home, clock=lambda: FROZEN)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("r")
        await settle(pilot)
        scrolled = 0
        for _ in range(10):
            await pilot.press("space")
            await settle(pilot)
            assert _scrollbars_nested(app.screen) == []
            scrolled += any(getattr(w, "show_vertical_scrollbar", False) for w in app.screen.query("*"))
            await pilot.press("3")
            await settle(pilot)
        assert scrolled > 0  # some answer did need a scrollbar: the check above saw one


@dataclass
class LongNamesGrader:
    """Case names longer than an 80-column screen, as the shipped exercises have."""

    def __call__(self, exercise: Any, source: str, *, samples_only: bool = False) -> FakeReport:
        name = "train: odd spatial sizes H=3 W=5, momentum=0.05 eps=1e-3, float32, a very long case name"
        cases = [FakeCase(f"#{i} {name}", "runtime_error", "boom", cpu_ms=1234) for i in range(3)]
        return FakeReport("runtime_error", cases)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_row_shows_its_verdict_and_time_at_80_columns(quizapp_home: Path, content: Path, lang: str) -> None:
    """A long case name is cut with '…' so that the verdict and the time stay on screen (also after a resize)."""
    app = make_app(quizapp_home, content, lang=lang, grader=LongNamesGrader())
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await _open_exercise(pilot)
        await _graded(pilot, screen)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        table = screen.query_one("#case-list", DataTable)
        verdict = "runtime error" if lang == "en" else "运行错误"
        lines = [line for line in table.render_lines(table.region.reset_offset)]
        shown = ["".join(segment.text for segment in line) for line in lines]
        rows = [text for text in shown if "#" in text]
        assert len(rows) == 3, shown
        for text in rows:
            assert "…" in text and verdict in text and "1234 ms" in text, text
