"""Snapshots of every screen (100x30) and of drill and exercise at 80x24, in both languages.

Update after a deliberate visual change with `pytest tests/test_tui_snapshots.py --snapshot-update`
and look at the new SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from quizapp.tui.widgets.code_editor import CodeEditor
from tests.tui_fixtures import FakeGrader, make_app, ready, settle, settled, until, write_content

Steps = Callable[[Pilot[Any]], Awaitable[None]]


async def _home(pilot: Pilot[Any]) -> None:
    await ready(pilot)


async def _drill(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await pilot.press("r")
    await settle(pilot)
    await pilot.press("space")
    await settle(pilot)
    await pilot.press("a", "b")  # two of three points: Hard suggested
    await settle(pilot)


async def _quiz(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await pilot.press("c")
    await settle(pilot)
    await pilot.press("b")  # a wrong answer, to show the feedback
    await settle(pilot)


async def _summary(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await pilot.press("c")
    await settle(pilot)
    await pilot.press("a", "space", "b", "c", "enter", "space")
    await settle(pilot)


async def _exercise(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await pilot.press("e")
    await settle(pilot)
    screen = pilot.app.screen
    await pilot.press("ctrl+r")  # the starter raises NotImplementedError: a failing sample
    await until(pilot, lambda: "✘" in str(screen.query_one("#verdict-line").render()), "a verdict")
    await pilot.press("ctrl+t")
    pane = screen.query_one("#prompt-pane")

    def hint_in_view() -> bool:
        return bool(screen.query(".hint-text")) and pane.scroll_y == pane.max_scroll_y

    await until(pilot, hint_in_view, "the hint, scrolled into view")
    # Focus out of the editor: its cursor blinks on a timer, which would make
    # the picture depend on timing (and this shows the keys of the non-editing state).
    await pilot.press("escape")
    await pilot.pause(0.2)  # the footer recomposes after bindings change; let it land
    await settle(pilot)


async def _solution(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await pilot.press("e")
    await settle(pilot)
    await pilot.press("ctrl+g", "ctrl+g")  # the second confirms
    await settle(pilot)
    for editor in pilot.app.screen.query(CodeEditor):
        editor.cursor_blink = False


async def _help(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await pilot.press("r")
    await settle(pilot)
    await pilot.press("question_mark")
    await settle(pilot)


async def _custom_study(pilot: Pilot[Any]) -> None:
    from quizapp.review import ReviewStore

    app: Any = pilot.app
    with ReviewStore.open(app.home) as store:
        store.set_setting("daily_new_limit", 0)  # nothing due, nothing new: enter offers custom study
    await ready(pilot)
    app.screen.reload()
    await settle(pilot)
    await pilot.press("enter")
    await until(pilot, lambda: bool(app.screen.query("#custom-options")), "custom study")


SCREENS: dict[str, Steps] = {
    "home": _home,
    "drill": _drill,
    "quiz": _quiz,
    "summary": _summary,
    "exercise": _exercise,
    "solution": _solution,
    "help": _help,
    "custom": _custom_study,
}

# Every screen at 80x24, the smallest size the README promises, in both languages
# (statistics, mock, timed and the mock report: in their own test files).
CASES = [(name, lang, (100, 30)) for name in SCREENS if name != "custom" for lang in ("en", "zh")] + [
    (name, lang, (80, 24)) for name in SCREENS for lang in ("en", "zh")
]


@pytest.mark.parametrize(
    ("screen", "lang", "size"), CASES, ids=[f"{s}-{lang}-{w}x{h}" for s, lang, (w, h) in CASES]
)
def test_screen(
    screen: str, lang: str, size: tuple[int, int], snap_compare: Any, quizapp_home: Path, tmp_path: Path
) -> None:
    content = write_content(tmp_path / "content")
    app = make_app(quizapp_home, content, lang=lang, grader=FakeGrader())
    assert snap_compare(app, terminal_size=size, run_before=settled(SCREENS[screen]))
