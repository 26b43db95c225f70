"""`?`: the keys that work on the screen underneath, with what they do."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Label

from quizapp.tui.i18n import action_text, tr
from quizapp.tui.screens.base import AppModal

_GLOBAL = [("ctrl+p", "help_palette"), ("?", "help_this"), ("l", "help_language"), ("ctrl+q", "help_quit")]


class HelpScreen(AppModal):
    RECOMPOSE_ON_LANGUAGE = True
    BINDINGS = [
        Binding("escape", "close", "Close", id="help.close"),
        Binding("q", "close", "Close", show=False),
        Binding("question_mark", "close", "Close", show=False),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    @property
    def rows(self) -> list[tuple[str, str]]:
        return _keys_of(self.under, self.lang)

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="panel"):
            yield Label(tr("help_title", self.lang), classes="section")
            table: DataTable[str] = DataTable(id="help-keys", cursor_type="none", show_cursor=False)
            table.add_columns(tr("help_key", self.lang), tr("help_action", self.lang))
            for key, description in self.rows:
                table.add_row(key, description)
            yield table
            yield Label(tr("help_close", self.lang), classes="hint")

    def action_close(self) -> None:
        self.dismiss()


def _keys_of(screen: Screen, lang: str) -> list[tuple[str, str]]:
    """The keys working on `screen` now, one row per action, in `lang`.

    The screen's own keys first, then the app's, then Textual's own (focus,
    copy, an editor's or a table's keys), described in `lang` too.
    """
    by_description: dict[str, list[str]] = {}
    ranked: dict[str, int] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or binding.system:
            continue
        display = binding.key_display or screen.app.get_key_display(binding) or key
        description = action_text(binding.description, lang)
        keys = by_description.setdefault(description, [])
        if display not in keys:
            keys.append(display)
        ours = binding.id is not None  # the app's own keys have ids; Textual's (tab, copy) do not
        rank = 0 if ours and active.node is screen else 1 if ours else 2
        ranked[description] = min(rank, ranked.get(description, rank))
    order = sorted(by_description, key=lambda d: ranked[d])  # stable: each group keeps its own order
    rows = [(" ".join(by_description[d]), d) for d in order]
    shown = {key for row in rows for key in row[0].split()}
    widget_keys = len([d for d in order if ranked[d] < 2])  # the app-wide keys go before the widget's
    rows[widget_keys:widget_keys] = [(key, tr(text, lang)) for key, text in _GLOBAL if key not in shown]
    return rows
