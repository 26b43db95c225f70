"""Textual's Footer, with its keys built compact from the start.

Footer data-binds each key's `compact` to its own. On mount every key's
watcher then adds the `-compact` class, and each class change restyles that key
and its parts: on home that was twenty style passes, about a quarter of the
time from start-up to the first frame. Here the keys of a compact footer carry
the class when they are built, so mounting changes nothing. The result is
the same widgets with the same classes, drawn exactly as Footer draws them.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

from quizapp.i18n import action_text


def _language(screen: Screen[Any]) -> str:
    return str(getattr(screen.app, "language", "en"))


def footer_hidden(screen: Screen[Any]) -> frozenset[str]:
    """Ids of keys the screen leaves out of its footer for now (they still work; help lists them).

    A screen with more keys than 80 columns hold shows the ones that matter where
    the focus is (the exercise screen: the editor's keys, or the results' keys).
    """
    hook = getattr(screen, "footer_hidden", None)
    return hook() if callable(hook) else frozenset()


def footer_signature(screen: Screen[Any]) -> tuple[Any, ...]:
    """Everything Footer.compose reads from the screen's bindings (and the language), as a hashable key."""
    app = screen.app
    rows: list[Any] = [_language(screen)]
    hidden = footer_hidden(screen)
    for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items():
        if (not binding.show or binding.id in hidden) and key != app.COMMAND_PALETTE_BINDING:
            continue
        group = binding.group
        rows.append(
            (
                key,
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                enabled,
                tooltip,
                binding.tooltip,
                (group.description, group.compact) if group is not None else None,
                id(group) if group is not None else None,
            )
        )
    return tuple(rows)


def _back_first(entry: tuple[Binding, bool, str]) -> int:
    """`q` (back, or quit on Home) leads the footer: on a narrow terminal the
    keys at the end are cut, and the way out must never be one of them."""
    return 0 if entry[0].key == "q" else 1


class AppFooter(Footer):
    """Drop-in for `Footer(compact=True)`."""

    def __init__(self, *, compact: bool = False, id: str | None = None) -> None:
        super().__init__(compact=compact, id=id)
        self.signature: tuple[Any, ...] | None = None  # the keys composed now

    async def recompose(self) -> None:
        # Footer asks for a recompose at every bindings signal; on a screen's
        # start there are several, all with the same keys. Build them once.
        if self._bindings_ready and self.is_attached and self.signature == footer_signature(self.screen):
            return
        await super().recompose()

    def compose(self) -> ComposeResult:
        # Footer.compose's layout, with every description in the app's language
        # (Textual's own reads binding.description as written).
        if not self._bindings_ready:
            return
        self.signature = footer_signature(self.screen)
        lang = _language(self.screen)
        active = self.screen.active_bindings
        hidden = footer_hidden(self.screen)
        shown = [
            (binding, enabled, tooltip)
            for (_, binding, enabled, tooltip) in active.values()
            if binding.show and binding.id not in hidden
        ]
        shown.sort(key=_back_first)
        compact = "-compact" if self.compact else ""
        # One key per action, the first binding found, as Footer does.
        by_action: dict[str, tuple[Binding, bool, str]] = {}
        for entry in sorted(shown, key=_back_first):  # stable: only q moves to the front
            by_action.setdefault(entry[0].action, entry)
        self.styles.grid_size_columns = len(by_action)
        entries = list(by_action.values())
        i = 0
        while i < len(entries):
            group = entries[i][0].group
            run = [entries[i]]
            while group is not None and i + len(run) < len(entries) and entries[i + len(run)][0].group is group:
                run.append(entries[i + len(run)])
            i += len(run)
            if group is not None and len(run) > 1:
                with KeyGroup(classes="-compact" if group.compact else ""):
                    for binding, enabled, tooltip in run:
                        yield FooterKey(
                            binding.key,
                            self.app.get_key_display(binding),
                            "",
                            binding.action,
                            disabled=not enabled,
                            tooltip=tooltip or action_text(binding.description, lang),
                            classes=f"-grouped {compact}".strip(),
                        )
                yield FooterLabel(action_text(group.description, lang))
                continue
            for binding, enabled, tooltip in run:
                yield FooterKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    action_text(binding.description, lang),
                    binding.action,
                    disabled=not enabled,
                    tooltip=tooltip,
                    classes=compact,
                )
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette: Any = active.get(self.app.COMMAND_PALETTE_BINDING)
            if palette is not None:
                _node, binding, enabled, tooltip = palette
                yield FooterKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    action_text(binding.description, lang),
                    binding.action,
                    classes=f"-command-palette {compact}".strip(),
                    disabled=not enabled,
                    tooltip=binding.tooltip or action_text(binding.description, lang),
                )
