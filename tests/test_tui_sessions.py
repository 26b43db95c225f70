"""Sessions count each answer once: undo takes back exactly the last stored answer.

The drill and the quiz keep one list of the answers they stored; the summary
is computed from it, and the database must agree with it after any sequence of
keys (the property test below drives random ones).
"""

from __future__ import annotations

import asyncio
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.review import ReviewStore
from quizapp.tui.screens.drill import CardSession
from quizapp.tui.screens.summary import SummaryScreen
from quizapp.tui.widgets.card_view import ChoiceView
from tests.tui_fixtures import make_app, ready, settle, write_content


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return write_content(tmp_path / "content")


def _stored(home: Path, mode: str) -> Counter[str]:
    """How many reviews of each card the database holds, for one mode."""
    with ReviewStore.open(home) as store:
        return Counter(
            card for card in ("t-why-bn", "t-bn-eval", "t-bn-axes", "t-ln-batch")
            for r in store.review_history(card) if r.mode == mode
        )


async def test_undo_on_choice_feedback_takes_back_this_card_and_shows_it(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("c")
        await settle(pilot)
        quiz = app.screen
        assert isinstance(quiz, CardSession)
        await pilot.press("1", "space")  # card 1 right, then on to card 2
        await settle(pilot)
        await pilot.press("1")  # card 2 (multi-select): pick a ...
        await pilot.press("enter")  # ... and submit: wrong, feedback shows
        await settle(pilot)
        assert quiz.card.id == "t-ln-batch" and _stored(quizapp_home, "quiz") == {"t-bn-axes": 1, "t-ln-batch": 1}
        await pilot.press("u")
        await settle(pilot)
        # The answer just given is the one undone, and its card is shown again, unanswered.
        assert quiz.card.id == "t-ln-batch"
        assert isinstance(quiz.view, ChoiceView) and not quiz.view.answered
        assert _stored(quizapp_home, "quiz") == {"t-bn-axes": 1}
        await pilot.press("2", "3", "enter", "space")
        await settle(pilot)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert "2 / 2" in str(summary.query_one("#score").render())
        assert _stored(quizapp_home, "quiz") == {"t-bn-axes": 1, "t-ln-batch": 1}


async def test_undo_on_the_first_cards_feedback_works(quizapp_home: Path, content: Path) -> None:
    app = make_app(quizapp_home, content)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("c")
        await settle(pilot)
        quiz = app.screen
        assert isinstance(quiz, CardSession)
        await pilot.press("2")  # wrong
        await settle(pilot)
        assert _stored(quizapp_home, "quiz") == {"t-bn-axes": 1}
        await pilot.press("u")
        await settle(pilot)
        assert _stored(quizapp_home, "quiz") == {}
        assert quiz.card.id == "t-bn-axes" and isinstance(quiz.view, ChoiceView) and not quiz.view.answered


DRILL_KEYS = ["space", "1", "2", "3", "4", "a", "b", "c", "enter", "u"]
QUIZ_KEYS = ["a", "b", "c", "1", "2", "3", "space", "enter", "u"]


async def _drive(start: str, keys: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home, content = Path(tmp) / "home", write_content(Path(tmp) / "content")
        home.mkdir()
        app = make_app(home, content)
        mode = "quiz" if start == "c" else "drill"
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.press(start)
            await settle(pilot)
            session = app.screen
            assert isinstance(session, CardSession)
            for key in keys:
                if not isinstance(app.screen, CardSession):
                    break
                await pilot.press(key)
                await settle(pilot)
                answers = session.record.answers
                stored = _stored(home, mode)
                # One stored review per card answered and not undone; nothing else.
                assert all(n == 1 for n in stored.values()), stored
                assert set(stored) == {session.cards[a.index].id for a in answers}
                assert len(answers) == len({a.index for a in answers})
            if isinstance(app.screen, SummaryScreen):
                stored = _stored(home, mode)
                text = str(app.screen.query_one("#summary-cards").render())
                assert text.startswith(f"{sum(stored.values())} "), text
                if mode == "quiz":
                    score = str(app.screen.query_one("#score").render())
                    assert score.endswith(f"/ {sum(stored.values())}"), score


_PROPERTY = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_PROPERTY
@given(st.lists(st.sampled_from(DRILL_KEYS), max_size=25))
def test_any_drill_keys_store_one_review_per_answered_card(keys: list[str]) -> None:
    asyncio.run(_drive("r", keys))


@_PROPERTY
@given(st.lists(st.sampled_from(QUIZ_KEYS), max_size=25))
def test_any_quiz_keys_store_one_review_per_answered_card(keys: list[str]) -> None:
    asyncio.run(_drive("c", keys))
