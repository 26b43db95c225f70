"""The card format of the second edition: `details`, and `retired:` with history that follows.

Loader tests write small decks; store tests use the review fakes; one Pilot
test checks that the drill shows the details after the reveal, not before.
"""

from __future__ import annotations

import io
import json
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from fsrs import Rating

from quizapp.content import QACard, load_dirs
from quizapp.review import ReviewStore, build_queue, compute_stats
from quizapp.review.commands import run_stats
from tests.review_fakes import T0, FakeCard
from tests.test_review_stats import _args

DECK_HEAD = """\
id: {deck}
title: {{zh: 演示, en: Demo}}
description: {{zh: 演示卡组。, en: A demo deck.}}
languages: [zh, en]
"""


def qa(card_id: str, extra: str = "") -> str:
    return textwrap.indent(
        textwrap.dedent(f"""\
        - id: {card_id}
          kind: qa
          question: {{zh: 问题？, en: Question?}}
          answer: {{zh: 答案。, en: Answer.}}
          key_points:
            - {{zh: 要点。, en: Point.}}
        """)
        + extra,
        "  ",
    )


def write_deck(root: Path, name: str, cards: str, tail: str = "", deck: str | None = None) -> Path:
    (root / "decks").mkdir(parents=True, exist_ok=True)
    path = root / "decks" / f"{name}.yaml"
    path.write_text(DECK_HEAD.format(deck=deck or name) + "cards:\n" + cards + textwrap.dedent(tail), encoding="utf-8")
    return path


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path / "content"


# --- details -----------------------------------------------------------------------


def test_details_are_loaded_and_do_not_change_the_content_hash(root: Path) -> None:
    details = "  details:\n    zh: 深入的推导。\n    en: The derivation in depth.\n"
    write_deck(root, "a", qa("with-details", details))
    write_deck(root, "b", qa("with-details-2"))
    result = load_dirs([root])
    assert result.errors == []
    card = result.catalog.card("with-details")
    plain = result.catalog.card("with-details-2")
    assert isinstance(card, QACard) and isinstance(plain, QACard)
    assert card.details is not None and card.details.get("en") == "The derivation in depth."
    assert card.details.get("zh") == "深入的推导。"
    assert plain.details is None
    # Details are reading material: adding them must not flag the card as rewritten.
    assert card.content_hash == plain.content_hash


def test_details_must_be_bilingual(root: Path) -> None:
    write_deck(root, "a", qa("half", "  details: {en: Only English.}\n"))
    [error] = load_dirs([root]).errors
    assert "'details': missing language 'zh'" in str(error)
    assert error.line == 12 and error.subject == "card 'half'"


# --- retired: the content check ------------------------------------------------------


def test_retired_mapping_loads(root: Path) -> None:
    write_deck(root, "a", qa("new-card"), "retired:\n  old-one: new-card\n  old-two: new-card\n")
    result = load_dirs([root])
    assert result.errors == []
    assert result.catalog.retired() == {"old-one": "new-card", "old-two": "new-card"}


def test_retired_target_must_exist_and_retired_id_must_not_be_live(root: Path) -> None:
    write_deck(root, "a", qa("live-card"), "retired:\n  gone: nowhere\n  live-card: live-card\n")
    write_deck(root, "b", qa("other-card"), "retired:\n  gone: live-card\n")
    result = load_dirs([root])
    found = sorted((e.path.name, e.line, e.message) for e in result.errors)
    assert found == [
        ("a.yaml", 13, "retired: 'gone' maps to 'nowhere', which is not a card in the content"),
        ("a.yaml", 14, "retired: 'live-card' is a live card; only ids gone from the content can be retired"),
    ]
    # The decks themselves still load; only the bad entries are dropped.
    assert {d.id for d in result.catalog.decks} == {"a", "b"}
    assert result.catalog.retired() == {"gone": "live-card"}


