"""Timed challenges: the editable limit, the countdown, auto-submit at zero, and the mock's coding item."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from quizapp.content import load_dirs
from quizapp.mock.plan import MockPlan
from quizapp.review import ReviewStore
from quizapp.tui.app import create_app
from quizapp.tui.screens.exercise import ExerciseScreen
from quizapp.tui.screens.mock import MockScreen
from quizapp.tui.screens.mock_report import MockReportScreen
from quizapp.tui.screens.timed_setup import parse_minutes
from quizapp.tui.widgets.code_editor import CodeEditor
from tests.test_tui_mock import FakeClock
from tests.tui_fixtures import CORRECT_SOLUTION, FakeGrader, ready, settle, settled, until, write_content


def test_minutes_are_checked() -> None:
    assert parse_minutes(" 12 ") == 12
    assert parse_minutes("0") is None and parse_minutes("abc") is None and parse_minutes("181") is None


async def test_timed_challenge_expires_submits_the_draft_and_records_the_attempt(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    clock = FakeClock()
    grader = FakeGrader()
    app = create_app(home=tmp_path / "home", content_roots=[content], clock=clock, grader=grader)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("t")  # the next exercise: tui-rmsnorm, 10 minutes by default
        await settle(pilot)
        minutes = app.screen.query_one("#minutes", Input)
        assert minutes.value == "10"
        minutes.value = "2"  # the limit is editable before the start
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ExerciseScreen), "timed exercise open")
        screen = app.screen
        assert isinstance(screen, ExerciseScreen) and screen.timed_seconds == 120
        assert "2:00" in str(screen.query_one("#countdown").render())
        await pilot.press("ctrl+t")  # hints are off in timed mode
        assert screen.hints_shown == 0
        clock.tick(119)
        screen.tick()
        assert "0:01" in str(screen.query_one("#countdown").render()) and not screen.expired
        clock.tick(5)
        screen.tick()
        await until(pilot, lambda: not screen.grading and screen.recorded, "auto-submission graded")
        assert screen.expired and screen.query_one(CodeEditor).read_only
        assert grader.calls and grader.calls[-1][1] is False  # the hidden suite, not the samples
        with ReviewStore.open(tmp_path / "home") as store:
            (attempt,) = store.attempts("tui-rmsnorm")
        assert attempt.timed and attempt.verdict == "runtime_error"
        assert attempt.time_used_ms == 120_000  # never more than the time given


async def test_mock_interview_coding_item_runs_timed_and_reports_back(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    clock = FakeClock()
    app = create_app(home=tmp_path / "home", content_roots=[content], clock=clock, grader=FakeGrader())
    catalog = load_dirs([content]).catalog
    plan = MockPlan((), (), catalog.exercise("tui-rmsnorm"), 30)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await app.push_screen(MockScreen(plan))
        await until(pilot, lambda: isinstance(app.screen, ExerciseScreen), "coding item open")
        screen = app.screen
        assert isinstance(screen, ExerciseScreen) and screen.mode == "mock"
        assert screen.timed_seconds == 30 * 60  # the interview's clock, not the exercise's usual 10 minutes
        screen.query_one(CodeEditor).load_text(CORRECT_SOLUTION)
        clock.tick(200)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, MockReportScreen) and app.screen.data is not None, "report")
        report = app.screen.data.report
        (item,) = report.items
        assert item.kind == "exercise" and item.score == 1.0 and item.time_used_ms == 200_000
        with ReviewStore.open(tmp_path / "home") as store:
            (attempt,) = store.attempts("tui-rmsnorm")
        assert attempt.verdict == "accepted" and attempt.timed and attempt.mode == "mock"


async def _open_timed(pilot: Any) -> None:
    await ready(pilot)
    exercise = load_dirs([pilot.app.content_roots[0]]).catalog.exercise("tui-rmsnorm")
    await pilot.app.push_screen(ExerciseScreen(exercise, timed_seconds=90.0))
    await settle(pilot)
    await pilot.press("escape")  # out of the editor: no blinking cursor in the picture
    await settle(pilot)


async def _open_mock(pilot: Any) -> None:
    from tests.test_tui_mock import theory_and_choice_plan

    await ready(pilot)
    await pilot.app.push_screen(MockScreen(theory_and_choice_plan(pilot.app.content_roots[0], minutes=30)))
    await settle(pilot)
    await pilot.press("escape")
    await settle(pilot)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("which", ["timed", "mock"])
def test_timed_and_mock_screens_snapshot(snap_compare: Any, tmp_path: Path, lang: str, which: str) -> None:
    from tests.tui_fixtures import make_app

    content = write_content(tmp_path / "content")
    app = make_app(tmp_path / "home", content, lang=lang, grader=FakeGrader())
    steps = _open_timed if which == "timed" else _open_mock
    assert snap_compare(app, terminal_size=(100, 30), run_before=settled(steps))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("which", ["timed", "mock"])
def test_timed_and_mock_screens_snapshot_at_80x24(snap_compare: Any, tmp_path: Path, lang: str, which: str) -> None:
    from tests.tui_fixtures import make_app

    content = write_content(tmp_path / "content")
    app = make_app(tmp_path / "home", content, lang=lang, grader=FakeGrader())
    steps = _open_timed if which == "timed" else _open_mock
    assert snap_compare(app, terminal_size=(80, 24), run_before=settled(steps))
