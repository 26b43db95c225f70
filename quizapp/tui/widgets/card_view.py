"""How one card looks: a QA card with its hidden answer, or a choice card."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Markdown, Rule
from textual.widgets.markdown import MarkdownFence

from quizapp.content import ChoiceCard, QACard
from quizapp.tui import cjkwrap
from quizapp.tui.i18n import tr
from quizapp.tui.widgets.checklist import LETTERS, Checklist
from quizapp.tui.widgets.choices import ChoiceList

cjkwrap.install_markdown_joins()


class QAView(Vertical):
    """Question first; `reveal()` shows the Markdown answer and the key-point checklist."""

    def __init__(self, card: QACard, lang: str) -> None:
        super().__init__(classes="card-view")
        self.card = card
        self.lang = lang
        self.revealed = False

    def compose(self) -> ComposeResult:
        yield Markdown(self.card.question.get(self.lang), classes="question")
        yield Label(tr("show_answer", self.lang), classes="hint", id="reveal-hint")
        yield Vertical(id="answer-area")

    async def reveal(self) -> None:
        """Mount the answer now: a long answer is many widgets, and building them
        for every card up front would slow down going to the next card."""
        if self.revealed:
            return
        self.revealed = True
        self.add_class("-revealed")
        # Key points first: they are what the user grades against; the full
        # answer below is for reading when a point was missed.
        parts = [
            Label(tr("key_points", self.lang), classes="section", id="points-title"),
            Checklist([p.get(self.lang) for p in self.card.key_points], id="points"),
            Rule(),
            Label(tr("answer", self.lang), classes="section", id="answer-title"),
            Markdown(self.card.answer.get(self.lang), classes="answer", id="answer"),
        ]
        if self.card.details is not None:  # the depth, after the one-minute answer
            parts += [
                Label(tr("details", self.lang), classes="section", id="details-title"),
                Markdown(self.card.details.get(self.lang), classes="answer details", id="details"),
            ]
        await self.query_one("#answer-area").mount_all(parts)

    async def set_language(self, lang: str) -> None:
        """Show this card in `lang` where it stands: revealed or not, ticks kept."""
        if lang == self.lang:
            return
        self.lang = lang
        await self.query_one(".question", Markdown).update(self.card.question.get(lang))
        self.query_one("#reveal-hint", Label).update(tr("show_answer", lang))
        if not self.revealed:
            return
        self.query_one("#points-title", Label).update(tr("key_points", lang))
        self.checklist.set_points([p.get(lang) for p in self.card.key_points])
        self.query_one("#answer-title", Label).update(tr("answer", lang))
        await self.query_one("#answer", Markdown).update(self.card.answer.get(lang))
        if self.card.details is not None:
            self.query_one("#details-title", Label).update(tr("details", lang))
            await self.query_one("#details", Markdown).update(self.card.details.get(lang))

    @property
    def checklist(self) -> Checklist:
        return self.query_one(Checklist)


class ChoiceView(Vertical):
    """Question and options; `show_feedback()` marks them and shows the explanation."""

    def __init__(self, card: ChoiceCard, lang: str) -> None:
        super().__init__(classes="card-view")
        self.card = card
        self.lang = lang
        self.chosen: tuple[int, ...] | None = None  # the answer, once given

    def compose(self) -> ComposeResult:
        yield Markdown(self.card.question.get(self.lang), classes="question")
        yield Label(self._how(), classes="hint", id="pick-hint")
        yield ChoiceList([o.get(self.lang) for o in self.card.options], multiple=self.card.multiple, id="choices")
        with Vertical(id="feedback"):
            yield Label("", id="verdict")
            yield Markdown(self.card.explanation.get(self.lang), classes="explanation")
            yield Label(tr("continue", self.lang), classes="hint", id="continue-hint")

    def _how(self) -> str:
        last = LETTERS[len(self.card.options) - 1]
        return tr("pick_many" if self.card.multiple else "pick", self.lang, last=last)

    async def set_language(self, lang: str) -> None:
        """Show this card in `lang` where it stands: what was picked, and the feedback, stay."""
        if lang == self.lang:
            return
        self.lang = lang
        await self.query_one(".question", Markdown).update(self.card.question.get(lang))
        self.query_one("#pick-hint", Label).update(self._how())
        self.choices.set_options([o.get(lang) for o in self.card.options])
        await self.query_one(".explanation", Markdown).update(self.card.explanation.get(lang))
        self.query_one("#continue-hint", Label).update(tr("continue", lang))
        if self.chosen is not None:
            self.query_one("#verdict", Label).update(self._verdict(self.chosen))

    @property
    def choices(self) -> ChoiceList:
        return self.query_one(ChoiceList)

    @property
    def answered(self) -> bool:
        return self.choices.answered

    def is_correct(self, chosen: tuple[int, ...]) -> bool:
        return set(chosen) == set(self.card.correct)

    def show_feedback(self, chosen: tuple[int, ...]) -> bool:
        correct = self.is_correct(chosen)
        self.chosen = chosen
        self.choices.reveal(self.card.correct)
        verdict = self.query_one("#verdict", Label)
        verdict.update(self._verdict(chosen))
        verdict.set_class(correct, "-correct")
        verdict.set_class(not correct, "-wrong")
        self.add_class("-answered")
        return correct


    def _verdict(self, chosen: tuple[int, ...]) -> str:
        if self.is_correct(chosen):
            return f"✔ {tr('correct', self.lang)}"
        answer = ", ".join(LETTERS[i] for i in self.card.correct)
        return f"✘ {tr('wrong', self.lang, answer=answer)}"


def card_view(card: QACard | ChoiceCard, lang: str) -> QAView | ChoiceView:
    return QAView(card, lang) if isinstance(card, QACard) else ChoiceView(card, lang)


class CardArea(VerticalScroll):
    """The scrolling area a card sits in. `left`/`right` scroll its wide code
    blocks sideways (a code block never wraps: a formula broken mid-line reads
    wrong, so it keeps its lines and shows a scrollbar under itself instead)."""

    BINDINGS = [
        Binding("left", "code_sideways(-8)", "Code left", show=False),
        Binding("right", "code_sideways(8)", "Code right", show=False),
    ]

    def action_code_sideways(self, columns: int) -> None:
        fences = [f for f in self.query(MarkdownFence) if f.max_scroll_x > 0]
        for fence in fences:
            fence.scroll_to(x=fence.scroll_x + columns, animate=False)
        if not fences:
            self.scroll_to(x=self.scroll_x + columns, animate=False)
