"""Every footer fits: no key cut, none under the palette key, none glued to the next (issue 16, defect 12).

The footer is read as laid out (each key's region), not as text: a key whose
region is narrower than its label is cut, one that reaches into the palette
key's region is hidden under it ("中/▏^p"), and two with no column between
them read as one ("Rate⏎Suggested").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

from tests.test_tui_language import ALL_SCREENS
from tests.tui_fixtures import FakeGrader, make_app, settle, steady, write_content


def footer_problems(app: Any) -> list[str]:
    # A dialog has no footer of its own: the screen under it shows its keys.
    screen = next(s for s in reversed(app.screen_stack) if any(f.region.width for f in s.query(Footer)))
    width = screen.size.width
    footers = [f for f in screen.query(Footer) if f.region.width > 0]
    problems: list[str] = []
    for footer in footers:
        items = sorted(
            (w for w in footer.query("FooterKey, FooterLabel") if w.region.width > 0), key=lambda w: w.region.x
        )
        palette = next((w for w in items if w.has_class("-command-palette")), None)
        limit = palette.region.x if palette is not None else width
        previous: Any = None
        for item in items:
            if isinstance(item, FooterKey):
                label = item.key_display + (f" {item.description}" if item.description else "")
            else:
                assert isinstance(item, FooterLabel)
                label = str(item.render())
            shown = f"'{label}'"
            if item.region.width < cell_len(label):
                problems.append(f"{shown} cut to {item.region.width} columns")
            if item is not palette and item.region.right > limit:
                problems.append(f"{shown} runs under the palette key or off the screen")
            grouped = previous is not None and previous.has_class("-grouped") and item.has_class("-grouped")
            if previous is not None and not grouped and item.region.x < previous.region.right + 1:
                problems.append(f"{shown} glued to the key before it")
            previous = item
    return problems


async def _exercise_results(pilot: Any) -> None:
    """The exercise screen with the focus in its results (the footer shows the results' keys)."""
    await ALL_SCREENS["exercise"](pilot)
    await pilot.press("ctrl+l")
    await settle(pilot)


async def _exercise_editing(pilot: Any) -> None:
    await ALL_SCREENS["exercise"](pilot)
    await pilot.press("e")
    await settle(pilot)


STATES = {**ALL_SCREENS, "exercise-results": _exercise_results, "exercise-editing": _exercise_editing}
SIZES = [(80, 24), (100, 30), (120, 40)]
CASES = [(name, lang, (80, 24)) for name in STATES for lang in ("en", "zh")] + [
    # Home shows more keys from 100 columns on; the drill's rating group is the other tight one.
    (name, lang, size) for name in ("home", "drill", "exercise") for lang in ("en", "zh") for size in SIZES[1:]
]


@pytest.mark.parametrize(
    ("name", "lang", "size"), CASES, ids=[f"{n}-{lang}-{w}x{h}" for n, lang, (w, h) in CASES]
)
async def test_footer_keys_fit(name: str, lang: str, size: tuple[int, int], quizapp_home: Path, tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    app = make_app(quizapp_home, content, lang=lang, grader=FakeGrader())
    async with app.run_test(size=size) as pilot:
        await STATES[name](pilot)
        await steady(pilot)
        assert footer_problems(app) == []
