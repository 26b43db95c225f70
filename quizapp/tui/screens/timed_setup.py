"""Before a timed challenge: the time limit, prefilled from the exercise and editable."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from quizapp.content import Exercise
from quizapp.tui.i18n import tr
from quizapp.tui.screens.base import AppModal

MAX_MINUTES = 180


def parse_minutes(text: str) -> int | None:
    """A whole number of minutes in 1..MAX_MINUTES, or None."""
    try:
        minutes = int(text.strip())
    except ValueError:
        return None
    return minutes if 1 <= minutes <= MAX_MINUTES else None


class TimedSetupScreen(AppModal):
    """Dismisses with the chosen minutes, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="timed.cancel")]

    def __init__(self, exercise: Exercise) -> None:
        super().__init__()
        self.exercise = exercise

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="timed-setup"):
            yield Label(tr("timed_setup", lang, title=self.exercise.title.get(lang)), classes="section")
            yield Label(tr("timed_minutes", lang), classes="hint")
            yield Input(str(self.exercise.time_limit_minutes), id="minutes", type="integer")
            yield Label("", id="timed-error", classes="error")

    def on_mount(self) -> None:
        self.query_one("#minutes", Input).focus()

    @on(Input.Submitted, "#minutes")
    def _start(self, event: Input.Submitted) -> None:
        minutes = parse_minutes(event.value)
        if minutes is None:
            self.query_one("#timed-error", Label).update(tr("timed_bad_minutes", self.lang))
            return
        self.dismiss(minutes)

    def action_cancel(self) -> None:
        self.dismiss(None)
