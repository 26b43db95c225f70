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


async def test_several_answers_show_check_boxes_one_answer_radio_buttons(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("c")
        await settle(pilot)
        single = str(app.screen.query_one("#option-0 .box").render())
        await pilot.press("a", "space")
        await settle(pilot)
        multiple = str(app.screen.query_one("#option-0 .box").render())
        await pilot.press("b")
        await settle(pilot)
        ticked = str(app.screen.query_one("#option-1 .box").render())
    assert single.startswith("○") and multiple.startswith("☐") and ticked.startswith("☑")


async def test_give_up_asks_for_a_second_ctrl_g(quizapp_home: Path, content: Path) -> None:
    from quizapp.review import ReviewStore
    from quizapp.tui.screens.solution import SolutionScreen

    app = make_app(quizapp_home, content)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseScreen)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseScreen)  # only a warning so far
        with ReviewStore.open(quizapp_home) as store:
            assert store.attempts() == []
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, SolutionScreen)


def _q_in_footer(app) -> bool:  # type: ignore[no-untyped-def]
    """The footer's `q` key is on screen, whole, not cut at the right edge."""
    from textual.widgets._footer import FooterKey

    width = app.screen.size.width
    keys = [k for k in app.screen.query(FooterKey) if k.key == "q" and k.display and k.region.width > 0]
    visible = [k for k in keys if k.parent is not None and k.parent.display is not False]
    # Cut at the edge (narrower than itself), or hidden under the palette key docked on the right.
    others = [k.region for k in app.screen.query(FooterKey) if k.key != "q" and k.display]
    return any(
        k.region.right <= width
        and k.region.width == k.outer_size.width
        and not any(k.region.overlaps(other) for other in others)
        for k in visible
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_footer_q_is_visible_at_80x24_on_every_screen(
    quizapp_home: Path, content: Path, lang: str
) -> None:
    seed_history(quizapp_home, content)
    app = make_app(quizapp_home, content, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert _q_in_footer(app), "home"
        await pilot.press("s")
        await until(pilot, lambda: bool(app.screen.query("#stats-leeches")), "stats")
        assert _q_in_footer(app), "stats"
        await pilot.press("q", "c")
        await settle(pilot)
        assert _q_in_footer(app), "quiz"
        await pilot.press("a")
        await settle(pilot)
        assert _q_in_footer(app), "quiz feedback"
        await pilot.press("q", "r")
        await settle(pilot)
        assert _q_in_footer(app), "drill"
        await pilot.press("space")
        await settle(pilot)
        assert _q_in_footer(app), "drill answer"


async def test_a_wide_code_line_in_an_answer_is_marked_and_scrolls_sideways(quizapp_home: Path, content: Path) -> None:
    from textual.widgets.markdown import MarkdownFence

    deck = content / "decks" / "tui-test.yaml"
    line = "self.running_var = (1 - m) * self.running_var + m * var * n / (n - 1)  # unbiased, as PyTorch keeps it"
    text = deck.read_text(encoding="utf-8").replace(
        'en: "The running_mean and running_var accumulated in training (exponential moving averages)."',
        f'en: "The running statistics:\\n\\n```python\\n{line}\\n```\\n"',
    )
    deck.write_text(text, encoding="utf-8")
    app = make_app(quizapp_home, content)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("r", "space", "3", "space")  # the second card, revealed
        await settle(pilot)
        [fence] = app.screen.query(MarkdownFence)
        assert fence.max_scroll_x > 0  # wider than the screen ...
        assert fence.horizontal_scrollbar.display and fence.scrollbar_size_horizontal == 1  # ... and it shows
        await pilot.press("end", "right", "right")
        await settle(pilot)
        assert fence.scroll_x == 16
        await pilot.press(*["right"] * 20)
        await settle(pilot)
        assert fence.scroll_x == fence.max_scroll_x  # the end of the line, "(n - 1)" included, can be reached


@pytest.mark.parametrize(("width", "stacked"), [(80, True), (140, False)])
async def test_solution_stacks_the_two_codes_below_120_columns(
    quizapp_home: Path, content: Path, width: int, stacked: bool
) -> None:
    from quizapp.tui.screens.solution import SolutionScreen

    app = make_app(quizapp_home, content)
    async with app.run_test(size=(width, 40)) as pilot:
        await ready(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("ctrl+g", "ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, SolutionScreen)
        mine, reference = (app.screen.query_one(f"#{i}") for i in ("mine", "reference"))
        if stacked:
            assert mine.region.width >= width - 4 and reference.region.y > mine.region.bottom - 1
        else:
            assert mine.region.y == reference.region.y and mine.region.right <= reference.region.x


async def test_small_screens_wrap_instead_of_cutting(quizapp_home: Path, content: Path) -> None:
    """The timed dialog is centred and its title wraps; the mock's instruction wraps; the score is labelled."""
    from textual.widgets import Label

    from quizapp.tui.screens.mock import MockScreen
    from quizapp.tui.screens.summary import SummaryScreen
    from quizapp.tui.screens.timed_setup import TimedSetupScreen

    app = make_app(quizapp_home, content)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TimedSetupScreen)
        dialog = app.screen.query_one("#timed-setup")
        assert abs(dialog.region.center[0] - SIZE[0] // 2) <= 1 and dialog.region.right <= SIZE[0]
        title = app.screen.query_one("#timed-setup .section", Label)
        assert title.region.right <= dialog.region.right
        await pilot.press("escape", "m")
        await settle(pilot)
        assert isinstance(app.screen, MockScreen)
        hint = app.screen.query_one("#reveal-hint", Label)
        assert hint.region.right <= SIZE[0] and hint.region.height >= 2  # wrapped onto a second line
        await pilot.press("escape", "q", "q")
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("c", "a", "space", "b", "c", "enter", "space")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert str(app.screen.query_one("#score").render()) == "Choice cards right: 2 / 2"
