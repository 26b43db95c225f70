"""Every screen works by keyboard at 80x24: focus lands on what scrolls, cursors stay on screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.widgets import DataTable

from quizapp.tui.screens.exercise import ExerciseScreen
from quizapp.tui.screens.help import HelpScreen
from quizapp.tui.screens.stats import StatsScreen
from tests.test_tui_stats import seed_history
from tests.tui_fixtures import EXERCISE_YAML, make_app, ready, settle, until, write_content

SIZE = (80, 24)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = write_content(tmp_path / "content")
    # Twelve exercises: more rows than Home has room for at 80x24.
    for i in range(2, 13):
        text = EXERCISE_YAML.replace("id: tui-rmsnorm", f"id: tui-rmsnorm-{i}")
        text = text.replace('en: "RMSNorm forward"', f'en: "RMSNorm forward, copy {i}"')
        (root / "exercises" / f"tui-rmsnorm-{i}.yaml").write_text(text, encoding="utf-8")
    return root


async def test_stats_scrolls_to_its_last_section_with_end_right_after_opening(
    quizapp_home: Path, content: Path
) -> None:
    seed_history(quizapp_home, content)
    app = make_app(quizapp_home, content)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("s")
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        await until(pilot, lambda: bool(screen.query("#stats-leeches")), "stats loaded")
        body = screen.query_one("#stats-body", VerticalScroll)
        assert body.max_scroll_y > 0  # taller than the screen: the test means something
        await pilot.press("end")
        await settle(pilot)
        assert body.scroll_y == body.max_scroll_y
        leeches = screen.query_one("#stats-leeches")
        assert leeches.region.bottom <= body.region.bottom and leeches.region.y >= body.region.y


async def test_help_opens_with_its_table_focused(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert app.focused is app.screen.query_one("#help-keys")


async def test_home_exercise_table_follows_its_cursor_to_the_last_row(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        table = app.screen.query_one("#exercises", DataTable)
        assert table.row_count == 12
        await pilot.press("tab")
        assert app.focused is table
        footer_top = app.screen.size.height - 1
        for row in range(1, 12):
            await pilot.press("down")
            await settle(pilot)
            assert table.cursor_row == row
            # The highlighted row is inside the table's window, and the window inside the screen.
            y = table.region.y + table.header_height + row - int(table.scroll_y)
            assert table.region.y + table.header_height <= y < table.region.bottom <= footer_top, (row, y)
        last = table.coordinate_to_cell_key((11, 0)).row_key.value
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseScreen) and app.screen.exercise.id == last
