"""Mock interview: nothing typed is lost at the end, and the scores say how it went."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Label

from quizapp.content import load_dirs
from quizapp.mock.plan import MockPlan
from quizapp.mock.report import TIME, signed_points
from quizapp.review import ReviewStore
from quizapp.tui.app import create_app
from quizapp.tui.screens.exercise import ExerciseScreen
from quizapp.tui.screens.mock import MockScreen
from quizapp.tui.screens.mock_report import MockReportScreen
from tests.test_tui_mock import FakeClock, theory_and_choice_plan
from tests.tui_fixtures import ready, settle, until, write_content


def _report_shown(app: Any) -> bool:
    return isinstance(app.screen, MockReportScreen) and app.screen.data is not None


async def _type_then_end(tmp_path: Path, *, by_time: bool) -> Any:
    content = write_content(tmp_path / "content")
    clock = FakeClock()
    app = create_app(home=tmp_path / "home", content_roots=[content], clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = MockScreen(theory_and_choice_plan(content, minutes=2))
        await app.push_screen(screen)
        await settle(pilot)
        await pilot.press(*"lipschitz")
        clock.tick(20)
        if by_time:
            clock.tick(120)
            screen.tick()
        else:
            await pilot.press("escape", "q", "q")
        await until(pilot, lambda: _report_shown(app), "report")
        data = app.screen.data  # type: ignore[attr-defined]
        await pilot.press("x")
        await settle(pilot)
        exported = (tmp_path / "home" / "reports" / "mock-1.md").read_text(encoding="utf-8")
    return data, exported


async def test_the_answer_being_typed_survives_time_running_out(tmp_path: Path) -> None:
    data, exported = await _type_then_end(tmp_path, by_time=True)
    first = data.report.items[0]
    assert first.answer_text == "lipschitz" and not first.answered and first.time_used_ms == 140_000
    assert "> lipschitz" in data.markdown and "> lipschitz" in exported
    assert data.report.dimensions[TIME] == 0.0  # nothing answered in the time: not "100%"


async def test_the_answer_being_typed_survives_q_q(tmp_path: Path) -> None:
    data, exported = await _type_then_end(tmp_path, by_time=False)
    assert data.report.items[0].answer_text == "lipschitz" and "> lipschitz" in exported
    assert data.report.dimensions[TIME] == 0.0
    # Items never reached (or cut off) are not "weakest cards": none was reviewed.
    assert data.report.weakest == ()
    with ReviewStore.open(tmp_path / "home") as store:
        assert all(store.get_schedule(line.key).state is None for line in data.report.items)


async def test_an_accidental_empty_mock_is_not_the_next_baseline(tmp_path: Path) -> None:
    from tests.test_tui_mock import seed_two_mocks

    content = write_content(tmp_path / "content")
    home = tmp_path / "home"
    seed_two_mocks(home, content)  # sessions 1 and 2; 2 scored 100%
    clock = FakeClock()
    app = create_app(home=home, content_roots=[content], clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        for _ in range(2):  # two interviews opened by mistake and ended at once
            await app.push_screen(MockScreen(theory_and_choice_plan(content)))
            await settle(pilot)
            await pilot.press("escape", "q", "q")
            await until(pilot, lambda: _report_shown(app), "report")
            report = app.screen.data.report  # type: ignore[attr-defined]
            assert report.previous_total == 1.0  # compared with session 2, not the empty one
            await pilot.press("q")
            await settle(pilot)


async def test_coding_item_runs_on_the_interviews_clock_and_says_which_item(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    catalog = load_dirs([content]).catalog
    exercise = catalog.exercise("tui-rmsnorm")
    plan = MockPlan((), (), exercise, 30)  # the exercise's own limit is 10 minutes
    clock = FakeClock()
    app = create_app(home=tmp_path / "home", content_roots=[content], clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await app.push_screen(MockScreen(plan))
        await until(pilot, lambda: isinstance(app.screen, ExerciseScreen), "the coding item")
        coding = app.screen
        assert isinstance(coding, ExerciseScreen)
        assert coding.timed_seconds == 30 * 60
        assert "Item 1 of 1" in str(coding.query_one("#exercise-title", Label).render())


def test_score_changes_never_read_minus_zero() -> None:
    assert signed_points(-0.001) == "0" and signed_points(0.004) == "0"
    assert signed_points(0.126) == "+13" and signed_points(-0.05) == "-5"
