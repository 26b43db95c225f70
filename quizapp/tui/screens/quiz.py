"""Quiz: a deck's choice cards, answered one after another, scored at the end."""

from __future__ import annotations

from textual.binding import Binding

from quizapp.content import Card
from quizapp.tui.i18n import Text
from quizapp.tui.screens.drill import CardSession
from quizapp.tui.widgets.checklist import LETTERS

# In a quiz the digits are free (nothing is rated by hand), so they pick too.
_PICK_BINDINGS = [
    *(Binding(letter, f"letter({i})", "Pick an option", show=False) for i, letter in enumerate(LETTERS)),
    *(Binding(str(i + 1), f"letter({i})", "Pick an option", show=False) for i in range(len(LETTERS))),
]


class QuizScreen(CardSession):
    BINDINGS = [
        Binding("space", "next", "Next", id="quiz.next"),
        Binding("enter", "submit_choice", "Submit", id="quiz.submit"),
        Binding("enter", "next", "Next", id="quiz.next_enter", show=False),
        Binding("u", "undo", "Undo", id="quiz.undo"),
        Binding("q", "back", "Back", id="quiz.back"),
        *_PICK_BINDINGS,
    ]

    MODE = "quiz"

    def __init__(self, cards: list[Card], *, title: Text) -> None:
        super().__init__(cards, title=title)
