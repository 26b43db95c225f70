"""Four Anki-style rating buttons, each showing the interval it would give."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button

from quizapp.tui.i18n import RATING_KEYS, tr


class RatingBar(Horizontal):
    @dataclass
    class Rated(Message):
        rating: int  # 1 Again .. 4 Easy

    def __init__(self, lang: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang
        self.intervals: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        for rating, key in enumerate(RATING_KEYS, start=1):
            button = Button(self._label(rating), id=f"rate-{rating}", classes=f"rate -{key}", compact=True)
            button.can_focus = False  # keys 1-4 rate; focus stays where the reading is
            yield button

    def _label(self, rating: int) -> str:
        name = tr(RATING_KEYS[rating - 1], self.lang)
        interval = self.intervals.get(rating, "")
        return f"{rating} {name}  {interval}".rstrip()

    def show(self, intervals: dict[int, str], suggested: int | None) -> None:
        self.intervals = intervals
        for rating in range(1, 5):
            button = self.query_one(f"#rate-{rating}", Button)
            button.label = self._label(rating)
            button.set_class(rating == suggested, "-suggested")

    def set_language(self, lang: str) -> None:
        self.lang = lang
        for rating in range(1, 5):
            self.query_one(f"#rate-{rating}", Button).label = self._label(rating)

    def suggest(self, suggested: int | None) -> None:
        for rating in range(1, 5):
            self.query_one(f"#rate-{rating}", Button).set_class(rating == suggested, "-suggested")

    @on(Button.Pressed, ".rate")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        assert event.button.id is not None
        self.post_message(self.Rated(int(event.button.id.removeprefix("rate-"))))