def test_retired_twice_is_an_error_naming_the_first(root: Path) -> None:
    write_deck(root, "a", qa("card-a"), "retired:\n  gone: card-a\n")
    write_deck(root, "b", qa("card-b"), "retired:\n  gone: card-b\n")
    [error] = load_dirs([root]).errors
    assert error.path.name == "b.yaml" and error.line == 13
    assert "'gone' is retired twice (first at a.yaml:13)" in error.message


def test_retired_must_be_a_mapping_of_ids(root: Path) -> None:
    write_deck(root, "a", qa("card-a"), "retired:\n  Bad_Id: card-a\n  ok-id: [card-a]\n")
    messages = [str(e) for e in load_dirs([root]).errors]
    assert any(":13:3: deck 'a': 'retired': 'Bad_Id' is not a card id" in m for m in messages)
    assert any(":14:3: deck 'a': 'retired': 'ok-id' must map to the id of the card" in m for m in messages)
    write_deck(root, "a", qa("card-a"), "retired: [card-a]\n")
    [error] = load_dirs([root]).errors
    assert "'retired' must map retired card ids to their replacements, got a list" in error.message


# --- retired: the history follows ------------------------------------------------------

MERGED = FakeCard("merged", content_hash="h-new")
OTHER = FakeCard("other")


def _answer_old_cards(store: ReviewStore) -> None:
    store.sync_content([FakeCard("old-a"), FakeCard("old-b"), OTHER])
    store.review("old-a", Rating.Good, when=T0 - timedelta(days=20))
    store.review("old-b", Rating.Again, when=T0 - timedelta(days=19))
    store.review("old-a", Rating.Good, when=T0 - timedelta(days=10))
    store.review("old-b", Rating.Good, when=T0 - timedelta(days=9))


def test_history_moves_to_the_replacement_and_is_replayed(tmp_path: Path) -> None:
    with ReviewStore.open(tmp_path) as store:
        _answer_old_cards(store)
        before = compute_stats(store, T0)
        report = store.sync_content([MERGED, OTHER], retired={"old-a": "merged", "old-b": "merged"})
        assert report.merged == ("merged",)
        history = store.review_history("merged")
        assert [int(h.rating) for h in history] == [3, 1, 3, 3]  # both cards' answers, in the order given
        assert store.review_history("old-a") == [] and store.get_schedule("old-a") is None
        schedule = store.get_schedule("merged")
        assert schedule is not None and schedule.reps == 4 and schedule.lapses == 0
        assert store.replay("merged") == schedule  # the stored schedule is the merged log's replay
        after = compute_stats(store, T0)
        assert after.reviews == before.reviews == 4
        assert after.cards_seen == 2 - 1  # two seen cards became one
        assert after.cards_removed_with_history == 0
        assert after.rewritten == ["merged"]  # answered under another card's text
        assert store.integrity_problems() == []
        # The summaries the triggers kept equal a rebuild from scratch.
        triggered = compute_stats(store, T0)
        store.rebuild_summaries()
        assert compute_stats(store, T0) == triggered
        # Moving happens once: a second sync finds nothing left to move.
        assert store.sync_content([MERGED, OTHER], retired={"old-a": "merged"}).merged == ()


def test_the_queue_schedules_the_replacement_from_the_merged_history(tmp_path: Path) -> None:
    with ReviewStore.open(tmp_path) as store:
        _answer_old_cards(store)
        store.sync_content([MERGED, OTHER], retired={"old-a": "merged", "old-b": "merged"})
        schedule = store.get_schedule("merged")
        assert schedule is not None and schedule.due_ms is not None
        queue = build_queue(store, T0, daily_new_limit=10)
        # The merged card is not new any more: only `other` is offered as new.
        assert [e.key for e in queue.new] == ["other"]
        later = build_queue(store, T0 + timedelta(days=400), daily_new_limit=0)
        assert [e.key for e in later.due] == ["merged"]


