"""A footer that keeps one composed Footer per set of keys and shows the one that applies.

Textual's Footer rebuilds all of its key widgets whenever the screen's bindings
change. In a drill they change twice per card (reveal, then rate), and the
rebuild was a third of the time from a rating key to the next card. The sets
of keys a screen shows are few, so each is composed once, kept, and switched
to by `display`; the keys look exactly as Textual's Footer draws them.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widget import Widget

from quizapp.tui.widgets.footer import AppFooter, footer_signature


class _Page(AppFooter):
    """One composed Footer; it does not follow binding changes (KeysFooter does)."""

    def __init__(self, *, compact: bool) -> None:
        super().__init__(compact=compact)
        self._bindings_ready = True

    def bindings_changed(self, screen: Screen[Any]) -> None:
        pass


class KeysFooter(Widget):
    """Drop-in for `Footer(compact=...)` on screens whose keys change often."""

    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
    }
    """

    def __init__(self, *, compact: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.compact = compact
        self._pages: list[_Page] = []
        self._shown: _Page | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    async def _bindings_changed(self, screen: Screen[Any]) -> None:
        # Same conditions as Footer.bindings_changed.
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        wanted = footer_signature(screen)
        if self._shown is not None and self._shown.signature == wanted:
            return
        page = next((p for p in self._pages if p.signature == wanted), None)
        if page is None:
            page = _Page(compact=self.compact)
            self._pages.append(page)
            await self.mount(page)
            if page.signature != footer_signature(screen):
                # The keys changed while it was composed: a later signal shows the right page.
                page.display = False
                return
        for other in self._pages:
            other.display = other is page
        self._shown = page
