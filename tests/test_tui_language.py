"""Every screen, and the help over it, speaks one language: no English UI word in zh, no Chinese in en.

The screens are rendered (as the snapshot tests reach them) and their text read
back. In zh, an ASCII word is allowed only if it comes from the content itself
(a card's or an exercise's Chinese text, the starter or reference code, a case
name: layer and API names, code) or is a key name or a unit. In en, no Chinese
character may show except the language key's own label.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from quizapp.content import load_dirs
from quizapp.content.punctuation import is_chinese
from tests.test_tui_snapshots import SCREENS, Steps
from tests.tui_fixtures import FakeGrader, make_app, ready, settle, write_content

# Key names as the footer and help show them, units, and the app's own name.
TECHNICAL = {
    "ctrl", "space", "enter", "escape", "esc", "tab", "shift", "up", "down", "left", "right", "pgup", "pgdn",
    "home", "end", "delete", "backspace", "insert", "ms", "quizapp", "Markdown", "EDITOR", "En", "FSRS",
    "NotImplementedError", "sample", "super",
}  # fmt: skip
_WORD = re.compile(r"[A-Za-z][A-Za-z]+")


async def _stats(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await pilot.press("s")
    await settle(pilot)


async def _timed(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await pilot.press("t")
    await settle(pilot)


async def _mock(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await pilot.press("m")
    await settle(pilot)


ALL_SCREENS: dict[str, Steps] = {**SCREENS, "stats": _stats, "timed": _timed, "mock": _mock}


def screen_text(app: Any) -> str:
    svg = app.export_screenshot()
    runs = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return html.unescape(" ".join(runs)).replace("\xa0", " ")


def content_words(content: Path) -> set[str]:
    """ASCII words the content itself brings to a Chinese screen (names, code)."""
    from quizapp.oracle import CHECKOUT_DIR, PACKAGED_DIR

    catalog = load_dirs([content]).catalog
    folder = PACKAGED_DIR if PACKAGED_DIR.is_dir() else CHECKOUT_DIR
    texts: list[str] = [path.read_text(encoding="utf-8") for path in folder.glob("*.py")]
    for deck in catalog.decks:
        texts.append(deck.title.get("zh"))
        for card in deck.cards:
            fields = [f for f in ("question", "answer", "explanation") if hasattr(card, f)]
            texts += [str(getattr(card, f).get("zh")) for f in fields]
            texts += [t.get("zh") for t in getattr(card, "key_points", ()) + getattr(card, "options", ())]
    for ex in catalog.exercises:
        texts += [ex.title.get("zh"), ex.prompt.get("zh"), ex.explanation.get("zh"), ex.starter]
        texts += [h.get("zh") for h in ex.hints]
    return {w for text in texts for w in _WORD.findall(text)}


def _cut_from(word: str, allowed: set[str]) -> bool:
    """A code word cut at a pane's edge (`tor` of `NotImplementedError`)."""
    return any(word in longer for longer in allowed if len(longer) > len(word))


async def _read_screen_and_help(pilot: Pilot[Any], steps: Steps) -> tuple[str, str]:
    await steps(pilot)
    shown = screen_text(pilot.app)
    if pilot.app.screen.__class__.__name__ != "HelpScreen":
        await pilot.press("question_mark")
        await settle(pilot)
    return shown, screen_text(pilot.app)


