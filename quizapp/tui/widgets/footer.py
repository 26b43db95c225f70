"""Textual's Footer, with its keys built compact from the start.

Footer data-binds each key's `compact` to its own. On mount every key's
watcher then adds the `-compact` class, and each class change restyles that key
and its parts: on home that was twenty style passes, about a quarter of the
time from start-up to the first frame. Here the keys of a compact footer carry
the class when they are built, so mounting changes nothing. The result is
the same widgets with the same classes, drawn exactly as Footer draws them.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup


def footer_signature(screen: Screen[Any]) -> tuple[Any, ...]:
    """Everything Footer.compose reads from the screen's bindings, as a hashable key."""
    app = screen.app
    rows: list[Any] = []
    for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items():
        if not binding.show and key != app.COMMAND_PALETTE_BINDING:
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
        if not self._bindings_ready:
            return
        self.signature = footer_signature(self.screen)
        active = self.screen.active_bindings
        shown = [(binding, enabled, tooltip) for (_, binding, enabled, tooltip) in active.values() if binding.show]
        if not self.compact or any(binding.group is not None for binding, _, _ in shown):
            yield from self._grouped(shown)
            return
        shown.sort(key=_back_first)
        # One key per action, the first binding found, as Footer does.
        by_action: dict[str, tuple[Binding, bool, str]] = {}
        for entry in shown:
            by_action.setdefault(entry[0].action, entry)
        self.styles.grid_size_columns = len(by_action)
        for binding, enabled, tooltip in by_action.values():
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
                classes="-compact",
            )
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette: Any = active.get(self.app.COMMAND_PALETTE_BINDING)
            if palette is not None:
                _node, binding, enabled, tooltip = palette
                yield FooterKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    classes="-command-palette -compact",
                    disabled=not enabled,
                    tooltip=binding.tooltip or binding.description,
                )

    def _grouped(self, shown: list[tuple[Binding, bool, str]]) -> ComposeResult:
        """Footer.compose (Textual 8) with `q` moved to the front; groups drawn as Textual draws them."""
        by_action: dict[str, list[tuple[Binding, bool, str]]] = {}
        for entry in sorted(shown, key=_back_first):
            by_action.setdefault(entry[0].action, []).append(entry)
        self.styles.grid_size_columns = len(by_action)
        for group, runs in groupby(by_action.values(), lambda entries: entries[0][0].group):
            runs_list = list(runs)
            if group is not None and len(runs_list) > 1:
                with KeyGroup(classes="-compact" if group.compact else ""):
                    for entries in runs_list:
                        binding, enabled, tooltip = entries[0]
                        yield FooterKey(binding.key, self.app.get_key_display(binding), "", binding.action,
                                        disabled=not enabled, tooltip=tooltip or binding.description,
                                        classes="-grouped").data_bind(compact=Footer.compact)  # fmt: skip
                yield FooterLabel(group.description)
                continue
            for entries in runs_list:
                binding, enabled, tooltip = entries[0]
                yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                                disabled=not enabled, tooltip=tooltip).data_bind(compact=Footer.compact)  # fmt: skip
        yield from self._palette_key()

    def _palette_key(self) -> ComposeResult:
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return
        palette: Any = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None:
            _node, binding, enabled, _tooltip = palette
            yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                            classes="-command-palette", disabled=not enabled,
                            tooltip=binding.tooltip or binding.description)  # fmt: skip
