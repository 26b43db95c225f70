"""`?`: the keys that work on the screen underneath, with what they do."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Label

from quizapp.tui.i18n import tr
from quizapp.tui.screens.base import AppModal

_GLOBAL = [("ctrl+p", "Command palette: every action by name"), ("?", "This help"), ("ctrl+q", "Quit the app")]


class HelpScreen(AppModal):
    BINDINGS = [
        Binding("escape", "close", "Close", id="help.close"),
        Binding("q", "close", "Close", show=False),
        Binding("question_mark", "close", "Close", show=False),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.rows = _keys_of(under)

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="panel"):
            yield Label(tr("help_title", self.lang), classes="section")
            table: DataTable[str] = DataTable(id="help-keys", cursor_type="none", show_cursor=False)
            table.add_columns(tr("help_key", self.lang), tr("help_action", self.lang))
            for key, description in self.rows:
                table.add_row(key, description)
            yield table
            yield Label("escape / q / ?", classes="hint")

    def action_close(self) -> None:
        self.dismiss()


def _keys_of(screen: Screen) -> list[tuple[str, str]]:
    """The keys working on `screen` now (its own, its focused widget's, the app's), one row per description."""
    by_description: dict[str, list[str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or binding.system:
            continue
        display = binding.key_display or screen.app.get_key_display(binding) or key
        keys = by_description.setdefault(binding.description, [])
        if display not in keys:
            keys.append(display)
    rows = [(" ".join(keys), description) for description, keys in by_description.items()]
    shown = {key for row in rows for key in row[0].split()}
    rows.extend(row for row in _GLOBAL if row[0] not in shown)
    return rows
