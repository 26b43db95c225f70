"""After acceptance (or giving up): the explanation, and the model answer beside the user's code.

The model answer (content/exercises/model/<id>.py) is written for people to read; an
exercise without one (the user's own) shows the grader's reference module instead.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Label, Markdown

from quizapp.content import Exercise
from quizapp.tui.i18n import tr
from quizapp.tui.screens.base import AppScreen
from quizapp.tui.widgets.code_editor import CodeEditor
from quizapp.tui.widgets.footer import AppFooter


def reference_source(name: str) -> str:
    """The reference's source, from the oracle package (imports numpy: call off the UI thread)."""
    from quizapp.oracle import reference_package

    target = getattr(reference_package(), name, None)
    if target is None:
        return f"# solutions.{name} is not available"
    module = inspect.getmodule(target)
    # The whole module reads better than one class: it keeps imports and helpers.
    return inspect.getsource(module) if module is not None else inspect.getsource(target)


STACK_BELOW = 120  # columns: narrower, the two codes stack vertically


class SolutionScreen(AppScreen):
    RECOMPOSE_ON_LANGUAGE = True  # built from stored data: `l` builds it again (and loads it)
    BINDINGS = [
        Binding("tab", "app.focus_next", "Next pane", id="solution.next", show=False),
        Binding("q", "back", "Back", id="solution.back"),
        Binding("enter", "back", "Home", id="solution.home"),
        Binding("n", "next_exercise", "Next exercise", id="solution.next_exercise"),
    ]

    @dataclass
    class Loaded(Message):
        source: str
        model: bool = False  # the model answer (else the reference module)

    def __init__(self, exercise: Exercise, code: str, *, accepted: bool) -> None:
        super().__init__()
        self.exercise = exercise
        self.code = code
        self.accepted = accepted

    def compose(self) -> ComposeResult:
        lang = self.lang
        key = "accepted_title" if self.accepted else "gave_up_title"
        title = tr(key, lang, title=self.exercise.title.get(lang))
        yield Label(title, classes="title-bar" + (" -accepted" if self.accepted else ""), id="solution-title")
        with VerticalScroll(id="explanation"):
            yield Markdown(self.exercise.explanation.get(lang))
        with Horizontal(id="side-by-side"):
            with Vertical(classes="code-pane"):
                yield Label(tr("your_code", lang), classes="section")
                yield self._viewer(self.code, "mine")
            with Vertical(classes="code-pane"):
                yield Label(tr("model_answer", lang), classes="section", id="reference-label")
                yield self._viewer("", "reference")
        yield AppFooter(compact=True)

    @staticmethod
    def _viewer(text: str, id: str) -> CodeEditor:
        viewer = CodeEditor(text, id=id)
        viewer.read_only = True
        return viewer

    def on_resize(self) -> None:
        # Side by side each pane needs about 60 columns to show a line of code;
        # narrower than that, one above the other (each then scrolls sideways).
        self.query_one("#side-by-side").set_class(self.size.width < STACK_BELOW, "-stacked")

    async def language_switched(self, lang: str) -> None:
        self.on_resize()
        self._load_reference()

    def on_mount(self) -> None:
        self.on_resize()
        self.query_one("#explanation").focus()
        self._load_reference()

    @work(thread=True)
    def _load_reference(self) -> None:
        try:
            model = self.exercise.model_answer()
        except Exception:  # unreadable: `quizapp check` says why; show the reference instead
            model = None
        if model is not None:
            self.post_message(self.Loaded(model, model=True))
            return
        try:
            source = reference_source(self.exercise.reference)
        except Exception as exc:  # the explanation is still worth showing
            source = f"# reference unavailable: {exc}"
        self.post_message(self.Loaded(source))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if not message.model:
            self.query_one("#reference-label", Label).update(tr("reference", self.lang))
        self.query_one("#reference", CodeEditor).load_text(message.source)

    def action_back(self) -> None:
        self.dismiss()

    def action_next_exercise(self) -> None:
        """Straight on to the exercise Home would offer next (never this one, just shown)."""
        from quizapp.tui.screens.exercise import ExerciseScreen

        exercise_id = self.study.next_exercise()
        exercise = self.study.catalog.exercise(exercise_id) if exercise_id else None
        if exercise is None:
            self.notify(tr("no_next_exercise", self.lang))
            return
        self.app.switch_screen(ExerciseScreen(exercise))
