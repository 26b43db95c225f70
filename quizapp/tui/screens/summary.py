"""End of a drill or quiz: how it went."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static

from quizapp.tui.i18n import RATING_KEYS, Text, format_duration, tr
from quizapp.tui.screens.base import AppScreen
from quizapp.tui.screens.drill import SessionLog
from quizapp.tui.widgets.footer import AppFooter


class SummaryScreen(AppScreen):
    RECOMPOSE_ON_LANGUAGE = True  # built from stored data: `l` builds it again
    BINDINGS = [
        Binding("enter", "back", "Home", id="summary.home"),
        Binding("q", "back", "Back", id="summary.back"),
    ]

    def __init__(self, record: SessionLog, *, title: Text, quiz: bool) -> None:
        super().__init__()
        self.record = record
        self.session_title = title
        self.quiz = quiz

    def compose(self) -> ComposeResult:
        lang = self.lang
        elapsed_ms = int((self.quiz_app.clock() - self.record.started).total_seconds() * 1000)
        yield Static(self.session_title.get(lang), classes="title-bar")
        with Vertical(id="summary", classes="panel"):
            yield Label(tr("summary", lang), classes="section")
            n = len(self.record.ratings)
            yield Label(tr("summary_cards", lang, n=n, time=format_duration(elapsed_ms)), id="summary-cards")
            if self.quiz or self.record.answered:
                score = tr("quiz_score", lang, right=self.record.correct, total=self.record.answered)
                yield Label(score, id="score", classes="score")
            counts = self.record.counts()
            for rating, key in enumerate(RATING_KEYS, start=1):
                bar = "█" * counts[rating]
                yield Label(f"{rating} {tr(key, lang):<6} {counts[rating]:>3}  {bar}", classes=f"count -{key}")
            yield Label(tr("summary_back", lang), classes="hint")
        yield AppFooter(compact=True)

    def action_back(self) -> None:
        self.dismiss()