@pytest.mark.parametrize("name", list(ALL_SCREENS))
async def test_no_english_ui_word_in_chinese(name: str, quizapp_home: Path, tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    allowed = content_words(content) | TECHNICAL
    app = make_app(quizapp_home, content, lang="zh", grader=FakeGrader())
    async with app.run_test(size=(100, 30)) as pilot:
        shown, helped = await _read_screen_and_help(pilot, ALL_SCREENS[name])
    for where, text in (("screen", shown), ("help", helped)):
        stray = sorted({w for w in _WORD.findall(text) if w not in allowed and not _cut_from(w, allowed)})
        assert stray == [], f"{name} {where} shows English in zh: {stray}\n{text}"


@pytest.mark.parametrize("name", list(ALL_SCREENS))
async def test_no_chinese_in_english(name: str, quizapp_home: Path, tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    app = make_app(quizapp_home, content, lang="en", grader=FakeGrader())
    async with app.run_test(size=(100, 30)) as pilot:
        shown, helped = await _read_screen_and_help(pilot, ALL_SCREENS[name])
    for where, text in (("screen", shown), ("help", helped)):
        stray = [c for c in text.replace("中/En", "") if is_chinese(c)]
        assert stray == [], f"{name} {where} shows Chinese in en: {''.join(stray)}\n{text}"


def _texts(screen: Any) -> str:
    return screen_text(screen.app)


async def test_l_switches_a_drill_in_place(quizapp_home: Path, tmp_path: Path) -> None:
    from quizapp.tui.screens.drill import DrillScreen
    from quizapp.tui.widgets.card_view import QAView

    app = make_app(quizapp_home, write_content(tmp_path / "content"), grader=FakeGrader())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("r")
        await settle(pilot)
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        await pilot.press("space")
        await settle(pilot)
        card, index, shown_at = drill.card, drill.index, drill.shown_at
        assert "Show answer" not in _texts(drill) and "Back" in _texts(drill)
        await pilot.press("l")
        await settle(pilot)
        assert app.language == "zh" and app.screen is drill
        assert (drill.card, drill.index, drill.shown_at) == (card, index, shown_at)  # same card, clock kept
        view = drill._view
        assert isinstance(view, QAView) and view.revealed and view.lang == "zh"
        shown = _texts(drill)
        assert card.question.get("zh").strip()[:6] in shown
        assert "返回" in shown and "Back" not in shown  # the footer follows
        await pilot.press("l")
        await settle(pilot)
        assert app.language == "en" and "Back" in _texts(drill)


async def test_l_in_an_exercise_keeps_the_editor_and_the_draft(quizapp_home: Path, tmp_path: Path) -> None:
    from quizapp.tui.widgets.code_editor import CodeEditor

    content = write_content(tmp_path / "content")
    app = make_app(quizapp_home, content, grader=FakeGrader())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        editor = screen.query_one(CodeEditor)
        await pilot.press("l")  # typed into the editor: a letter of the code, not a switch
        await settle(pilot)
        assert app.language == "en" and "l" in editor.text
        text = editor.text
        await pilot.press("escape", "l")
        await settle(pilot)
        assert app.language == "zh" and app.screen is screen
        assert screen.query_one(CodeEditor) is editor and editor.text == text
        exercise = load_dirs([content]).catalog.exercises[0]
        assert exercise.title.get("zh") in _texts(screen)


async def test_help_redraws_in_the_new_language(quizapp_home: Path, tmp_path: Path) -> None:
    app = make_app(quizapp_home, write_content(tmp_path / "content"), grader=FakeGrader())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        help_screen = app.screen
        assert ("r", "Review today") in help_screen.rows  # type: ignore[attr-defined]
        await pilot.press("l")
        await settle(pilot)
        assert app.screen is help_screen
        assert help_screen.rows[0] == ("r", "今日复习")  # type: ignore[attr-defined]
        assert "今日复习" in _texts(help_screen)


async def test_the_palette_finds_commands_by_either_name(quizapp_home: Path, tmp_path: Path) -> None:
    from quizapp.tui.app import BilingualCommands

    app = make_app(quizapp_home, write_content(tmp_path / "content"), grader=FakeGrader())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        provider = BilingualCommands(app.screen)

        async def titles(query: str) -> list[str]:
            return [str(hit.text) for hit in [h async for h in provider.search(query)]]

        assert "Mock" in await titles("模拟")  # English UI, Chinese search
        app.set_language("zh")
        await settle(pilot)
        assert "模拟面试" in await titles("模拟")
        assert "模拟面试" in await titles("mock")  # Chinese UI, English search
        assert "语言：中文 / English" in await titles("language")
