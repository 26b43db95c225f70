"""The Textual app: global keys, the command palette, and the one factory.

The App stays small: it owns start-up (home's first counts from a forked child
on the other core, see `preload`; content + store loaded on a thread), the
language, and commands. Each activity is its own screen under `screens/`.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, cast

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import Hit, Hits
from textual.reactive import reactive
from textual.screen import Screen
from textual.system_commands import SystemCommandsProvider

from quizapp.i18n import ACTIONS, WORDS, action_text, tr
from quizapp.tui import cjkwrap, preload
from quizapp.tui.services import Boot, Clock, Grader, Overview, Study, WarmGrader, boot, home_view


def _utc_now() -> datetime:
    return datetime.now(UTC)


_frozen = False


def _freeze_startup_objects() -> None:
    """Move everything imported so far out of the cyclic GC's reach (once per process).

    Modules, classes and functions live as long as the process; without this,
    every full collection during start-up walks all of them again (one took
    ~30 ms, a sixth of the time to the first frame). After a fork the child's
    collections also leave those pages unwritten, so they stay shared.
    """
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


def _other_names(title: str) -> tuple[str, ...]:
    """A palette title's names in every language (the title itself when it has no entry)."""
    for table in (ACTIONS, WORDS):
        for pair in table.values():
            if title in pair:
                return pair
    return (title,)


class BilingualCommands(SystemCommandsProvider):
    """The palette's commands, found by their English or their Chinese name whatever the language."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback, *_ in self.app.get_system_commands(self.screen):
            score = max(matcher.match(name) for name in _other_names(title))
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)


class QuizApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "quizapp"
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help", key_display="?"),
        # Everywhere, not only on home (a text editor keeps its `l`: it handles the key first).
        Binding("l", "toggle_language", "Language", id="app.language", show=False),
    ]
    COMMANDS = {BilingualCommands}

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
        self._booted = threading.Event()
        self._boot_lock = threading.Lock()
        self._boot_started = False
        self._unmounted = False
        self._chosen_language: str | None = None
        self._loaded_listeners: list[Callable[[Boot], object]] = []
        _freeze_startup_objects()
        # Home's first counts are computed on the other core (a forked child)
        # while Textual starts; the app's own Study loads once home has settled
        # (HomeScreen starts it). Where fork is not safe, everything loads on a
        # thread started now.
        self._preview = preload.start(partial(home_view, home, self.content_dirs, self.clock, self.content_roots))
        if self._preview is None:
            self.start_boot()

    def get_default_screen(self) -> Screen:
        from quizapp.tui.screens.home import HomeScreen

        return HomeScreen()

    def start_boot(self) -> None:
        """Load content and open the store on a thread (once; later calls do nothing)."""
        with self._boot_lock:
            if self._boot_started:
                return
            self._boot_started = True
        threading.Thread(target=self._boot, name="quizapp-boot", daemon=True).start()

    def _boot(self) -> None:
        preview = self._preview
        if preview is not None:
            preview.wait()  # the child may be creating the database: one writer at a time
        try:
            result = boot(self.home, self.content_dirs, self.clock, self.content_roots)
            if result.study is not None and (preview is None or preview.failed):
                result.overview = result.study.overview(result.language)
        except Exception as exc:  # shown on the home screen rather than lost in a thread
            result = Boot(None, [], "en", failure=f"{type(exc).__name__}: {exc}")
        with self._boot_lock:
            if self._unmounted and result.study is not None:
                result.study.close()  # the app ended while this loaded
                result.study = None
            if result.study is not None and self._chosen_language is not None:
                result.study.set_language(self._chosen_language)  # switched before the study was there
            self.study = result.study
            self.boot_result = result
            self._booted.set()
            listeners, self._loaded_listeners = self._loaded_listeners, []
        for listener in listeners:
            listener(result)

    def when_loaded(self, listener: Callable[[Boot], object]) -> None:
        """Call `listener(boot_result)` once content and store have loaded: at once if they
        have, else on the loading thread (so it should only post a message)."""
        with self._boot_lock:
            result = self.boot_result
            if result is None:
                self._loaded_listeners.append(listener)
                return
        listener(result)

    def load(self) -> Boot:
        """Content and store, once loaded (blocks: call from a worker thread)."""
        self.start_boot()
        self._booted.wait()
        assert self.boot_result is not None
        return self.boot_result

    def first_view(self, timeout: float | None) -> tuple[Overview, str] | None:
        """Home's first counts and the stored language, waiting at most `timeout` s (None: as long as it takes).

        None if they are not known yet. Waiting here releases the GIL, so the
        loading thread (if that is where they come from) runs at full speed.
        """
        preview = self._preview
        if preview is not None:
            view = preview.result(timeout)
            if view is not None:
                return cast("tuple[Overview, str]", view)
            if not preview.failed:
                return None
        self.start_boot()  # no child, or it failed: this process loads
        if not self._booted.wait(timeout):
            return None
        result = self.boot_result
        assert result is not None
        return (result.overview or Overview(), result.language)

    def on_unmount(self) -> None:
        with self._boot_lock:
            self._unmounted = True
            study, self.study = self.study, None
        if study is not None:
            study.close()
        if self._preview is not None:
            self._preview.close()  # reaped even when the app ends before it was read
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
        self.screen.refresh_bindings()  # the footer and the palette describe the keys in `lang`
        with self._boot_lock:
            study = self.study
            if study is None:
                self._chosen_language = lang  # stored once the study has loaded
        if study is not None:
            study.set_language(lang)

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
        # Titles are in the current language; BilingualCommands also finds them
        # by their name in the other one.
        lang = self.language
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not active.enabled or not binding.description or binding.action in seen:
                continue
            if binding.action in ("command_palette", "toggle_language", "app.toggle_language"):
                continue
            seen.add(binding.action)
            shown = binding.key_display or key
            yield SystemCommand(
                action_text(binding.description, lang),
                tr("palette_key", lang, keys=shown),
                partial(self.run_action, binding.action, active.node),
            )
        language = tr("palette_language", lang)
        yield SystemCommand(language, tr("palette_language_help", lang), self.action_toggle_language)
        for command in super().get_system_commands(screen):
            yield SystemCommand(action_text(command.title, lang), action_text(command.help, lang), *command[2:])


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
