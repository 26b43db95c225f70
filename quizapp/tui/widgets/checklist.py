"""Key points as a checklist the user ticks to grade their own recall."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Label, Static

LETTERS = "abcdefgh"  # the loader allows at most eight key points or options


class CheckItem(Horizontal):
    """One key point: `☐ a  text`, toggled by its letter key or a click.

    The box and the text are separate widgets so that wrapped lines of the
    text stay indented under its first line.
    """

    def __init__(self, index: int, text: str) -> None:
        super().__init__(id=f"point-{index}")
        self.index = index
        self.text = text
        self.ticked = False

    def compose(self) -> ComposeResult:
        yield Label(self._box(), classes="box")
        yield Static(self.text, classes="text", markup=False)

    def _box(self) -> str:
        return f"{'☑' if self.ticked else '☐'} {LETTERS[self.index]} "

    def set_text(self, text: str) -> None:
        """The same point in another language; the tick stays."""
        self.text = text
        self.query_one(".text", Static).update(text)

    def set_ticked(self, ticked: bool) -> None:
        self.ticked = ticked
        self.set_class(ticked, "-ticked")
        self.query_one(".box", Label).update(self._box())

    def on_click(self, event: events.Click) -> None:
        event.stop()
        parent = self.parent
        if isinstance(parent, Checklist):
            parent.toggle(self.index)


class Checklist(Vertical):
    """The key points of a card; posts `Changed` whenever a tick changes."""

    @dataclass
    class Changed(Message):
        ticked: int
        total: int

    def __init__(self, points: list[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.points = points

    def compose(self) -> ComposeResult:
        for i, text in enumerate(self.points):
            yield CheckItem(i, text)

    def set_points(self, points: list[str]) -> None:
        """The points in another language, ticks kept (`l` mid-card)."""
        self.points = points
        for item, text in zip(self.items, points, strict=False):
            item.set_text(text)

    @property
    def items(self) -> list[CheckItem]:
        return list(self.query(CheckItem))

    @property
    def ticked(self) -> int:
        return sum(item.ticked for item in self.items)

    def toggle(self, index: int) -> None:
        items = self.items
        if 0 <= index < len(items):
            items[index].set_ticked(not items[index].ticked)
            self.post_message(self.Changed(self.ticked, len(items)))


def suggest_rating(ticked: int, total: int) -> int:
    """A rating from the share of key points recalled (1 Again .. 4 Easy).

    None recalled is a lapse (Again); most but not all is Hard, the answer came
    with gaps; all of them is Good. Easy stays the user's call: recalling every
    point says nothing about how effortless it was.
    """
    if total <= 0 or ticked <= 0:
        return 1
    if ticked < total:
        return 2 if ticked / total < 0.75 else 3
    return 3
