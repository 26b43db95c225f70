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


async def test_home_and_stats_count_the_same_due_cards_and_mock_score(
    quizapp_home: Path, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from quizapp.cli import main
    from quizapp.review import compute_stats
    from quizapp.tui.screens.home import HomeScreen
    from tests.test_tui_mock import seed_two_mocks
    from tests.tui_fixtures import FROZEN

    app = make_app(quizapp_home, content)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("r", "space", "1", "space", "1", "q")  # two cards in learning, due in minutes
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen) and home.overview is not None
        shown_due = home.overview.due_cards
    assert shown_due == 2
    with ReviewStore.open(quizapp_home) as store:
        assert compute_stats(store, FROZEN).due_now == shown_due  # what `quizapp stats` says at that moment
    seed_two_mocks(quizapp_home, content)  # the last one scored 100% in the app's report
    assert main(["--content", str(content), "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["last_mock_score"]["percent"] == 100
    assert main(["--content", str(content), "stats"]) == 0
    assert "last score 100%" in capsys.readouterr().out


def test_easy_always_waits_longer_than_good_and_the_labels_differ() -> None:
    from datetime import UTC, datetime

    from quizapp.review import format_interval
    from quizapp.review.scheduling import Schedule, apply_rating, preview

    t = int(datetime(2025, 3, 3, tzinfo=UTC).timestamp() * 1000)
    # Every path of up to three answers from new: Again, then Good left the two equal.
    paths = [[a, b, c] for a in range(1, 5) for b in range(1, 5) for c in range(1, 5)]
    for path in paths:
        sched = Schedule()
        for rating in path:
            shown = preview(1, sched, t, desired_retention=0.9)
            labels = [format_interval(shown[r]) for r in sorted(shown)]
            assert shown[max(shown)] > shown[sorted(shown)[2]], (path, labels)
            assert labels[3] != labels[2], (path, labels)
            after = apply_rating(1, sched, rating, t, desired_retention=0.9)
            assert after.due_ms == t + int(shown[sorted(shown)[rating - 1]].total_seconds() * 1000)  # label is honest
            sched, t = after, after.due_ms or t


def test_interval_labels_never_merge_two_different_intervals() -> None:
    from datetime import timedelta

    from quizapp.review.scheduling import interval_labels

    days = {1: timedelta(minutes=10), 2: timedelta(days=40), 3: timedelta(days=60), 4: timedelta(days=61)}
    labels = interval_labels(days)  # type: ignore[arg-type]
    assert labels[3] == "60d" and labels[4] == "61d" and labels[2] == "1.3mo"


async def test_cli_and_app_show_a_best_time_alike(
    quizapp_home: Path, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from quizapp.cli import main
    from quizapp.content import load_dirs
    from quizapp.tui.screens.home import HomeScreen

    catalog = load_dirs([content]).catalog
    with ReviewStore.open(quizapp_home) as store:
        store.sync_content(list(catalog.cards()), list(catalog.exercises))
        store.record_attempt(catalog.exercise("tui-rmsnorm"), verdict="accepted", passed=3, total=3,
                             time_used_ms=53_600, timed=False, hints_used=0, code="pass")  # fmt: skip
    app = make_app(quizapp_home, content)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        shown = str(home.query_one("#exercises").get_row("tui-rmsnorm")[2])  # type: ignore[attr-defined]
    assert main(["--content", str(content), "stats", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert shown == "54s" and "54s" in out and "0:53" not in out
