"""Mock interview core: plan, answers recorded as given, report totals, Markdown export."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.content import QACard, load_catalog
from quizapp.mock.plan import plan_mock
from quizapp.mock.report import CODING, THEORY, TIME, build_report, to_markdown
from quizapp.mock.run import MockRun, theory_rating
from quizapp.review.store import ReviewStore


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(include_user=False)


@pytest.fixture
def store(tmp_path: Path):
    with ReviewStore.open(tmp_path) as opened:
        yield opened


def test_plan_spreads_theory_across_topics_and_prefers_weak_cards(catalog) -> None:
    qa_decks = {c.deck_id for c in catalog.cards() if isinstance(c, QACard)}
    weak = next(c.id for c in catalog.cards() if isinstance(c, QACard) and c.deck_id == "batchnorm-basics")
    strengths = {c.id: 0.95 for c in catalog.cards()}
    strengths[weak] = 0.05
    plan = plan_mock(catalog, strengths=strengths, seed=1)
    assert len(plan.theory) == 6 and len(plan.choices) == 5 and plan.total_minutes == 30
    assert len({c.deck_id for c in plan.theory}) == min(6, len(qa_decks))
    assert weak in {c.id for c in plan.theory}
    assert plan_mock(catalog, seed=1) == plan_mock(catalog, seed=1)


def test_theory_rating_from_key_points() -> None:
    assert theory_rating(3, 3).name == "Good"
    assert theory_rating(2, 4).name == "Hard"
    assert theory_rating(1, 4).name == "Again"


def test_full_mock_interview_report_totals_and_rescheduling(catalog, store: ReviewStore) -> None:
    clock = FakeClock()
    plan = plan_mock(catalog, theory_count=2, choice_count=2, total_minutes=10, seed=3)
    run = MockRun.start(store, plan, clock=clock)
    strong, weak = plan.theory
    run.begin_item()
    clock.tick(60)
    assert run.answer_theory(strong, range(len(strong.key_points)), "all of it") == 1.0
    run.begin_item()
    clock.tick(90)
    assert run.answer_theory(weak, []) == 0.0
    first_choice, second_choice = plan.choices
    run.begin_item()
    clock.tick(20)
    assert run.answer_choice(first_choice, first_choice.correct) is True
    run.begin_item()
    clock.tick(20)
    wrong = [i for i in range(len(second_choice.options)) if i not in second_choice.correct][:1]
    assert run.answer_choice(second_choice, wrong) is False
    run.begin_item()
    clock.tick(300)
    assert plan.exercise is not None
    run.answer_exercise(verdict="wrong_answer", passed=3, total=4, code="pass")
    assert run.remaining_seconds() == pytest.approx(10 * 60 - 490)
    session = run.finish()

    report = build_report(session, catalog, time_limit_minutes=10)
    assert [ln.score for ln in report.items] == [1.0, 0.0, 1.0, 0.0, 0.75]
    assert report.total == pytest.approx(2.75 / 5)
    assert report.dimensions[THEORY] == pytest.approx(0.5)
    assert report.dimensions[CODING] == pytest.approx(0.75)
    assert report.dimensions[TIME] == 1.0
    assert report.time_used_ms == 490_000
    assert [ln.key for ln in report.weakest] == [weak.id, second_choice.id]
    assert report.previous_total is None
    assert session.time_limit_ms == 10 * 60_000
    first_md = to_markdown(report, "en")
    assert "## Your written answers" in first_md and "> all of it" in first_md
    # the weak card is due again well before the strong one
    weak_due = store.get_schedule(weak.id).due_ms
    strong_due = store.get_schedule(strong.id).due_ms
    assert weak_due < strong_due
    # the coding item is a stored, timed attempt
    (attempt,) = store.attempts(plan.exercise.id)
    assert attempt.verdict == "wrong_answer" and attempt.timed

    # a second, better session is compared with the first
    run2 = MockRun.start(store, plan, clock=clock)
    for card in plan.theory:
        run2.begin_item()
        clock.tick(30)
        run2.answer_theory(card, range(len(card.key_points)))
    second = run2.finish()
    report2 = build_report(second, catalog, time_limit_minutes=10, previous=session)
    assert report2.previous_total == pytest.approx(report.total)
    assert report2.change() == pytest.approx(1.0 - report.total)

    md = to_markdown(report2, "en")
    assert "# Mock interview report" in md
    assert f"| Total | {round(report.total * 100)}% | 100% | +{round((1 - report.total) * 100)} |" in md
    assert "None: every card answered in full." in md
    md_zh = to_markdown(report, "zh")
    assert "模拟面试报告" in md_zh and "理论回忆" in md_zh and weak.id in md_zh
    assert "这是你的第一次模拟面试。" in md_zh
    from quizapp.content.punctuation import find_problems

    # Full-width marks around Chinese labels and prompts (the user's own answers, quoted with >, are theirs).
    md_zh = to_markdown(build_report(session, catalog, time_limit_minutes=10, lang="zh"), "zh")  # as export does
    ours = [line for line in md_zh.splitlines() if not line.startswith(">")]
    assert [p.describe() for line in ours for p in find_problems(line)] == []
    assert "`" + weak.id + "`）" in md_zh or "`" + second_choice.id + "`）" in md_zh


def test_overrun_lowers_the_time_dimension(catalog, store: ReviewStore) -> None:
    clock = FakeClock()
    plan = plan_mock(catalog, theory_count=1, choice_count=0, total_minutes=1, seed=0)
    run = MockRun.start(store, plan, clock=clock)
    run.begin_item()
    clock.tick(120)
    assert run.expired
    run.answer_theory(plan.theory[0], [0])
    report = build_report(run.finish(), catalog, time_limit_minutes=1)
    assert report.dimensions[TIME] == pytest.approx(0.5)


def test_cli_export_writes_the_last_report(catalog, quizapp_home: Path, tmp_path: Path) -> None:
    from quizapp.cli import main

    target = tmp_path / "report.md"
    assert main(["mock", "--export", str(target)]) == 1  # nothing yet: a clear no, not a traceback
    clock = FakeClock()
    plan = plan_mock(catalog, theory_count=1, choice_count=1, total_minutes=15, seed=5)
    with ReviewStore.open(quizapp_home) as store:
        run = MockRun.start(store, plan, clock=clock)
        run.begin_item()
        clock.tick(45)
        run.answer_theory(plan.theory[0], [0])
        run.begin_item()
        clock.tick(15)
        run.answer_choice(plan.choices[0], plan.choices[0].correct)
        run.finish()
    assert main(["mock", "--export", str(target), "--lang", "en"]) == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Mock interview report #1")
    assert "- Time: 1:00 of 15:00" in text
    assert f"(`{plan.theory[0].id}`)" in text and f"(`{plan.choices[0].id}`)" in text
    assert "| Multiple choice | 100% |" in text
