"""Mock interview in the app: a full session with a fake clock, the report, and running out of time."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import TextArea

from quizapp.content import load_dirs
from quizapp.mock.plan import MockPlan
from quizapp.review import ReviewStore
from quizapp.tui.app import create_app
from quizapp.tui.screens.mock import MockScreen, mmss
from quizapp.tui.screens.mock_report import MockReportScreen
from tests.tui_fixtures import FROZEN, ready, settle, settled, until, write_content


class FakeClock:
    def __init__(self) -> None:
        self.now = FROZEN

    def __call__(self):  # noqa: ANN204 - a datetime, as the app's clock
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def theory_and_choice_plan(content: Path, minutes: int = 10) -> MockPlan:
    catalog = load_dirs([content]).catalog
    cards = list(catalog.cards())
    theory = tuple(c for c in cards if c.kind == "qa")
    choices = tuple(c for c in cards if c.kind == "choice")
    return MockPlan(theory, choices, None, minutes)


def test_countdown_never_shows_zero_while_time_is_left() -> None:
    assert mmss(0.2) == "0:01" and mmss(0) == "0:00" and mmss(125) == "2:05"


async def test_complete_mock_interview_produces_a_report_with_the_right_totals(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    clock = FakeClock()
    app = create_app(home=tmp_path / "home", content_roots=[content], clock=clock)
    plan = theory_and_choice_plan(content)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await app.push_screen(MockScreen(plan))
        await settle(pilot)
        # theory 1 (3 key points): a typed answer, two points covered
        answer = app.screen.query_one("#mock-answer", TextArea)
        assert answer.has_focus
        await pilot.press(*"larger lr")
        clock.tick(60)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("a", "b", "enter")
        await settle(pilot)
        # theory 2 (2 key points): nothing covered
        clock.tick(30)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        # choice 1 (single answer, a is right)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        # choice 2 (b and c are right): pick only b
        await pilot.press("b", "enter")
        await settle(pilot)
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, MockReportScreen) and app.screen.data is not None, "report")
        report = app.screen.data.report
        assert [round(line.score, 3) for line in report.items] == [round(2 / 3, 3), 0.0, 1.0, 0.0]
        assert report.total == pytest.approx((2 / 3 + 1) / 4)
        assert report.time_used_ms == 90_000
        assert report.items[0].answer_text == "larger lr"
        assert "> larger lr" in app.screen.data.markdown
        # the weak card comes back sooner than the one answered well
        with ReviewStore.open(tmp_path / "home") as store:
            weak = store.get_schedule("t-bn-eval").due_ms
            strong = store.get_schedule("t-why-bn").due_ms
        assert weak is not None and strong is not None and weak < strong
        await pilot.press("x")
        await settle(pilot)
        exported = tmp_path / "home" / "reports" / "mock-1.md"
        assert exported.read_text(encoding="utf-8").startswith("# Mock interview report #1")


async def test_time_running_out_ends_the_interview_and_scores_the_rest_zero(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    clock = FakeClock()
    app = create_app(home=tmp_path / "home", content_roots=[content], clock=clock)
    plan = theory_and_choice_plan(content, minutes=2)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        screen = MockScreen(plan)
        await app.push_screen(screen)
        await settle(pilot)
        assert "2:00" in str(screen.query_one("#mock-clock").render())
        clock.tick(121)
        screen.tick()
        await until(pilot, lambda: isinstance(app.screen, MockReportScreen) and app.screen.data is not None, "report")
        report_screen: Any = app.screen
        assert report_screen.timed_out
        report = report_screen.data.report
        assert len(report.items) == 4 and report.total == 0.0
        # cards never shown are not reviewed: nothing was scheduled by running out of time
        with ReviewStore.open(tmp_path / "home") as store:
            assert store.get_schedule("t-why-bn").state is None


def seed_two_mocks(home: Path, content: Path) -> None:
    """Two finished mock interviews, the second better than the first, by a fake clock."""
    from quizapp.mock.run import MockRun

    clock = FakeClock()
    plan = theory_and_choice_plan(content)
    with ReviewStore.open(home) as store:
        for covered in ([0], [0, 1, 2]):
            run = MockRun.start(store, plan, clock=clock)
            for card in plan.theory:
                run.begin_item()
                clock.tick(45)
                run.answer_theory(card, covered[: len(card.key_points)], "my answer")
            for card in plan.choices:
                run.begin_item()
                clock.tick(15)
                run.answer_choice(card, card.correct if len(covered) > 1 else [2])
            run.finish()
            clock.tick(3600)


async def _open_report(pilot: Any) -> None:
    await ready(pilot)
    screen = MockReportScreen(2)
    await pilot.app.push_screen(screen)
    await until(pilot, lambda: screen.data is not None, "report loaded")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_mock_report_snapshot(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    from tests.tui_fixtures import make_app

    content = write_content(tmp_path / "content")
    home = tmp_path / "home"
    seed_two_mocks(home, content)
    app = make_app(home, content, lang=lang)
    assert snap_compare(app, terminal_size=(100, 30), run_before=settled(_open_report))


async def test_ending_early_needs_a_second_q_and_scores_the_rest_zero(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    clock = FakeClock()
    app = create_app(home=tmp_path / "home", content_roots=[content], clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await app.push_screen(MockScreen(theory_and_choice_plan(content)))
        await settle(pilot)
        await pilot.press("escape", "q")  # leave the answer box, then one q: only a warning
        await settle(pilot)
        assert isinstance(app.screen, MockScreen)
        clock.tick(10)  # too late for a confirmation: ask again
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, MockScreen)
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, MockReportScreen) and app.screen.data is not None, "report")
        assert app.screen.data.report.total == 0.0 and not app.screen.timed_out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_mock_report_snapshot_at_80x24(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    from tests.tui_fixtures import make_app

    content = write_content(tmp_path / "content")
    home = tmp_path / "home"
    seed_two_mocks(home, content)
    app = make_app(home, content, lang=lang)
    assert snap_compare(app, terminal_size=(80, 24), run_before=settled(_open_report))