def test_a_card_with_its_own_history_keeps_it_and_gains_the_retired_one(tmp_path: Path) -> None:
    with ReviewStore.open(tmp_path) as store:
        store.sync_content([FakeCard("old"), MERGED])
        store.review("old", Rating.Easy, when=T0 - timedelta(days=8))
        store.review("merged", Rating.Hard, when=T0 - timedelta(days=5))
        store.sync_content([MERGED], retired={"old": "merged"})
        assert [int(h.rating) for h in store.review_history("merged")] == [4, 2]
        assert store.replay("merged") == store.get_schedule("merged")
        # Undo still takes back the latest answer, restoring the schedule before it.
        undone = store.undo_last_review()
        assert undone is not None and undone.key == "merged" and int(undone.rating) == 2
        assert store.get_schedule("merged") == store.replay("merged")
        assert [int(h.rating) for h in store.review_history("merged")] == [4]


def test_quizapp_stats_shows_the_retired_history_under_the_replacement(tmp_path: Path) -> None:
    with ReviewStore.open(tmp_path) as store:
        _answer_old_cards(store)
    out, err = io.StringIO(), io.StringIO()
    code = run_stats(
        _args("--json"), home=tmp_path, cards=[MERGED, OTHER], exercises=[],
        retired={"old-a": "merged", "old-b": "merged"}, now=T0, out=out, err=err,
    )  # fmt: skip
    assert code == 0, err.getvalue()
    data = json.loads(out.getvalue())
    assert data["reviews"] == 4 and data["cards_seen"] == 1
    assert data["cards_removed_with_history"] == 0
    assert data["decks"]["bn-basics"]["seen"] == 1
    # Without the mapping the same history would count as removed cards.
    with ReviewStore.open(tmp_path / "fresh") as store:
        _answer_old_cards(store)
        store.sync_content([MERGED, OTHER])
        assert compute_stats(store, T0).cards_removed_with_history == 2


def test_a_retired_mapping_to_a_card_not_in_the_content_moves_nothing(tmp_path: Path) -> None:
    with ReviewStore.open(tmp_path) as store:
        _answer_old_cards(store)
        report = store.sync_content([OTHER], retired={"old-a": "missing", "other": "old-b"})
        assert report.merged == ()
        assert len(store.review_history("old-a")) == 2 and len(store.review_history("old-b")) == 2


# --- the drill shows details after the reveal ---------------------------------------------


async def test_drill_shows_details_below_the_answer_only_after_the_reveal(tmp_path: Path, quizapp_home: Path) -> None:
    from textual.widgets import Markdown

    from quizapp.tui.screens.drill import DrillScreen
    from tests.tui_fixtures import make_app, ready, settle

    content = tmp_path / "content"
    details = "  details:\n    zh: 深入：推导见此。\n    en: 'In depth: the derivation.'\n"
    write_deck(content, "a", qa("card-one", details) + qa("card-two"))
    (content / "exercises").mkdir()
    app = make_app(quizapp_home, content)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("r")
        await settle(pilot)
        drill = app.screen
        assert isinstance(drill, DrillScreen) and drill.card.id == "card-one"
        assert not drill.query("#details")
        await pilot.press("space")
        await settle(pilot)
        shown = drill.query_one("#details", Markdown)
        assert shown.source == "In depth: the derivation."
        # Below the answer: mounted after it in the answer area.
        area = [w for w in drill.query_one("#answer-area").children if isinstance(w, Markdown)]
        assert area[-1] is shown and "answer" in area[0].classes
        await pilot.press("3")
        await settle(pilot)
        assert drill.card.id == "card-two"
        await pilot.press("space")
        await settle(pilot)
        assert not drill.query("#details")  # a card without details shows none


# --- the one-minute answer -------------------------------------------------------------


