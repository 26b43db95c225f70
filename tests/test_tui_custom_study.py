"""Custom study: a deck with nothing left today offers extra new cards, a cram, and the weakest tag."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from quizapp.review import ReviewStore
from quizapp.tui.screens.custom_study import CustomStudyScreen
from quizapp.tui.screens.drill import CramScreen, DrillScreen
from quizapp.tui.screens.home import HomeScreen
from tests.tui_fixtures import make_app, ready, settle, write_content

TAGGED = {"t-why-bn": "[bn, theory]", "t-bn-eval": "[bn, inference]", "t-bn-axes": "[bn]", "t-ln-batch": "[ln]"}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = write_content(tmp_path / "content")
    deck = root / "decks" / "tui-test.yaml"
    text = deck.read_text(encoding="utf-8")
    for card, tags in TAGGED.items():
        text = text.replace(f"  - id: {card}\n", f"  - id: {card}\n    tags: {tags}\n")
    deck.write_text(text, encoding="utf-8")
    return root


def _limit_new(home: Path, n: int) -> None:
    with ReviewStore.open(home) as store:
        store.set_setting("daily_new_limit", n)


def _schedules(home: Path) -> dict[str, tuple[object, ...]]:
    with ReviewStore.open(home) as store:
        out = {}
        for card in TAGGED:
            s = store.get_schedule(card)
            out[card] = (s.state, s.stability, s.due_ms, s.reps) if s else None
        return out


async def _open_custom_study(pilot) -> CustomStudyScreen:  # type: ignore[no-untyped-def]
    await pilot.press("enter")  # the deck row: nothing left today
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CustomStudyScreen)
    return screen


async def _choose(pilot, screen: CustomStudyScreen, option_id: str) -> None:  # type: ignore[no-untyped-def]
    options = screen.query_one("#custom-options", OptionList)
    options.highlighted = options.get_option_index(option_id)
    await pilot.press("enter")
    await settle(pilot)


async def test_extra_new_cards_once_todays_limit_is_reached(quizapp_home: Path, content: Path) -> None:
    _limit_new(quizapp_home, 1)
    app = make_app(quizapp_home, content)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("r", "space", "4")  # today's one new card, Easy: not due again today
        await settle(pilot)
        await pilot.press("enter")  # the summary, back to Home
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        screen = await _open_custom_study(pilot)
        assert "new-deck" in screen.choices and len(screen.choices["new-deck"].cards) == 3
        await _choose(pilot, screen, "new-deck")
        drill = app.screen
        assert isinstance(drill, DrillScreen) and not isinstance(drill, CramScreen)
        await pilot.press("space", "3")
        await settle(pilot)
    with ReviewStore.open(quizapp_home) as store:
        reviewed = [c for c in TAGGED if store.review_history(c)]
    assert len(reviewed) == 2  # the extra new card went through the scheduler like any other


async def test_cram_changes_no_schedule_and_is_logged_as_cram(quizapp_home: Path, content: Path) -> None:
    _limit_new(quizapp_home, 0)  # nothing due, no new card today: Home's enter offers custom study
    app = make_app(quizapp_home, content)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        before = _schedules(quizapp_home)
        with ReviewStore.open(quizapp_home) as store:
            logged_before = {c: len(store.review_history(c)) for c in TAGGED}
        screen = await _open_custom_study(pilot)
        assert {"new-deck", "cram-deck", "cram-tag:bn", "new-tag:ln"} <= set(screen.choices)
        assert "weakest" not in screen.choices  # nothing answered yet: no tag is known to be weak
        await _choose(pilot, screen, "cram-deck")
        cram = app.screen
        assert isinstance(cram, CramScreen)
        for _ in range(4):  # answer every card, whatever its kind
            card = cram.card
            if card.kind == "qa":
                await pilot.press("space", "1")
            else:
                await pilot.press("a", "enter", "space") if card.multiple else await pilot.press("c", "space")
            await settle(pilot)
        await pilot.press("enter")  # the summary
        await settle(pilot)
    assert _schedules(quizapp_home) == before
    with ReviewStore.open(quizapp_home) as store:
        assert {c: len(store.review_history(c)) for c in TAGGED} == logged_before
        assert all(len(store.cram_history(c)) == 1 for c in TAGGED)


async def test_weakest_tag_is_the_one_recalled_worst(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("r")
        await settle(pilot)
        # Easy on the bn cards, Again on the only ln card.
        await pilot.press("space", "4", "space", "4", "a", "space", "a", "enter", "space")
        await settle(pilot)
        assert app.study is not None and app.study.weakest_tag() == "ln"
