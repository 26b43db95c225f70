"""Drill: one card at a time, self-graded with key points, rated 1-4, undoable."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, ProgressBar

from quizapp.content import Card
from quizapp.tui.i18n import RATING_KEYS, Text, tr
from quizapp.tui.screens.base import AppScreen
from quizapp.tui.widgets.card_view import CardArea, ChoiceView, QAView, card_view
from quizapp.tui.widgets.checklist import LETTERS, Checklist, suggest_rating
from quizapp.tui.widgets.choices import ChoiceList
from quizapp.tui.widgets.keys_footer import KeysFooter
from quizapp.tui.widgets.rating_bar import RatingBar

PREFETCH_DELAY = 0.05  # seconds after a card is shown before the next one is built


@dataclass(frozen=True)
class StoredAnswer:
    """One answer this session wrote to the store: what `u` takes back, newest first."""

    index: int  # the card's place in the session
    rating: int
    correct: bool | None  # choice cards: right or wrong; None for a self-rated card


@dataclass
class SessionLog:
    """What the summary needs, derived from the answers stored and not undone.

    Counts are never kept as separate counters: every figure is computed from
    `answers`, which grows exactly when the store gets a review and shrinks
    exactly when one is undone, so the summary cannot drift from the database.
    """

    started: datetime  # by the app's clock, so a frozen clock gives a stable summary
    answers: list[StoredAnswer] = field(default_factory=list)

    @property
    def ratings(self) -> list[int]:
        return [a.rating for a in self.answers]

    @property
    def answered(self) -> int:
        """Choice cards answered (the quiz score's total)."""
        return sum(a.correct is not None for a in self.answers)

    @property
    def correct(self) -> int:
        return sum(a.correct is True for a in self.answers)

    def counts(self) -> dict[int, int]:
        ratings = self.ratings
        return {r: ratings.count(r) for r in range(1, 5)}


class CardSession(AppScreen):
    """A sequence of cards; subclasses decide how an answer is scored."""

    MODE = "drill"

    def __init__(self, cards: list[Card], *, title: Text) -> None:
        super().__init__()
        self.cards = cards
        self.session_title = title  # in every language: `l` shows it in the other one
        self.index = 0
        self.record = SessionLog(started=self.quiz_app.clock())
        self.shown_at = time.monotonic()
        # The card view on screen. Kept here rather than queried: every key
        # check (`check_action`, run for each binding whenever the footer
        # updates) asks for it, and a DOM query each time was a large part of
        # the time from a rating to the next card.
        self._view: QAView | ChoiceView | None = None
        # The next card's view, built hidden while the user reads this one, so a
        # rating only has to swap views (see `_prefetch`): (card index, language, view).
        self._next: tuple[int, str, QAView | ChoiceView] | None = None

    @property
    def card(self) -> Card:
        return self.cards[self.index]

    @property
    def view(self) -> QAView | ChoiceView:
        if self._view is None:
            raise LookupError("no card is shown yet")
        return self._view

    def compose(self) -> ComposeResult:
        with Horizontal(id="progress-line", classes="title-bar"):
            yield Label(self.session_title.get(self.lang), id="session-title")
            yield Label("", id="counter")
            yield ProgressBar(total=len(self.cards), show_eta=False, show_percentage=False, id="progress")
        yield CardArea(id="card-area")
        yield from self.compose_bottom()
        yield KeysFooter(compact=True)

    def compose_bottom(self) -> ComposeResult:
        return iter(())

    async def on_mount(self) -> None:
        await self.show_card()

    async def show_card(self) -> None:
        area = self.query_one("#card-area", VerticalScroll)
        # One frame for the whole change: no paint of an empty card area between
        # the old card leaving and the new one arriving.
        with self.app.batch_update():
            old, self._view = self._view, None
            ready, self._next = self._next, None
            # Built ahead for this card, and in the language still shown (the palette
            # can switch it mid-drill).
            if ready is not None and ready[:2] == (self.index, self.lang):
                view = ready[2]
                view.display = True
            else:
                if ready is not None:
                    ready[2].remove()
                view = card_view(self.card, self.lang)
                await area.mount(view)
            if old is not None:
                # Hidden at once, taken down once the new card is painted: the
                # new card does not wait for every widget of the old one to unmount.
                old.display = False
                self.call_after_refresh(self._take_down, old)
            self._view = view
            area.scroll_home(animate=False)
            area.focus()  # arrows and page keys scroll a long answer
            self.query_one("#counter", Label).update(tr("card_n", self.lang, i=self.index + 1, n=len(self.cards)))
            self.query_one("#progress", ProgressBar).update(progress=self.index)
            self.shown_at = time.monotonic()
            self.on_card_shown()
            self.refresh_bindings()
        # A moment after this card is painted, not in the frame's own callbacks:
        # nobody rates a card within 50 ms of seeing it.
        self.set_timer(PREFETCH_DELAY, self._prefetch, name="prefetch")

    def _take_down(self, view: QAView | ChoiceView) -> None:
        view.remove()  # not awaited: the unmounting runs on its own

    async def _prefetch(self) -> None:
        """Build the next card's view, hidden, while the user reads this one."""
        following = self.index + 1
        if following >= len(self.cards) or self._next is not None or not self.is_attached:
            return
        view = card_view(self.cards[following], self.lang)
        view.display = False
        self._next = (following, self.lang, view)
        await self.query_one("#card-area", VerticalScroll).mount(view)

    def on_card_shown(self) -> None:
        pass

    async def language_switched(self, lang: str) -> None:
        # The same card, relabelled where it stands (ticks, picks and its clock kept);
        # a card built ahead in the old language is built again when it is needed.
        self.query_one("#session-title", Label).update(self.session_title.get(lang))
        if self.index < len(self.cards):
            self.query_one("#counter", Label).update(tr("card_n", lang, i=self.index + 1, n=len(self.cards)))
        if self._view is not None:
            await self._view.set_language(lang)

    def duration_ms(self) -> int:
        return int((time.monotonic() - self.shown_at) * 1000)

    async def advance(self) -> None:
        if self.index + 1 >= len(self.cards):
            self.finish()
            return
        self.index += 1
        await self.show_card()

    def finish(self) -> None:
        from quizapp.tui.screens.summary import SummaryScreen

        self.app.switch_screen(SummaryScreen(self.record, title=self.session_title, quiz=self.MODE == "quiz"))

    # -- choice cards (shared by drill and quiz) -----------------------------

    def store_answer(self, rating: int, *, correct: bool | None = None) -> None:
        """Write the current card's answer and remember it, the one place both happen."""
        self.study.rate(self.card.id, rating, mode=self.MODE, duration_ms=self.duration_ms())
        self.record.answers.append(StoredAnswer(self.index, rating, correct))

    @on(ChoiceList.Answered)
    def _choice_answered(self, message: ChoiceList.Answered) -> None:
        view = self.view
        assert isinstance(view, ChoiceView)
        correct = view.show_feedback(message.chosen)
        self.store_answer(self.study.choice_rating(correct), correct=correct)
        self.refresh_bindings()
        # The explanation may sit below the fold on a small terminal.
        self.query_one("#card-area", VerticalScroll).scroll_end(animate=False)

    def action_letter(self, index: int) -> None:
        view = self._view
        if isinstance(view, ChoiceView):
            view.choices.pick(index)
        elif view is not None and view.revealed:
            view.checklist.toggle(index)

    def action_submit_choice(self) -> None:
        view = self._view
        if isinstance(view, ChoiceView):
            view.choices.submit()

    async def action_next(self) -> None:
        view = self._view
        if isinstance(view, ChoiceView) and view.answered:
            await self.advance()

    def action_back(self) -> None:
        self.dismiss()

    async def action_undo(self) -> None:
        """Take back the last answer stored, whichever card shows now, and show its card again.

        On a choice card with its feedback shown, that is this card's own answer;
        after `space`, the previous card's.
        """
        if not self.record.answers:
            return
        last = self.record.answers.pop()
        undone = self.study.undo(self.MODE)
        if undone is not None and undone != self.cards[last.index].id:
            # The store's newest answer was not this session's (another window?):
            # the store took that one back; say which card, by its question.
            self.notify(tr("undid_other", self.lang, card=self.study.card_label(undone, self.lang)), severity="warning")
        self.index = last.index
        # A fresh view: the old one still shows the undone choice's feedback.
        self._forget_view()
        await self.show_card()

    def _forget_view(self) -> None:
        """Drop the shown card's view so `show_card` builds the card anew."""
        if self._view is not None:
            self._view.remove()
            self._view = None
        if self._next is not None:
            self._next[2].remove()
            self._next = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self._view_or_none()
        if view is None:
            return True
        is_choice = isinstance(view, ChoiceView)
        if action == "letter":
            return True
        if action == "submit_choice":
            return is_choice and view.card.multiple and not view.answered  # type: ignore[union-attr]
        if action == "next":
            return is_choice and view.answered  # type: ignore[union-attr]
        if action == "undo":
            return bool(self.record.answers) or None
        return True

    def _view_or_none(self) -> QAView | ChoiceView | None:
        return self._view  # None during compose, before the first card is mounted


_RATE = Binding.Group("Rate", compact=True)
_LETTER_BINDINGS = [
    Binding(letter, f"letter({i})", "Tick a key point / pick an option", show=False) for i, letter in enumerate(LETTERS)
]


class DrillScreen(CardSession):
    BINDINGS = [
        Binding("space", "reveal", "Show answer", id="drill.reveal"),
        Binding("space", "next", "Next", id="drill.next"),
        Binding("1", "rate(1)", "Rate Again", id="drill.again", group=_RATE),
        Binding("2", "rate(2)", "Rate Hard", id="drill.hard", group=_RATE),
        Binding("3", "rate(3)", "Rate Good", id="drill.good", group=_RATE),
        Binding("4", "rate(4)", "Rate Easy", id="drill.easy", group=_RATE),
        Binding("enter", "accept", "Suggested", id="drill.accept"),
        Binding("enter", "submit_choice", "Submit", id="drill.submit"),
        Binding("u", "undo", "Undo", id="drill.undo"),
        Binding("q", "back", "Back", id="drill.back"),
        *_LETTER_BINDINGS,
    ]

    MODE = "drill"

    def __init__(self, cards: list[Card], *, title: Text) -> None:
        super().__init__(cards, title=title)
        self.suggested: int | None = None

    def compose_bottom(self) -> ComposeResult:
        yield Label("", id="suggestion")
        yield RatingBar(self.lang, id="ratings")

    def on_card_shown(self) -> None:
        self.suggested = None
        self.query_one("#ratings").display = False
        self.query_one("#suggestion", Label).update("")

    async def language_switched(self, lang: str) -> None:
        self.query_one("#ratings", RatingBar).set_language(lang)
        await super().language_switched(lang)
        if self.suggested is not None:
            self._show_suggestion()

    async def action_reveal(self) -> None:
        view = self._view
        if not isinstance(view, QAView) or view.revealed:
            return
        await view.reveal()
        self.suggested = suggest_rating(0, len(view.card.key_points))
        bar = self.query_one("#ratings", RatingBar)
        bar.show(self.interval_labels(view.card.id), self.suggested)
        bar.display = True
        self._show_suggestion()
        self.refresh_bindings()

    def interval_labels(self, card_id: str) -> dict[int, str]:
        return self.study.intervals(card_id)

    @on(Checklist.Changed)
    def _ticked(self, message: Checklist.Changed) -> None:
        self.suggested = suggest_rating(message.ticked, message.total)
        self.query_one("#ratings", RatingBar).suggest(self.suggested)
        self._show_suggestion()

    def _show_suggestion(self) -> None:
        label = tr(RATING_KEYS[(self.suggested or 1) - 1], self.lang)
        self.query_one("#suggestion", Label).update(tr("suggested", self.lang, rating=f"{self.suggested} {label}"))

    @on(RatingBar.Rated)
    async def _rated_by_click(self, message: RatingBar.Rated) -> None:
        await self.action_rate(message.rating)

    async def action_rate(self, rating: int) -> None:
        view = self._view
        if not isinstance(view, QAView) or not view.revealed:
            return
        self.store_answer(rating)
        await self.advance()

    async def action_accept(self) -> None:
        if self.suggested is not None:
            await self.action_rate(self.suggested)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self._view_or_none()
        if view is not None and action in ("reveal", "rate", "accept"):
            qa_revealed = isinstance(view, QAView) and view.revealed
            if action == "reveal":
                return isinstance(view, QAView) and not view.revealed
            return qa_revealed
        return super().check_action(action, parameters)


class CramScreen(DrillScreen):
    """Custom study past today's limits: answers are logged as cram and move no schedule."""

    MODE = "cram"

    def interval_labels(self, card_id: str) -> dict[int, str]:
        return {}  # nothing is rescheduled: no interval to promise
