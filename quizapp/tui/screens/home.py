"""Home: decks with their counts, exercises with their status, and what to do next."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Label, LoadingIndicator, Static

from quizapp.tui.i18n import format_duration, tr
from quizapp.tui.screens.base import AppScreen
from quizapp.tui.services import Overview


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

    def __init__(self) -> None:
        super().__init__(id="home")
        self.overview: Overview | None = None

    def compose(self) -> ComposeResult:
        yield Static(tr("app_title", self.lang), id="title", classes="title-bar")
        if self.overview is None:
            yield LoadingIndicator(id="home-loading")
        else:
            yield from self._compose_overview(self.overview)
        yield Footer(compact=True)

    def _compose_overview(self, overview: Overview) -> ComposeResult:
        lang = self.lang
        with Vertical(id="home-body"):
            with Vertical(id="today", classes="panel"):
                yield Label(tr("today", lang), classes="section")
                if overview.due_cards or overview.new_cards:
                    yield Static(tr("next_review", lang, due=overview.due_cards, new=overview.new_cards), id="next")
                else:
                    yield Static(tr("next_done", lang), id="next")
                if overview.next_exercise is not None and self._exercise_title(overview.next_exercise):
                    title = self._exercise_title(overview.next_exercise)
                    yield Static(tr("next_exercise", lang, title=title), id="next-exercise")
            yield Label(tr("decks", lang), classes="section")
            decks: DataTable[str] = DataTable(id="decks", cursor_type="row", zebra_stripes=True)
            decks.add_columns(*(tr(key, lang) for key in ("deck", "due", "new", "total", "mastery")))
            for row in overview.decks:
                decks.add_row(row.title, str(row.due), str(row.new), str(row.total), _mastery_bar(row.mastery),
                              key=row.deck_id)
            yield decks
            yield Label(tr("exercises", lang), classes="section")
            exercises: DataTable[str] = DataTable(id="exercises", cursor_type="row", zebra_stripes=True)
            exercises.add_columns(tr("exercise", lang), tr("status", lang), tr("best_time", lang))
            for ex in overview.exercises:
                status = tr(f"st_{ex.status}", lang)
                if ex.due and ex.status != "new":
                    status += f" · {tr('st_due', lang)}"
                best = format_duration(ex.best_ms) if ex.best_ms is not None else "–"
                exercises.add_row(ex.title, status, best, key=ex.exercise_id)
            yield exercises

    def _exercise_title(self, exercise_id: str) -> str | None:
        for row in self.overview.exercises if self.overview else ():
            if row.exercise_id == exercise_id:
                return row.title
        return None

    # -- loading ---------------------------------------------------------------

    def on_mount(self) -> None:
        self.watch(self.app, "language", self._language_changed, init=False)
        self.reload()

    def on_screen_resume(self) -> None:
        if self.overview is not None:  # back from a drill: counts have changed
            self.reload()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="home")
    def _load(self) -> None:
        app = self.quiz_app
        result = app.load()
        study = result.study
        if study is None:
            self.post_message(self.Ready(Overview(), result.language))
            return
        lang = result.language if self.overview is None else self.lang
        self.post_message(self.Ready(study.overview(lang), lang))

    @on(Ready)
    async def _ready(self, message: Ready) -> None:
        first = self.overview is None
        self.overview = message.overview
        if first:
            result = self.quiz_app.boot_result
            if message.language != self.lang:
                self.quiz_app.language = message.language
            if result is not None and result.failure:
                self.notify(result.failure, severity="error", timeout=30)
            if result is not None and result.errors:
                self.notify(tr("content_errors", self.lang, n=len(result.errors)), severity="warning", timeout=10)
            if self.quiz_app.start == "mock" and self.quiz_app.study is not None:
                self.quiz_app.start = None  # once: back on home, home stays
                self.call_after_refresh(self.action_mock)
        cursor = self._cursors()
        await self.recompose()
        if self.query("#decks"):  # a newer Ready may have recomposed meanwhile
            self._restore_cursors(cursor)
            self.query_one("#decks", DataTable).focus()

    def _language_changed(self, _lang: str) -> None:
        if self.overview is not None:
            self.reload()

    def _cursors(self) -> tuple[int, int]:
        try:
            return (self.query_one("#decks", DataTable).cursor_row, self.query_one("#exercises", DataTable).cursor_row)
        except Exception:  # not composed yet
            return (0, 0)

    def _restore_cursors(self, cursors: tuple[int, int]) -> None:
        for table_id, row in zip(("#decks", "#exercises"), cursors, strict=True):
            table = self.query_one(table_id, DataTable)
            if row < table.row_count:
                table.move_cursor(row=row, animate=False)

    # -- actions ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("review", "open", "quiz", "exercise", "stats", "timed", "mock") and self.quiz_app.study is None:
            return None  # shown dimmed until the data is loaded
        return True

    def _selected(self, table_id: str) -> str | None:
        table = self.query_one(table_id, DataTable)
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_review(self) -> None:
        self._start_drill(deck=None)

    def action_open(self) -> None:
        focused = self.focused
        if isinstance(focused, DataTable) and focused.id == "exercises":
            self._open_exercise(self._selected("#exercises"))
        else:
            self._start_drill(deck=self._selected("#decks"))

    @on(DataTable.RowSelected, "#decks")
    def _deck_chosen(self, event: DataTable.RowSelected) -> None:
        self._start_drill(deck=str(event.row_key.value))

    @on(DataTable.RowSelected, "#exercises")
    def _exercise_chosen(self, event: DataTable.RowSelected) -> None:
        self._open_exercise(str(event.row_key.value))

    def action_quiz(self) -> None:
        from quizapp.tui.screens.quiz import QuizScreen

        deck = self._selected("#decks")
        cards = self.study.quiz_cards(deck)
        if not cards:
            self.notify(tr("no_choice", self.lang))
            return
        self.app.push_screen(QuizScreen(cards, title=self._deck_title(deck)))

    def action_exercise(self) -> None:
        if self.overview is not None:
            self._open_exercise(self.overview.next_exercise)

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

    def action_mock(self) -> None:
        from quizapp.tui.screens.mock import MockScreen, plan_for

        plan = plan_for(self.study, self.quiz_app.mock_minutes)
        if plan.size == 0:
            self.notify(tr("no_cards", self.lang))
            return
        self.app.push_screen(MockScreen(plan))

    def action_stats(self) -> None:
        from quizapp.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())

    def _deck_title(self, deck: str | None) -> str:
        for row in self.overview.decks if self.overview and deck else ():
            if row.deck_id == deck:
                return row.title
        return tr("today", self.lang)

    def _start_drill(self, *, deck: str | None) -> None:
        from quizapp.tui.screens.drill import DrillScreen

        cards = self.study.session_cards(deck=deck)
        if not cards:
            self.notify(tr("no_cards", self.lang))
            return
        self.app.push_screen(DrillScreen(cards, title=self._deck_title(deck)))

    def _open_exercise(self, exercise_id: str | None) -> None:
        from quizapp.tui.screens.exercise import ExerciseScreen

        exercise = self.study.catalog.exercise(exercise_id) if exercise_id else None
        if exercise is not None:
            self.app.push_screen(ExerciseScreen(exercise))
