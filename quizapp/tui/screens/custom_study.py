"""Custom study, as in Anki: when a deck has nothing left today, offer more instead of a dead end.

Extra new cards (past today's limit) from the deck or one of its tags go
through the scheduler like any review; a cram session over the deck, a tag, or
the user's weakest tag is logged apart and reschedules nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from quizapp.content import Card
from quizapp.tui.i18n import tr
from quizapp.tui.screens.base import _Access

EXTRA_NEW = 10  # extra new cards per choice, as Anki's default step
TAGS_OFFERED = 6


@dataclass(frozen=True)
class StudyChoice:
    """What the user picked: the cards, the session's title, and whether it is a cram."""

    cards: list[Card]
    title: str
    cram: bool


class CustomStudyScreen(_Access, ModalScreen[StudyChoice | None]):
    BINDINGS = [
        Binding("escape", "close", "Close", id="custom.close"),
        Binding("q", "close", "Close", show=False, id="custom.q"),
    ]

    def __init__(self, deck_id: str, deck_title: str) -> None:
        super().__init__()
        self.deck_id = deck_id
        self.deck_title = deck_title
        self.choices: dict[str, StudyChoice] = {}

    def compose(self) -> ComposeResult:
        lang, study = self.lang, self.study
        options: list[Option] = []

        def offer(key: str, text: str, cards: list[Card], title: str, *, cram: bool) -> None:
            if cards:
                self.choices[key] = StudyChoice(cards, title, cram)
                options.append(Option(text, id=key))

        extra = study.extra_new_cards(EXTRA_NEW, deck=self.deck_id)
        offer("new-deck", tr("cs_new_deck", lang, n=len(extra)), extra, self.deck_title, cram=False)
        cram_title = tr("cs_cram_title", lang, what=self.deck_title)
        offer("cram-deck", tr("cs_cram_deck", lang), study.cram_cards(deck=self.deck_id), cram_title, cram=True)
        weakest = study.weakest_tag()
        if weakest is not None:
            title = tr("cs_cram_title", lang, what=f"#{weakest}")
            offer("weakest", tr("cs_weakest", lang, tag=weakest), study.cram_cards(tag=weakest), title, cram=True)
        for tag in study.deck_tags(self.deck_id)[:TAGS_OFFERED]:
            extra = study.extra_new_cards(EXTRA_NEW, tag=tag)
            offer(f"new-tag:{tag}", tr("cs_new_tag", lang, n=len(extra), tag=tag), extra, f"#{tag}", cram=False)
            title = tr("cs_cram_title", lang, what=f"#{tag}")
            offer(f"cram-tag:{tag}", tr("cs_cram_tag", lang, tag=tag), study.cram_cards(tag=tag), title, cram=True)
        with Vertical(id="custom-study", classes="panel"):
            yield Label(tr("cs_title", lang, deck=self.deck_title), classes="section")
            yield Label(tr("cs_intro", lang), classes="hint")
            yield OptionList(*options, id="custom-options")
            yield Label(tr("cs_keys", lang), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#custom-options").focus()

    @on(OptionList.OptionSelected, "#custom-options")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        self.dismiss(self.choices[event.option.id])

    def action_close(self) -> None:
        self.dismiss(None)
