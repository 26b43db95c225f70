"""The options of a choice card, picked by letter key or click."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Label, Static

from quizapp.tui.widgets.checklist import LETTERS


class Option(Horizontal):
    """One option: `○ a  text` (several answers: `☐ a  text`); the text wraps indented under its first line."""

    def __init__(self, index: int, text: str, *, multiple: bool = False) -> None:
        super().__init__(id=f"option-{index}", classes="option")
        self.index = index
        self.text = text
        self.multiple = multiple  # check boxes, not radio buttons: more than one may be right
        self.chosen = False

    def compose(self) -> ComposeResult:
        yield Label(self._mark(), classes="box")
        yield Static(self.text, classes="text", markup=False)

    def _mark(self) -> str:
        on, off = ("☑", "☐") if self.multiple else ("◉", "○")
        return f"{on if self.chosen else off} {LETTERS[self.index]} "

    def set_text(self, text: str) -> None:
        self.text = text
        self.query_one(".text", Static).update(text)

    def refresh_line(self) -> None:
        self.query_one(".box", Label).update(self._mark())

    def on_click(self, event: events.Click) -> None:
        event.stop()
        parent = self.parent
        if isinstance(parent, ChoiceList):
            parent.pick(self.index)


class ChoiceList(Vertical):
    """Single answer: a pick answers at once. Several: picks toggle, `submit()` answers."""

    @dataclass
    class Answered(Message):
        chosen: tuple[int, ...]

    def __init__(self, options: list[str], *, multiple: bool, id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = options
        self.multiple = multiple
        self.answered = False

    def compose(self) -> ComposeResult:
        for i, text in enumerate(self.options):
            yield Option(i, text, multiple=self.multiple)

    def set_options(self, options: list[str]) -> None:
        """The options in another language; what was picked, and the marks, stay."""
        self.options = options
        for option, text in zip(self._options, options, strict=False):
            option.set_text(text)

    @property
    def _options(self) -> list[Option]:
        return list(self.query(Option))

    def pick(self, index: int) -> None:
        options = self._options
        if self.answered or not 0 <= index < len(options):
            return
        option = options[index]
        option.chosen = not option.chosen if self.multiple else True
        option.refresh_line()
        if not self.multiple:
            self.submit()

    def submit(self) -> None:
        chosen = tuple(o.index for o in self._options if o.chosen)
        if self.answered or not chosen:
            return
        self.answered = True
        self.post_message(self.Answered(chosen))

    def reveal(self, correct: tuple[int, ...]) -> None:
        """Mark right, wrong and missed options (state as classes; colours live in app.tcss)."""
        for option in self._options:
            right = option.index in correct
            option.set_class(right and option.chosen, "-correct")
            option.set_class(option.chosen and not right, "-wrong")
            option.set_class(right and not option.chosen, "-missed")
