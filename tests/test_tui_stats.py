"""The statistics screen on a seeded history: charts drawn from real figures, in both languages."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fsrs import Rating
from textual.pilot import Pilot
from textual.widgets import Static

from quizapp.content import load_dirs
from quizapp.review import ReviewStore
from quizapp.tui.screens.stats import StatsScreen
from quizapp.tui.widgets.charts import count_bars, heat_level, heatmap, share_bars
from tests.tui_fixtures import FROZEN, make_app, ready, settled, until, write_content


def seed_history(home: Path, content: Path) -> None:
    """Two weeks of drilling, two exercise attempts and one leech, all before FROZEN."""
    catalog = load_dirs([content]).catalog
    exercise = catalog.exercise("tui-rmsnorm")
    with ReviewStore.open(home) as store:
        store.sync_content(list(catalog.cards()), list(catalog.exercises))
        for day in range(14, 0, -1):
            when = FROZEN - timedelta(days=day)
            for card in catalog.cards():
                store.review(card.id, Rating.Good if day % 3 else Rating.Again, when=when)
        # A leech: eight lapses, each an Again on a card in review, relearned right after.
        store.review("t-bn-eval", Rating.Easy, when=FROZEN - timedelta(days=40))
        for lapse in range(8):
            when = FROZEN - timedelta(days=39 - 3 * lapse)
            store.review("t-bn-eval", Rating.Again, when=when)
            store.review("t-bn-eval", Rating.Good, when=when + timedelta(minutes=15))
        common = dict(total=3, timed=True, hints_used=0, code="pass")
        store.record_attempt(exercise, verdict="wrong_answer", passed=1, time_used_ms=400_000,
                             when=FROZEN - timedelta(days=2), **common)  # fmt: skip
        store.record_attempt(exercise, verdict="accepted", passed=3, time_used_ms=250_000,
                             when=FROZEN - timedelta(days=1), **common)  # fmt: skip


def test_charts_are_drawn_from_the_data() -> None:
    assert heat_level(0, 10) == "·" and heat_level(10, 10) == "█" and heat_level(1, 10) == "░"
    rows = heatmap([("2026-11-02", 1), ("2026-11-03", 0), ("2026-11-09", 4)])  # Mon, Tue, next Mon
    assert rows[0] == "Mon ░ █" and rows[1] == "Tue ·  "
    assert count_bars([("a", 2), ("bb", 4)], width=4) == ["a   ██░░    2", "bb  ████    4"]
    assert share_bars([("x", 0.5), ("y", None)], width=4) == ["x  ██░░  50%", "y          –"]


async def _open_stats(pilot: Pilot[Any]) -> StatsScreen:
    await ready(pilot)
    screen = StatsScreen()
    await pilot.app.push_screen(screen)
    await until(pilot, lambda: screen.view is not None and bool(screen.query("#heatmap")), "stats loaded")
    return screen


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_stats_screen_shows_the_seeded_history(tmp_path: Path, lang: str) -> None:
    content = write_content(tmp_path / "content")
    home = tmp_path / "home"
    seed_history(home, content)
    app = make_app(home, content, lang=lang)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _open_stats(pilot)
        view = screen.view
        assert view is not None
        assert view.stats.reviews == 14 * 4 + 17 + 2  # 2 attempts schedule the exercise too
        assert [card for card, _ in view.stats.leeches] == ["t-bn-eval"]
        heat = str(screen.query_one("#heatmap", Static).render())
        assert heat.count("·") + sum(heat.count(c) for c in "░▒▓█") == 30
        assert "█" in heat
        leech_text = " ".join(str(w.render()) for w in screen.query("#stats-leeches Static"))
        expected_front = "推理时 BN 用什么统计量？" if lang == "zh" else "Which statistics does BN use at inference?"
        assert expected_front in leech_text
        exercise_line = str(screen.query_one(".exercise-line", Static).render())
        assert "attempts: 2" in exercise_line or "尝试：2 次" in exercise_line
        assert "4m10s" in exercise_line  # the accepted attempt's 250 s is the best time
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, StatsScreen)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_stats_screen_snapshot(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    content = write_content(tmp_path / "content")
    home = tmp_path / "home"
    seed_history(home, content)
    app = make_app(home, content, lang=lang)
    assert snap_compare(app, terminal_size=(100, 30), run_before=settled(_open_stats))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_stats_screen_snapshot_at_80x24(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    content = write_content(tmp_path / "content")
    home = tmp_path / "home"
    seed_history(home, content)
    app = make_app(home, content, lang=lang)
    assert snap_compare(app, terminal_size=(80, 24), run_before=settled(_open_stats))


def test_chart_labels_align_in_terminal_cells_with_cjk() -> None:
    from rich.cells import cell_len

    lines = share_bars([("理论回忆", 0.5), ("Time", 1.0)], width=4)
    assert cell_len(lines[0]) == cell_len(lines[1])
    rows = heatmap([("2026-11-02", 1)], lang="zh")
    assert rows[0].startswith("一 ")
