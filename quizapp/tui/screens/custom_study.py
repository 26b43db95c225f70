"""Custom study, as in Anki: when a deck has nothing left today, offer more instead of a dead end.

Extra new cards (past today's limit) from the deck or one of its tags go
through the scheduler like any review; a cram session over the deck, a tag, or
the user's weakest tag is logged apart and reschedules nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from quizapp.content import Card
from quizapp.tui.i18n import Text, in_every_language, tr
from quizapp.tui.screens.base import LANGUAGE_KEY, _Access

EXTRA_NEW = 10  # extra new cards per choice, as Anki's default step
TAGS_OFFERED = 6


@dataclass(frozen=True)
class StudyChoice:
    """What the user picked: the cards, the session's title, and whether it is a cram."""

    cards: list[Card]
    title: Text  # in every language, for the session's title bar
    cram: bool


class CustomStudyScreen(_Access, ModalScreen[StudyChoice | None]):
    BINDINGS = [
        LANGUAGE_KEY,
        Binding("escape", "close", "Close", id="custom.close"),
        Binding("q", "close", "Close", show=False, id="custom.q"),
    ]

    def __init__(self, deck_id: str, deck_title: Text) -> None:
        super().__init__()
        self.deck_id = deck_id
        self.deck_title = deck_title
        self.choices: dict[str, StudyChoice] = {}
        self._prompts: dict[str, Callable[[str], str]] = {}  # each option's words, for `l`

    def compose(self) -> ComposeResult:
        lang, study = self.lang, self.study
        options: list[Option] = []

        def offer(key: str, text: Callable[[str], str], cards: list[Card], title: Text, *, cram: bool) -> None:
            if cards:
                self.choices[key] = StudyChoice(cards, title, cram)
                self._prompts[key] = text
                options.append(Option(text(lang), id=key))

        def cram_title(what: Text | str) -> Text:
            return in_every_language(
                lambda lang: tr("cs_cram_title", lang, what=what if isinstance(what, str) else what.get(lang))
            )

        extra = study.extra_new_cards(EXTRA_NEW, deck=self.deck_id)
        offer("new-deck", partial(tr, "cs_new_deck", n=len(extra)), extra, self.deck_title, cram=False)
        deck_cram = study.cram_cards(deck=self.deck_id)
        offer("cram-deck", partial(tr, "cs_cram_deck"), deck_cram, cram_title(self.deck_title), cram=True)
        weakest = study.weakest_tag()
        if weakest is not None:
            title = cram_title(f"#{weakest}")
            text = partial(tr, "cs_weakest", tag=weakest)
            offer("weakest", text, study.cram_cards(tag=weakest), title, cram=True)
        for tag in study.deck_tags(self.deck_id)[:TAGS_OFFERED]:
            extra = study.extra_new_cards(EXTRA_NEW, tag=tag)
            text = partial(tr, "cs_new_tag", n=len(extra), tag=tag)
            offer(f"new-tag:{tag}", text, extra, Text.plain(f"#{tag}"), cram=False)
            text = partial(tr, "cs_cram_tag", tag=tag)
            offer(f"cram-tag:{tag}", text, study.cram_cards(tag=tag), cram_title(f"#{tag}"), cram=True)
        with Vertical(id="custom-study", classes="panel"):
            yield Label(self._title(), classes="section", id="custom-title")
            yield Label(tr("cs_intro", lang), classes="hint", id="custom-intro")
            yield OptionList(*options, id="custom-options")
            yield Label(tr("cs_keys", lang), classes="hint", id="custom-keys")

    def _title(self) -> str:
        return tr("cs_title", self.lang, deck=self.deck_title.get(self.lang))

    def on_mount(self) -> None:
        self.query_one("#custom-options").focus()

    async def language_switched(self, lang: str) -> None:
        # In place: the highlighted option stays where it was.
        self.query_one("#custom-title", Label).update(self._title())
        self.query_one("#custom-intro", Label).update(tr("cs_intro", lang))
        self.query_one("#custom-keys", Label).update(tr("cs_keys", lang))
        options = self.query_one("#custom-options", OptionList)
        for key, text in self._prompts.items():
            options.replace_option_prompt(key, text(lang))

    @on(OptionList.OptionSelected, "#custom-options")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        self.dismiss(self.choices[event.option.id])

    def action_close(self) -> None:
        self.dismiss(None)
