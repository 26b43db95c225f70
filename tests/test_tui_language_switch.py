"""`l` on every screen and modal switches everything shown, in place, and keeps what the user did.

One generic walk: each state of the app (every screen and modal, the mock
interview's theory, choice and coding items, a running timer) is reached in
one language, `l` is pressed, and the screen is read back: not one word of the
language left behind may remain (English UI words are judged as in
test_tui_language.py: content words, key names and units are allowed). Then
`l` again, and the first language must be clean too. The screen must still be
the same screen object (nothing was rebuilt from scratch behind the user's back).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Markdown, Static, TextArea

from quizapp.content.punctuation import find_problems, is_chinese
from quizapp.tui.screens.mock import mmss
from tests.test_tui_language import _WORD, ALL_SCREENS, TECHNICAL, _cut_from, content_words, screen_text
from tests.test_tui_snapshots import Steps
from tests.tui_fixtures import FakeGrader, make_app, ready, settle, until, write_content


async def _mock_theory_revealed(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await pilot.press("m")
    await settle(pilot)
    await pilot.press(*"my answer", "ctrl+s")
    await settle(pilot)
    await pilot.press("a")  # one key point ticked
    await settle(pilot)


async def _mock_choice(pilot: Pilot[Any]) -> None:
    from quizapp.tui.screens.mock import MockScreen
    from tests.test_tui_mock import theory_and_choice_plan

    await ready(pilot)
    plan = theory_and_choice_plan(pilot.app.content_roots[0], minutes=30)  # type: ignore[attr-defined]
    await pilot.app.push_screen(MockScreen(plan))
    await settle(pilot)
    screen: Any = pilot.app.screen
    while not hasattr(screen.item, "options"):
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    await pilot.press("b")  # an answer: the feedback and the explanation show
    await settle(pilot)


async def _mock_coding(pilot: Pilot[Any]) -> None:
    from quizapp.content import load_dirs
    from quizapp.mock.plan import MockPlan
    from quizapp.tui.screens.mock import MockScreen

    await ready(pilot)
    catalog = load_dirs([pilot.app.content_roots[0]]).catalog  # type: ignore[attr-defined]
    await pilot.app.push_screen(MockScreen(MockPlan((), (), catalog.exercises[0], 30)))
    await settle(pilot)


async def _timed_running(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await pilot.press("t")
    await settle(pilot)
    await pilot.press("enter")  # the prefilled minutes
    await settle(pilot)


async def _mock_report(pilot: Pilot[Any]) -> None:
    from quizapp.tui.screens.mock_report import MockReportScreen
    from tests.test_tui_mock import seed_two_mocks

    app: Any = pilot.app
    seed_two_mocks(app.home, app.content_roots[0])
    await ready(pilot)
    screen = MockReportScreen(2)
    await app.push_screen(screen)
    await until(pilot, lambda: screen.data is not None, "report loaded")


async def _help_over_exercise(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await pilot.press("e")
    await settle(pilot)
    await pilot.press("escape", "question_mark")
    await settle(pilot)


STATES: dict[str, Steps] = {
    **ALL_SCREENS,
    "mock-theory-revealed": _mock_theory_revealed,
    "mock-choice": _mock_choice,
    "mock-coding": _mock_coding,
    "timed-running": _timed_running,
    "mock-report": _mock_report,
    "help-over-exercise": _help_over_exercise,
}


def typed_words(app: Any) -> set[str]:
    """What the user typed (an answer, code): theirs, in any language."""
    texts = [w.text for w in app.screen.query(TextArea)] + [w.value for w in app.screen.query(Input)]
    return {word for text in texts for word in _WORD.findall(text)}


def strays(text: str, lang: str, allowed: set[str]) -> list[str]:
    """What `text` shows of the language other than `lang`."""
    if lang == "en":
        return [c for c in text.replace("中/En", "") if is_chinese(c)]
    return sorted({w for w in _WORD.findall(text) if w not in allowed and not _cut_from(w, allowed)})


IDENTIFIERS = ("sample: N=2 D=3", "step 2 forward: NotImplementedError")


def punctuation_problems(app: Any) -> list[str]:
    """Half-width marks beside Chinese in the app's own text widgets.

    Code editors are code; Markdown shows content (cards, prompts, hints), which
    `quizapp check` holds to the same rule in its source form.
    """
    texts = [
        str(w.render())
        for w in app.screen.query(Static)
        if w.display and not any(isinstance(n, Markdown) for n in w.ancestors_with_self)
    ]
    texts += [str(c) for table in app.screen.query(DataTable) for row in table.ordered_rows
              for c in table.get_row(row.key)]  # fmt: skip
    for name in IDENTIFIERS:  # the exercise's case names and the fake grader's English message: identifiers
        texts = [text.replace(name, "x") for text in texts]
    return [f"{p.describe()} in {text!r}" for text in texts for line in text.splitlines() for p in find_problems(line)]


async def press_l(pilot: Pilot[Any]) -> None:
    """`l` as a user would press it: out of a text editor first (there `l` is a letter)."""
    focused = pilot.app.focused
    if isinstance(focused, TextArea) and not focused.read_only:
        await pilot.press("escape")
        await settle(pilot)
    await pilot.press("l")
    await settle(pilot)
    await pilot.pause(0.1)  # a recompose lands on a later frame
    await settle(pilot)


@pytest.mark.parametrize("start", ["en", "zh"])
@pytest.mark.parametrize("name", list(STATES))
async def test_l_leaves_no_word_of_the_old_language(name: str, start: str, quizapp_home: Path, tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    allowed = content_words(content) | TECHNICAL
    app = make_app(quizapp_home, content, lang=start, grader=FakeGrader())
    other = "zh" if start == "en" else "en"
    async with app.run_test(size=(100, 30)) as pilot:
        await STATES[name](pilot)
        screen = app.screen
        allowed |= typed_words(app)
        before = screen_text(app)
        assert strays(before, start, allowed) == [], f"{name} not clean in {start} before the switch:\n{before}"
        for lang in (other, start):
            await press_l(pilot)
            assert app.language == lang, f"{name}: l did not switch to {lang}"
            assert app.screen is screen, f"{name}: l replaced the screen"
            shown = screen_text(app)
            assert strays(shown, lang, allowed) == [], f"{name} after l to {lang} still shows: {shown}"
            if lang == "zh":
                assert punctuation_problems(app) == [], name


# -- what a switch must keep ---------------------------------------------------


async def test_l_in_a_drill_keeps_the_ticked_key_points(quizapp_home: Path, tmp_path: Path) -> None:
    from quizapp.tui.screens.drill import DrillScreen
    from quizapp.tui.widgets.card_view import QAView

    app = make_app(quizapp_home, write_content(tmp_path / "content"), grader=FakeGrader())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("space", "a", "c")
        await settle(pilot)
        drill = app.screen
        assert isinstance(drill, DrillScreen)
        suggested = drill.suggested
        for _ in range(2):
            await press_l(pilot)
            view = drill._view
            assert isinstance(view, QAView) and view.revealed and view.lang == app.language
            assert [p.ticked for p in view.checklist.items][:3] == [True, False, True]
            assert drill.suggested == suggested
            texts = [str(p.query_one(".text").render()) for p in view.checklist.items]
            assert texts == [p.get(app.language) for p in view.card.key_points]
        await pilot.press("enter")  # the suggestion still rates this card
        await settle(pilot)
        assert drill.record.ratings == [suggested]


async def test_l_in_a_mock_keeps_the_item_the_answer_and_the_ticks(quizapp_home: Path, tmp_path: Path) -> None:
    from quizapp.tui.screens.mock import MockScreen
    from quizapp.tui.widgets.card_view import QAView

    app = make_app(quizapp_home, write_content(tmp_path / "content"), grader=FakeGrader())
    async with app.run_test(size=(100, 30)) as pilot:
        await _mock_theory_revealed(pilot)
        mock = app.screen
        assert isinstance(mock, MockScreen) and mock.run is not None
        index, session, started = mock.index, mock.run.session_id, mock.run.started
        await press_l(pilot)
        assert app.screen is mock and mock.index == index
        assert (mock.run.session_id, mock.run.started) == (session, started)
        view = mock._view()
        assert isinstance(view, QAView) and view.revealed and view.lang == "zh"
        assert view.checklist.items[0].ticked and not view.checklist.items[1].ticked
        assert mock.query_one("#mock-answer", TextArea).text == "my answer"
        assert view.card.question.get("zh").strip()[:6] in screen_text(app)


async def test_l_in_a_mock_choice_keeps_the_feedback(quizapp_home: Path, tmp_path: Path) -> None:
    from quizapp.tui.widgets.card_view import ChoiceView

    app = make_app(quizapp_home, write_content(tmp_path / "content"), grader=FakeGrader())
    async with app.run_test(size=(100, 30)) as pilot:
        await _mock_choice(pilot)
        view = app.screen._view()  # type: ignore[attr-defined]
        assert isinstance(view, ChoiceView) and view.answered
        verdict = str(view.query_one("#verdict").render())
        await press_l(pilot)
        assert view.is_attached and view.answered and view.lang == "zh"
        assert str(view.query_one("#verdict").render()) != verdict and view.has_class("-answered")
        await pilot.press("space")  # still answered: space goes on
        await settle(pilot)
        assert app.screen._view() is not view  # type: ignore[attr-defined]


async def test_l_keeps_a_running_timer(quizapp_home: Path, tmp_path: Path) -> None:
    from quizapp.tui.app import create_app
    from quizapp.tui.screens.exercise import ExerciseScreen
    from tests.test_tui_mock import FakeClock

    clock = FakeClock()
    content = write_content(tmp_path / "content")
    app = create_app(home=quizapp_home, content_roots=[content], clock=clock, grader=FakeGrader())
    async with app.run_test(size=(100, 30)) as pilot:
        await _timed_running(pilot)
        screen = app.screen
        assert isinstance(screen, ExerciseScreen) and screen.timed
        clock.tick(95)
        screen.tick()
        left = screen.remaining_seconds()
        await press_l(pilot)
        assert app.screen is screen and screen.timed and not screen.expired
        assert screen.remaining_seconds() == left  # the same clock: not started again
        assert "剩余 " + mmss(left) in screen_text(app)
        clock.tick(5)
        screen.tick()
        assert screen.remaining_seconds() == left - 5 and "剩余 " + mmss(left - 5) in screen_text(app)


async def test_l_in_dialogs_keeps_the_choice_and_the_typed_minutes(quizapp_home: Path, tmp_path: Path) -> None:
    from textual.widgets import OptionList

    app = make_app(quizapp_home, write_content(tmp_path / "content"), grader=FakeGrader())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("t")
        await settle(pilot)
        minutes = app.screen.query_one("#minutes", Input)
        await pilot.press("backspace", "backspace", "backspace", "7")
        await settle(pilot)
        await press_l(pilot)
        assert app.language == "zh" and minutes.is_attached and minutes.value == "7"
        await pilot.press("escape")
        await settle(pilot)
        await ALL_SCREENS["custom"](pilot)
        options = app.screen.query_one("#custom-options", OptionList)
        await pilot.press("down")
        highlighted = options.highlighted
        await press_l(pilot)
        assert app.language == "en" and options.is_attached and options.highlighted == highlighted
        assert options.option_count > 0 and all(
            not any(is_chinese(c) for c in str(options.get_option_at_index(i).prompt))
            for i in range(options.option_count)
        )


async def test_a_chinese_paragraph_over_several_lines_shows_no_space_at_the_joins() -> None:
    """`（全 1），` at a source line's end, `形状` on the next: shown `（全 1），形状`, English keeps its space."""
    from textual.app import App, ComposeResult

    from quizapp.tui import cjkwrap

    cjkwrap.install_markdown_joins()
    cjkwrap.install_markdown_joins()  # idempotent

    class Page(App[None]):
        def compose(self) -> ComposeResult:
            yield Markdown("`running_var`（全 1），\n形状都是 (C,)；\n另有 `eps`。\n\nEnglish words\nkeep a space.")

    app = Page()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        shown = screen_text(app)
    assert "），形状都是" in shown and "；另有" in shown and "English words keep a space." in shown
