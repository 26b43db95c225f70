"""A yes/no question before something that cannot be taken back (resetting a draft)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from quizapp.tui.screens.base import _Access


class ConfirmScreen(_Access, ModalScreen[bool]):
    """Dismisses with True only on an explicit yes; every other way out keeps things as they are."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape,q", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, title: str, body: str, keys: str) -> None:
        super().__init__()
        self.title_text, self.body, self.keys = title, body, keys

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Label(self.title_text, classes="section")
            yield Label(self.body)
            yield Label(self.keys, classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
