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


class MinutesInput(Input):
    """The minutes field: it takes digits only, so a letter key stays a key (`l` switches the language)."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character is not None and (character.isdigit() or character in "+-")


class TimedSetupScreen(AppModal):
    """Dismisses with the chosen minutes, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="timed.cancel"),
        # Before the minutes field sees it (it would drop a letter): `l` switches the language.
        Binding("l", "app.toggle_language", "Language", id="timed.language", show=False, priority=True),
    ]

    def __init__(self, exercise: Exercise) -> None:
        super().__init__()
        self.exercise = exercise
        self.refused = False  # the minutes typed were refused: the error shows

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="timed-setup"):
            title = tr("timed_setup", lang, title=self.exercise.title.get(lang))
            yield Label(title, classes="section", id="timed-title")
            yield Label(tr("timed_minutes", lang), classes="hint", id="timed-ask")
            yield MinutesInput(str(self.exercise.time_limit_minutes), id="minutes", type="integer")
            yield Label("", id="timed-error", classes="error")

    async def language_switched(self, lang: str) -> None:
        # In place: what was typed in the minutes field stays.
        self.query_one("#timed-title", Label).update(tr("timed_setup", lang, title=self.exercise.title.get(lang)))
        self.query_one("#timed-ask", Label).update(tr("timed_minutes", lang))
        if self.refused:
            self.query_one("#timed-error", Label).update(tr("timed_bad_minutes", lang))

    def on_mount(self) -> None:
        self.query_one("#minutes", Input).focus()

    @on(Input.Submitted, "#minutes")
    def _start(self, event: Input.Submitted) -> None:
        minutes = parse_minutes(event.value)
        if minutes is None:
            self.refused = True
            self.query_one("#timed-error", Label).update(tr("timed_bad_minutes", self.lang))
            return
        self.dismiss(minutes)

    def action_cancel(self) -> None:
        self.dismiss(None)
