"""The Textual app: global keys, the command palette, and the one factory.

The App stays small: it owns start-up (content + store, loaded in a worker so
the first frame is not held up), the language, and commands. Each activity is
its own screen under `screens/`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from quizapp.tui import cjkwrap
from quizapp.tui.services import Boot, Clock, Grader, Study, WarmGrader, boot


def _utc_now() -> datetime:
    return datetime.now(UTC)


class QuizApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "quizapp"
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help", key_display="?"),
    ]

    language: reactive[str] = reactive("en")

    def __init__(
        self,
        *,
        home: Path,
        content_dirs: Sequence[Path] = (),
        content_roots: Sequence[Path] | None = None,
        clock: Clock | None = None,
        grader: Grader | None = None,
        start: str | None = None,
        mock_minutes: int | None = None,
    ) -> None:
        super().__init__()
        self.start = start  # "mock": open the mock interview as soon as the data is loaded
        self.mock_minutes = mock_minutes
        cjkwrap.install()
        self.home = home
        self.content_dirs = tuple(content_dirs)
        self.content_roots = tuple(content_roots) if content_roots is not None else None
        self.clock: Clock = clock or _utc_now
        self.grader: Grader = grader if grader is not None else WarmGrader()
        self.study: Study | None = None
        self.boot_result: Boot | None = None
        # Content and the store load on a thread started right now, so the work
        # overlaps Textual's own start-up instead of following the first frame.
        self._booted = threading.Event()
        threading.Thread(target=self._boot, name="quizapp-boot", daemon=True).start()

    def get_default_screen(self) -> Screen:
        from quizapp.tui.screens.home import HomeScreen

        return HomeScreen()

    def _boot(self) -> None:
        try:
            result = boot(self.home, self.content_dirs, self.clock, self.content_roots)
        except Exception as exc:  # shown on the home screen rather than lost in a thread
            result = Boot(None, [], "en", failure=f"{type(exc).__name__}: {exc}")
        self.study = result.study
        self.boot_result = result
        self._booted.set()

    def load(self) -> Boot:
        """Content and store, once loaded (blocks: call from a worker thread)."""
        self._booted.wait()
        assert self.boot_result is not None
        return self.boot_result

    def on_unmount(self) -> None:
        if self.study is not None:
            self.study.close()
        close = getattr(self.grader, "close", None)
        if close is not None:
            close()  # no spare child outlives the app

    def warm_grader(self) -> None:
        """Start a spare grading child if the grader keeps one (call from a worker)."""
        warm = getattr(self.grader, "warm", None)
        if warm is not None:
            warm()

    # -- language ------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        self.language = lang
        if self.study is not None:
            self.study.set_language(lang)

    def action_toggle_language(self) -> None:
        self.set_language("zh" if self.language == "en" else "en")

    # -- help and commands ---------------------------------------------------

    def action_help(self) -> None:
        from quizapp.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Every key of the current screen is also a palette entry, so the
        # palette and the footer can never disagree about what is possible.
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not active.enabled or not binding.description or binding.action in seen:
                continue
            if binding.action == "command_palette":
                continue
            seen.add(binding.action)
            shown = binding.key_display or key
            yield SystemCommand(
                binding.description,
                f"key: {shown}",
                partial(self.run_action, binding.action, active.node),
            )
        yield SystemCommand("Language: English / 中文", "switch the language of cards and labels",
                            self.action_toggle_language)
        yield from super().get_system_commands(screen)


def create_app(
    *,
    home: Path,
    content_dirs: Sequence[Path] = (),
    content_roots: Sequence[Path] | None = None,
    clock: Callable[[], datetime] | None = None,
    grader: Grader | None = None,
    start: str | None = None,
    mock_minutes: int | None = None,
) -> QuizApp:
    """The one way to build the app, for the CLI and for tests.

    `content_dirs` are added to the built-in content; `content_roots`, if given,
    replaces it entirely (tests pin their own small content this way). `start`
    ("mock") opens an activity as soon as the data is loaded.
    """
    return QuizApp(
        home=home,
        content_dirs=content_dirs,
        content_roots=content_roots,
        clock=clock,
        grader=grader,
        start=start,
        mock_minutes=mock_minutes,
    )


def run_app(content_dirs: Sequence[Path] = (), *, start: str | None = None, mock_minutes: int | None = None) -> int:
    from quizapp.locations import data_home

    app = create_app(home=data_home(), content_dirs=content_dirs, start=start, mock_minutes=mock_minutes)
    result: Any = app.run()
    return int(result or 0) if app.return_code in (None, 0) else int(app.return_code or 1)
