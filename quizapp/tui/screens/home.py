"""Home: decks with their counts, exercises with their status, and what to do next."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Label, Static

from quizapp.tui.i18n import Text, format_duration, in_every_language, tr
from quizapp.tui.screens.base import AppScreen
from quizapp.tui.services import Boot, Overview
from quizapp.tui.widgets.footer import AppFooter

STUDY_LOAD_DELAY = 0.15  # seconds from home's counts on screen to loading the study


def needs_study(action: Callable[..., None]) -> Callable[..., None]:
    """Run a home action now if the app's study has loaded, else as soon as it has.

    Home shows its counts before the study is open (see `preload`); a key
    pressed in that moment is kept, not dropped.
    """

    @functools.wraps(action)
    def run(screen: HomeScreen, *args: object) -> None:
        if screen.quiz_app.study is not None:
            action(screen, *args)
        else:
            screen._pending = functools.partial(action, screen, *args)
            screen.quiz_app.start_boot()  # now, not after the settling delay

    return run


def _mastery_bar(share: float, width: int = 8) -> str:
    filled = round(share * width)
    return "█" * filled + "░" * (width - filled) + f" {round(share * 100):>3}%"


class HomeScreen(AppScreen):
    BINDINGS = [
        Binding("r", "review", "Review today", id="home.review"),
        Binding("enter", "open", "Open", id="home.open"),
        Binding("c", "quiz", "Quiz", id="home.quiz"),
        Binding("e", "exercise", "Exercise", id="home.exercise"),
        Binding("t", "timed", "Timed", id="home.timed"),
        Binding("m", "mock", "Mock", id="home.mock"),
        Binding("s", "stats", "Stats", id="home.stats"),
        Binding("l", "app.toggle_language", "中/En", id="home.language"),
        Binding("q", "app.quit", "Quit", id="home.quit"),
    ]

    @dataclass
    class Ready(Message):
        overview: Overview
        language: str

    @dataclass
    class Booted(Message):
        """The app's own content and store have loaded (or failed to)."""

        result: Boot

    def __init__(self) -> None:
        super().__init__(id="home")
        self.overview: Overview | None = None
        self._pending: Callable[[], object] | None = None  # a key pressed before the study loaded
        self._away = False  # another screen has been on top since home was shown
        self._shown_language: str | None = None

    def compose(self) -> ComposeResult:
        # The widgets come first, empty; their text and rows follow with the
        # data (`_show`). Mounting and styling them overlaps the loading, and
        # a later reload or language switch updates them in place.
        yield Static(id="title", classes="title-bar")
        with Vertical(id="home-body"):
            with Vertical(id="today", classes="panel"):
                yield Label(classes="section", id="today-label")
                yield Static(id="next")
                yield Static(id="next-exercise")
            yield Label(classes="section", id="decks-label")
            yield DataTable(id="decks", cursor_type="row", zebra_stripes=True)
            yield Label(classes="section", id="exercises-label")
            yield DataTable(id="exercises", cursor_type="row", zebra_stripes=True)
        yield AppFooter(compact=True)

    def _show(self, overview: Overview) -> None:
        """Put `overview` on screen, in the current language, keeping the table cursors."""
        self.overview = overview
        lang = self._shown_language = self.lang
        self.query_one("#title", Static).update(tr("app_title", lang))
        self.query_one("#today-label", Label).update(tr("today", lang))
        self.query_one("#decks-label", Label).update(tr("decks", lang))
        self.query_one("#exercises-label", Label).update(tr("exercises", lang))
        if overview.due_cards or overview.new_cards:
            self.query_one("#next", Static).update(
                tr("next_review", lang, due=overview.due_cards, new=overview.new_cards)
            )
        else:
            self.query_one("#next", Static).update(tr("next_done", lang))
        next_exercise = self.query_one("#next-exercise", Static)
        title = self._exercise_title(overview.next_exercise) if overview.next_exercise else None
        next_exercise.update(tr("next_exercise", lang, title=title) if title else "")
        next_exercise.display = title is not None

        decks: DataTable[str] = self.query_one("#decks", DataTable)
        cursor = decks.cursor_row
        decks.clear(columns=True)
        decks.add_columns(*(tr(key, lang) for key in ("deck", "due", "new", "total", "mastery")))
        for row in overview.decks:
            decks.add_row(row.title, str(row.due), str(row.new), str(row.total), _mastery_bar(row.mastery),
                          key=row.deck_id)
        if cursor < decks.row_count:
            decks.move_cursor(row=cursor, animate=False)

        exercises: DataTable[str] = self.query_one("#exercises", DataTable)
        cursor = exercises.cursor_row
        exercises.clear(columns=True)
        exercises.add_columns(tr("exercise", lang), tr("status", lang), tr("best_time", lang))
        for ex in overview.exercises:
            status = tr(f"st_{ex.status}", lang)
            if ex.due and ex.status != "new":
                status += f" · {tr('st_due', lang)}"
            best = format_duration(ex.best_ms) if ex.best_ms is not None else "–"
            exercises.add_row(ex.title, status, best, key=ex.exercise_id)
        if cursor < exercises.row_count:
            exercises.move_cursor(row=cursor, animate=False)

    def _exercise_title(self, exercise_id: str) -> str | None:
        for row in self.overview.exercises if self.overview else ():
            if row.exercise_id == exercise_id:
                return row.title
        return None

    # -- loading ---------------------------------------------------------------

    def on_mount(self) -> None:
        self.watch(self.app, "language", self._language_changed, init=False)
        self.query_one("#decks", DataTable).focus()  # before the first frame: painted focused once
        view = self.quiz_app.first_view(0)
        if view is not None:  # already known: shown in the first frame
            self._first(*view)
        else:
            self._load()
        # A message from the loading thread rather than a worker waiting for
        # it: a pending worker would hold up the app's exit until loading ends.
        self.quiz_app.when_loaded(lambda result: self.post_message(self.Booted(result)))

    def _first(self, overview: Overview, language: str) -> None:
        if language != self.lang:
            self.quiz_app.language = language  # no reload: _show below uses it
        self._show(overview)
        # The app's own study loads once home has settled, not in its way: a
        # loading thread holds the GIL in 5 ms slices, and the frames still
        # to come (the footer's keys, the first paint with the counts) would
        # wait for it at every turn of the event loop. A key pressed before
        # then starts the loading at once (see `needs_study`).
        self.set_timer(STUDY_LOAD_DELAY, self.quiz_app.start_boot, name="load study")

    def on_screen_suspend(self) -> None:
        self._away = True

    def on_screen_resume(self) -> None:
        # Back from a drill: counts have changed. (The first resume, as the
        # app starts, is not a return.)
        if self._away and self.overview is not None:
            self.reload()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="home")
    def _load(self) -> None:
        app = self.quiz_app
        if self.overview is None:
            view = app.first_view(None)
            assert view is not None
            self.post_message(self.Ready(*view))
            return
        result = app.load()
        study = result.study
        lang = self.lang
        self.post_message(self.Ready(study.overview(lang) if study is not None else Overview(), lang))

    @on(Ready)
    def _ready(self, message: Ready) -> None:
        if self.overview is None:
            self._first(message.overview, message.language)
        elif message.language == self.lang:  # else a newer load, in the new language, is on its way
            self._show(message.overview)

    @on(Booted)
    def _booted(self, message: Booted) -> None:
        result = message.result
        if result.failure:
            self.notify(tr("boot_failed", self.lang, error=result.failure), severity="error", timeout=30)
        if result.errors:
            self.notify(tr("content_errors", self.lang, n=len(result.errors)), severity="warning", timeout=10)
        self.refresh_bindings()
        pending, self._pending = self._pending, None
        if result.study is None:
            return
        if pending is not None:
            pending()
        elif self.quiz_app.start == "mock":
            self.quiz_app.start = None  # once: back on home, home stays
            self.call_after_refresh(self.action_mock)

    def _language_changed(self, lang: str) -> None:
        if self.overview is not None and lang != self._shown_language:
            self.reload()

    # Below this width the footer leaves out `t` and `s` so that `?` and `中/En`
    # fit beside the palette key in both languages (help and the palette list them).
    FULL_FOOTER_WIDTH = 100

    def footer_hidden(self) -> frozenset[str]:
        if self.size.width >= self.FULL_FOOTER_WIDTH:
            return frozenset()
        return frozenset({"home.timed", "home.stats"})

    def on_resize(self) -> None:
        self.refresh_bindings()  # the footer's keys depend on the width

    # -- actions ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("review", "open", "quiz", "exercise", "stats", "timed", "mock"):
            app = self.quiz_app
            if self.overview is None or (app.study is None and app.boot_result is not None):
                return None  # dimmed until home shows the data, and for good if loading failed
        return True

    def _selected(self, table_id: str) -> str | None:
        table = self.query_one(table_id, DataTable)
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    @needs_study
    def action_review(self) -> None:
        self._start_drill(deck=None)

    @needs_study
    def action_open(self) -> None:
        focused = self.focused
        if isinstance(focused, DataTable) and focused.id == "exercises":
            self._open_exercise(self._selected("#exercises"))
        else:
            self._start_drill(deck=self._selected("#decks"))

    @on(DataTable.RowSelected, "#decks")
    @needs_study
    def _deck_chosen(self, event: DataTable.RowSelected) -> None:
        self._start_drill(deck=str(event.row_key.value))

    @on(DataTable.RowSelected, "#exercises")
    @needs_study
    def _exercise_chosen(self, event: DataTable.RowSelected) -> None:
        self._open_exercise(str(event.row_key.value))

    @needs_study
    def action_quiz(self) -> None:
        from quizapp.tui.screens.quiz import QuizScreen

        deck = self._selected("#decks")
        cards = self.study.quiz_cards(deck)
        if not cards:
            self.notify(tr("no_choice", self.lang))
            return
        self.app.push_screen(QuizScreen(cards, title=self._deck_title(deck)))

    @needs_study
    def action_exercise(self) -> None:
        if self.overview is not None:
            self._open_exercise(self.overview.next_exercise)

    @needs_study
    def action_timed(self) -> None:
        """A timed challenge on the selected exercise (or the next one), after choosing the time."""
        from quizapp.tui.screens.timed_setup import TimedSetupScreen

        focused = self.focused
        in_table = isinstance(focused, DataTable) and focused.id == "exercises"
        exercise_id = self._selected("#exercises") if in_table else None
        if exercise_id is None and self.overview is not None:
            exercise_id = self.overview.next_exercise or self._selected("#exercises")
        exercise = self.study.catalog.exercise(exercise_id) if exercise_id else None
        if exercise is None:
            return

        def start(minutes: int | None) -> None:
            from quizapp.tui.screens.exercise import ExerciseScreen

            if minutes is not None:
                self.app.push_screen(ExerciseScreen(exercise, timed_seconds=minutes * 60.0))

        self.app.push_screen(TimedSetupScreen(exercise), start)

    @needs_study
    def action_mock(self) -> None:
        from quizapp.tui.screens.mock import MockScreen, plan_for

        plan = plan_for(self.study, self.quiz_app.mock_minutes)
        if plan.size == 0:
            self.notify(tr("no_cards", self.lang))
            return
        self.app.push_screen(MockScreen(plan))

    @needs_study
    def action_stats(self) -> None:
        from quizapp.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())

    def _deck_title(self, deck: str | None) -> Text:
        """A session's title in every language (`l` inside the session shows the other one)."""
        found = self.study.catalog.deck(deck) if deck else None
        return found.title if found is not None else in_every_language(functools.partial(tr, "today"))

    def _start_drill(self, *, deck: str | None) -> None:
        from quizapp.tui.screens.drill import DrillScreen

        cards = self.study.session_cards(deck=deck)
        if not cards and deck is not None:
            self._custom_study(deck)  # today's limits reached: offer more, never a dead end
            return
        if not cards:
            self.notify(tr("no_cards", self.lang))
            return
        self.app.push_screen(DrillScreen(cards, title=self._deck_title(deck)))

    def _custom_study(self, deck: str) -> None:
        from quizapp.tui.screens.custom_study import CustomStudyScreen, StudyChoice
        from quizapp.tui.screens.drill import CramScreen, DrillScreen

        def start(choice: StudyChoice | None) -> None:
            if choice is not None:
                session = CramScreen if choice.cram else DrillScreen
                self.app.push_screen(session(choice.cards, title=choice.title))

        self.app.push_screen(CustomStudyScreen(deck, self._deck_title(deck)), start)

    def _open_exercise(self, exercise_id: str | None) -> None:
        from quizapp.tui.screens.exercise import ExerciseScreen

        exercise = self.study.catalog.exercise(exercise_id) if exercise_id else None
        if exercise is not None:
            self.app.push_screen(ExerciseScreen(exercise))