def test_counting_rules() -> None:
    from quizapp.content.length import answer_units

    assert answer_units("BN lets you train faster.", "en") == 5
    assert answer_units("x̂ = (x − μ)/σ", "en") == 3  # operators alone are not words
    assert answer_units("Call `x.mean(axis=(0, 2, 3))` first.", "en") == 3  # a code span is one
    code = "Like this:\n```python\na = 1\n\nb = 2\n```\ndone"
    assert answer_units(code, "en") == 3 + 2 * 4  # two non-blank code lines, 4 words each
    assert answer_units(code, "zh") == 3 + 2 * 10
    assert answer_units("BN 在训练时用 batch 统计量。", "zh") == 2 + 5 + 3  # Latin runs count one each
    assert answer_units("，。：；？（）", "zh") == 0
    assert answer_units("均值 `x.mean(0)` 为 0", "zh") == 2 + 1 + 1 + 1


def _qa_with_answer(en: str, zh: str) -> str:
    return textwrap.indent(
        "- id: long-card\n  kind: qa\n  question: {zh: 问题？, en: Question?}\n  answer:\n"
        f"    zh: {zh}\n    en: {en}\n  key_points:\n    - {{zh: 要点。, en: Point.}}\n"
        "  details:\n" + f"    zh: {'很长的细节。' * 400}\n    en: {'long details ' * 400}\n",
        "  ",
    )


def test_answers_at_the_limit_pass_and_details_are_free(root: Path) -> None:
    write_deck(root, "a", _qa_with_answer("word " * 120, "字" * 300))
    assert load_dirs([root]).errors == []


def test_an_answer_over_the_limit_names_file_line_field_and_language(root: Path) -> None:
    write_deck(root, "a", _qa_with_answer("word " * 121, "字" * 299 + " BN"))
    [error] = load_dirs([root]).errors
    assert (error.path.name, error.line, error.subject) == ("a.yaml", 11, "card 'long-card'")
    assert error.message == (
        "'answer' (en) is 121 words long, at most 120 (about a minute of speech); move the depth to 'details'"
    )
    write_deck(root, "a", _qa_with_answer("word " * 10, "字" * 300 + "BN"))
    [error] = load_dirs([root]).errors
    assert (error.line, error.subject) == (10, "card 'long-card'")
    assert error.message.startswith("'answer' (zh) is 301 Chinese characters long, at most 300")
    # A card over the limit is an error, so the file is left out like any other bad file.
    assert load_dirs([root]).catalog.decks == ()


def test_shipped_qa_answers_are_within_the_limit() -> None:
    from quizapp.content import load_catalog
    from quizapp.content.length import MAX_UNITS, answer_units

    catalog = load_catalog(include_user=False)
    for card in catalog.cards():
        if isinstance(card, QACard):
            for lang, limit in MAX_UNITS.items():
                assert answer_units(card.answer.get(lang), lang) <= limit, (card.id, lang)


def test_shipped_retired_cards_bring_their_history_into_quizapp_stats(quizapp_home: Path) -> None:
    """End to end on the shipped decks: answers given to cards issue 18 merged show up under
    their replacement once `quizapp stats` syncs the content."""
    import os
    import subprocess
    import sys

    with ReviewStore.open(quizapp_home) as store:  # a user of the first edition
        store.sync_content([FakeCard("eval-common-bugs", deck_id="practice-and-pitfalls")])
        store.review("eval-common-bugs", Rating.Good, when=T0 - timedelta(days=3))
        store.review("eval-common-bugs", Rating.Good, when=T0 - timedelta(days=1))
    env = {**os.environ, "QUIZAPP_HOME": str(quizapp_home)}
    done = subprocess.run(
        [sys.executable, "-m", "quizapp", "stats", "--json"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["reviews"] == 2 and data["cards_seen"] == 1
    assert data["cards_removed_with_history"] == 0
    assert data["decks"]["practice-and-pitfalls"]["seen"] == 1
    with ReviewStore.open(quizapp_home) as store:
        assert [int(r.rating) for r in store.review_history("bn-train-eval-gap-debug")] == [3, 3]
        assert store.review_history("eval-common-bugs") == []
