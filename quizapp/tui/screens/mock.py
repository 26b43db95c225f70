"""Mock interview: theory answered in your own words, a choice burst, one coding task, one clock.

The screen is a view over `quizapp.mock.run.MockRun`, which records every
answer the moment it is given. Theory: type an answer (optional), `ctrl+s`
shows the key points, tick what you covered, `enter` scores it. Choices: pick,
see the explanation, `space` goes on. Coding: the exercise screen opens in
timed mode with what is left of the interview's time. When the clock runs
out, the interview ends where it stands and every item not reached scores 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, TextArea

from quizapp.content import ChoiceCard, Exercise, QACard
from quizapp.mock.plan import MockPlan
from quizapp.mock.run import MockRun
from quizapp.tui.i18n import in_every_language, tr
from quizapp.tui.screens.base import AppScreen
from quizapp.tui.widgets.card_view import ChoiceView, QAView
from quizapp.tui.widgets.checklist import LETTERS
from quizapp.tui.widgets.choices import ChoiceList
from quizapp.tui.widgets.footer import AppFooter

Item = QACard | ChoiceCard | Exercise
END_CONFIRM_SECONDS = 4


def plan_for(study: Any, minutes: int | None) -> MockPlan:
    """Today's mock interview: weakest cards first, by the scheduler's predicted recall."""
    from quizapp.mock.plan import DEFAULT_MINUTES, plan_mock
    from quizapp.review.scheduling import retrievability

    now = study.clock()
    strengths: dict[str, float] = {}
    for card in study.catalog.cards():
        schedule = study.store.get_schedule(card.id)
        if schedule is not None and schedule.state is not None:
            strengths[card.id] = retrievability(schedule, now)
    return plan_mock(study.catalog, strengths=strengths, total_minutes=minutes or DEFAULT_MINUTES)


def mmss(seconds: float) -> str:
    seconds = max(0, int(seconds + 0.999))  # never show 0:00 while time is left
    return f"{seconds // 60}:{seconds % 60:02d}"


@dataclass
class CodingResult:
    """What the exercise screen hands back when the coding item ends."""

    verdict: str
    passed: int
    total: int
    code: str
    hints_used: int = 0


class MockScreen(AppScreen):
    BINDINGS = [
        Binding("ctrl+s", "reveal", "Show key points", id="mock.reveal", priority=True),
        Binding("enter", "score", "Score it", id="mock.score"),
        Binding("enter", "submit_choice", "Submit", id="mock.submit"),
        Binding("space", "next", "Next", id="mock.next"),
        Binding("escape", "leave_editor", "Leave editor", id="mock.leave", priority=True),
        Binding("q", "end", "End interview", id="mock.end"),
        *(Binding(letter, f"letter({i})", "Tick / pick", show=False) for i, letter in enumerate(LETTERS)),
    ]

    def __init__(self, plan: MockPlan) -> None:
        super().__init__(id="mock")
        self.plan = plan
        self.items: list[Item] = [*plan.theory, *plan.choices, *([plan.exercise] if plan.exercise else [])]
        self.index = 0
        self.run: MockRun | None = None
        self.finished = False
        self.coding_open = False
        self._end_asked: datetime | None = None

    # -- layout --------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="mock-bar", classes="title-bar"):
            yield Label(tr("mock_title", self.lang), id="mock-title")
            yield Label("", id="mock-counter")
            yield Label("", id="mock-clock")
        yield VerticalScroll(id="mock-area")
        yield AppFooter(compact=True)

    async def on_mount(self) -> None:
        self.run = MockRun.start(self.study.store, self.plan, clock=self.quiz_app.clock)
        self.set_interval(1.0, self.tick)
        await self.show_item()

    @property
    def item(self) -> Item:
        return self.items[self.index]

    def _view(self) -> QAView | ChoiceView | None:
        views = self.query(".card-view")
        view = views.first() if views else None
        return view if isinstance(view, QAView | ChoiceView) else None

    async def show_item(self) -> None:
        assert self.run is not None
        area = self.query_one("#mock-area", VerticalScroll)
        await area.remove_children()
        self.query_one("#mock-counter", Label).update(tr("mock_item", self.lang, i=self.index + 1, n=len(self.items)))
        self.run.begin_item()
        item = self.item
        if isinstance(item, QACard):
            view = QAView(item, self.lang)
            await area.mount(view)
            editor = TextArea(id="mock-answer", soft_wrap=True, show_line_numbers=False)
            editor.border_title = tr("mock_your_answer", self.lang)
            # Inside the card, above where the key points appear: your answer stays in
            # view while you tick what it covered.
            await view.mount(editor, before="#answer-area")
            # The answer box sits under the question; the reveal hint is the drill's
            # (space), so the mock's own key replaces it.
            self.query_one("#reveal-hint", Label).update(tr("mock_reveal_hint", self.lang))
            editor.focus()
        elif isinstance(item, ChoiceCard):
            await area.mount(ChoiceView(item, self.lang))
            area.focus()
        else:
            self.open_coding(item)
        area.scroll_home(animate=False)
        self.tick()
        self.refresh_bindings()

    async def language_switched(self, lang: str) -> None:
        # In place: the item, what was typed, the key points ticked, and the clock stay.
        self.query_one("#mock-title", Label).update(tr("mock_title", lang))
        self.query_one("#mock-counter", Label).update(tr("mock_item", lang, i=self.index + 1, n=len(self.items)))
        self.tick()
        view = self._view()
        if view is None:
            return
        await view.set_language(lang)
        if isinstance(view, QAView):
            self.query_one("#reveal-hint", Label).update(tr("mock_reveal_hint", lang))
            self.query_one("#mock-answer", TextArea).border_title = tr("mock_your_answer", lang)

    # -- the clock -----------------------------------------------------------

    def tick(self) -> None:
        """Update the countdown; end the interview when it runs out (also called by tests)."""
        if self.run is None or self.finished:
            return
        remaining = self.run.remaining_seconds()
        clock = self.query_one("#mock-clock", Label)
        clock.update(tr("mock_left", self.lang, time=mmss(remaining)))
        clock.set_class(remaining <= 60, "-urgent")
        if remaining <= 0 and not self.coding_open:
            self.finish(timed_out=True)

    # -- theory --------------------------------------------------------------

    async def action_reveal(self) -> None:
        view = self._view()
        if not isinstance(view, QAView) or view.revealed:
            return
        editor = self.query_one("#mock-answer", TextArea)
        editor.read_only = True
        await view.reveal()
        self.query_one("#mock-area", VerticalScroll).focus()  # letters now tick key points
        self.refresh_bindings()

    def action_leave_editor(self) -> None:
        self.query_one("#mock-area", VerticalScroll).focus()
        self.refresh_bindings()

    def action_letter(self, index: int) -> None:
        view = self._view()
        if isinstance(view, QAView) and view.revealed:
            view.checklist.toggle(index)
        elif isinstance(view, ChoiceView) and not view.answered:
            view.choices.pick(index)

    async def action_score(self) -> None:
        view = self._view()
        if not isinstance(view, QAView) or not view.revealed or self.run is None:
            return
        covered = [item.index for item in view.checklist.items if item.ticked]
        text = self.query_one("#mock-answer", TextArea).text
        self.run.answer_theory(view.card, covered, text)
        await self.advance()

    # -- choices -------------------------------------------------------------

    def action_submit_choice(self) -> None:
        view = self._view()
        if isinstance(view, ChoiceView) and view.card.multiple and not view.answered:
            view.choices.submit()

    @on(ChoiceList.Answered)
    def _choice_answered(self, message: ChoiceList.Answered) -> None:
        view = self._view()
        if not isinstance(view, ChoiceView) or self.run is None:
            return
        view.show_feedback(message.chosen)
        self.run.answer_choice(view.card, message.chosen)
        self.query_one("#mock-area", VerticalScroll).scroll_end(animate=False)
        self.refresh_bindings()

    async def action_next(self) -> None:
        view = self._view()
        if isinstance(view, ChoiceView) and view.answered:
            await self.advance()

    # -- coding --------------------------------------------------------------

    def open_coding(self, exercise: Exercise) -> None:
        from quizapp.tui.screens.exercise import ExerciseScreen

        assert self.run is not None
        self.coding_open = True
        # The interview's own clock: what is left of it, not the exercise's usual limit.
        heading = in_every_language(partial(tr, "mock_item", i=self.index + 1, n=len(self.items)))
        self.app.push_screen(
            ExerciseScreen(exercise, timed_seconds=self.run.remaining_seconds(), mode="mock", heading=heading),
            self._coding_done,
        )

    async def _coding_done(self, result: Any) -> None:
        self.coding_open = False
        if self.run is not None and isinstance(result, CodingResult):
            self.run.answer_exercise(
                verdict=result.verdict,
                passed=result.passed,
                total=result.total,
                code=result.code,
                hints_used=result.hints_used,
            )
        await self.advance()

    # -- moving on -----------------------------------------------------------

    async def advance(self) -> None:
        if self.run is not None and self.run.expired:
            self.finish(timed_out=True)
            return
        if self.index + 1 >= len(self.items):
            self.finish(timed_out=False)
            return
        self.index += 1
        await self.show_item()

    def action_end(self) -> None:
        # Ending scores every remaining item 0: a stray `q` must not throw half an hour away.
        now = self.quiz_app.clock()
        if self._end_asked is not None and (now - self._end_asked).total_seconds() <= END_CONFIRM_SECONDS:
            self.finish(timed_out=False)
            return
        self._end_asked = now
        self.notify(tr("mock_end_confirm", self.lang), severity="warning", timeout=END_CONFIRM_SECONDS)

    def finish(self, *, timed_out: bool) -> None:
        """Score what is left as not answered, close the record, show the report."""
        if self.finished or self.run is None:
            return
        self.finished = True
        recorded = {item.item_key for item in self.study.store.get_mock(self.run.session_id).items}
        current = self.item if self.index < len(self.items) else None
        if current is not None and current.id not in recorded:
            self._end_on_current(current)
            recorded.add(current.id)
        for item in self.items:
            if item.id not in recorded:
                self.run.skip(item)
        session = self.run.finish()
        from quizapp.tui.screens.mock_report import MockReportScreen

        self.app.switch_screen(MockReportScreen(session.id, timed_out=timed_out))

    def _end_on_current(self, item: Item) -> None:
        """The item on screen when the interview ends: nothing the user did on it is lost.

        Key points already shown and ticked score as ticked (a review is logged);
        otherwise what was typed is kept in the record, the item scoring 0.
        """
        assert self.run is not None
        view = self._view()
        if isinstance(view, QAView) and view.revealed and view.card.id == item.id:
            covered = [point.index for point in view.checklist.items if point.ticked]
            self.run.answer_theory(view.card, covered, self._typed())
            return
        self.run.skip(item, answer_text=self._typed() or None, shown=True)

    def _typed(self) -> str:
        editors = self.query("#mock-answer")
        editor = editors.first() if editors else None
        return editor.text if isinstance(editor, TextArea) else ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self._view()
        qa = isinstance(view, QAView)
        if action == "reveal":
            return qa and not view.revealed  # type: ignore[union-attr]
        if action == "score":
            return qa and view.revealed  # type: ignore[union-attr]
        if action == "submit_choice":
            return isinstance(view, ChoiceView) and view.card.multiple and not view.answered
        if action == "next":
            return isinstance(view, ChoiceView) and view.answered
        if action == "leave_editor":
            return isinstance(self.focused, TextArea)
        return super().check_action(action, parameters)
