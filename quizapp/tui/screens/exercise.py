"""Exercise: the prompt beside a Python editor, graded in a worker thread.

The draft is a real file in the data folder, saved as the user types. The file
is also watched: edit it in any editor, save, and the samples run here, as in
rustlings' watch mode. `ctrl+o` opens it in $EDITOR with the app suspended.

Timed mode (a timed challenge, or the coding item of a mock interview) adds a
countdown beside the title, turns hints off (an interview gives none), and when
the time is up submits the draft as it stands and makes the editor read-only.
The clock is the app's, so tests drive it.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Label, Markdown, TextArea

from quizapp.content import Exercise
from quizapp.tui import cjkwrap
from quizapp.tui.i18n import Text, tr
from quizapp.tui.screens.base import AppScreen
from quizapp.tui.widgets.code_editor import CodeEditor
from quizapp.tui.widgets.footer import AppFooter
from quizapp.tui.widgets.results import ResultsPanel

AUTOSAVE_DELAY = 0.4  # seconds of quiet typing before the draft is written
WATCH_INTERVAL = 0.5  # how often the draft file is checked for outside edits
GIVE_UP_CONFIRM_SECONDS = 4  # a second ctrl+g within this confirms giving up

cjkwrap.install_markdown_joins()


class ExerciseScreen(AppScreen):
    BINDINGS = [
        Binding("ctrl+r", "run_samples", "Run samples", id="exercise.run", priority=True),
        Binding("ctrl+s", "submit", "Submit", id="exercise.submit", priority=True),
        Binding("ctrl+t", "hint", "Hint", id="exercise.hint", priority=True),
        Binding("ctrl+g", "give_up", "Give up", id="exercise.give_up", priority=True),
        Binding("ctrl+o", "open_editor", "$EDITOR", id="exercise.editor", priority=True),
        Binding("ctrl+l", "results", "Results", id="exercise.results", priority=True),
        Binding("ctrl+n", "reset", "Reset", id="exercise.reset", priority=True),
        Binding("escape", "leave_editor", "Leave editor", id="exercise.leave", show=False),
        Binding("e", "focus_editor", "Edit", id="exercise.edit"),
        Binding("q", "back", "Back", id="exercise.back"),
    ]

    @dataclass
    class Graded(Message):
        report: Any
        samples_only: bool
        source: str
        error: str | None = None

    def __init__(
        self,
        exercise: Exercise,
        *,
        timed_seconds: float | None = None,
        mode: str = "drill",
        heading: Text | None = None,
    ) -> None:
        super().__init__()
        self.heading = heading  # shown before the title: where this exercise sits (a mock's "Item 12 of 12")
        self.exercise = exercise
        self.timed_seconds = timed_seconds  # None: untimed practice
        self.mode = mode  # "drill", or "mock": the mock interview records the attempt
        self.started = self.quiz_app.clock()
        self.expired = False  # time ran out: the editor is read-only, the draft was submitted
        self.recorded = False  # an attempt was stored (or handed to the mock interview)
        self.ending = False  # leaving a timed attempt: its draft is being handed in
        self.grading = False
        self.queued: bool | None = None  # a run asked for while one was going (samples_only)
        self.hints_shown = 0
        self.failed_submissions = 0
        self.last_verdict = "wrong_answer"
        self.known_mtime: float | None = None
        self._save_timer: Timer | None = None
        self._latest_text: str | None = None
        self._give_up_asked: datetime | None = None  # when ctrl+g was first pressed (it asks to confirm)
        # A solve counts as a time (Home's "Best time") only when it was written here from the
        # starter code: not re-submitted from a draft already filled in an earlier sitting.
        self.from_starter = True

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Horizontal(id="exercise-bar", classes="title-bar"):
            yield Label(self._title(), id="exercise-title")
            if self.timed:
                yield Label("", id="countdown")
        with Horizontal(id="workbench"):
            with VerticalScroll(id="prompt-pane"):
                yield Markdown(self.exercise.prompt.get(lang), id="prompt")
                yield VerticalScroll(id="hints")
            draft = self.study.load_draft(self.exercise)
            self.from_starter = draft.strip() == self.exercise.starter.strip()
            yield CodeEditor(draft, id="editor")
        yield ResultsPanel(lang, id="results")
        yield AppFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#hints").display = False
        self.query_one(CodeEditor).focus()
        path = self.study.draft_path(self.exercise.id)
        self.known_mtime = path.stat().st_mtime if path.exists() else None
        self.set_interval(WATCH_INTERVAL, self._check_file)
        if self.timed:
            self.set_interval(1.0, self.tick)
            self.tick()
        self._warm()

    async def language_switched(self, lang: str) -> None:
        # The editor, the draft and the clock are left alone: only the words change.
        self.query_one("#exercise-title", Label).update(self._title())
        await self.query_one("#prompt", Markdown).update(self.exercise.prompt.get(lang))
        self.query_one(ResultsPanel).set_language(lang)
        for i, hint in enumerate(self.query(".hint-text").results(Markdown)):
            await hint.update(self._hint_text(i + 1))
        self.tick()  # the countdown's words

    def _title(self) -> str:
        title = self.exercise.title.get(self.lang)
        return f"{self.heading.get(self.lang)} · {title}" if self.heading is not None else title

    @work(thread=True, group="warm")
    def _warm(self) -> None:
        self.quiz_app.warm_grader()

    @property
    def editor(self) -> CodeEditor:
        return self.query_one(CodeEditor)

    # -- timed mode ------------------------------------------------------------

    @property
    def timed(self) -> bool:
        return self.timed_seconds is not None

    def remaining_seconds(self) -> float:
        if self.timed_seconds is None:
            return float("inf")
        return max(0.0, self.timed_seconds - self.time_used_ms() / 1000)

    def tick(self) -> None:
        """Update the countdown; at zero, submit the draft and lock the editor (tests call this too)."""
        if not self.timed or self.expired:
            return
        from quizapp.tui.screens.mock import mmss

        remaining = self.remaining_seconds()
        countdown = self.query_one("#countdown", Label)
        countdown.update(tr("time_left", self.lang, time=mmss(remaining)))
        countdown.set_class(remaining <= 60, "-urgent")
        if remaining > 0:
            return
        self.expired = True
        countdown.update(tr("time_up", self.lang))
        self.editor.read_only = True
        self.notify(tr("time_up_submitting", self.lang), severity="warning")
        if self.grading:  # a submission is running: its result is the final one
            self.queued = None
        else:
            self.request_grade(samples_only=False)
        self.refresh_bindings()

    # -- draft: autosave, outside edits, $EDITOR ------------------------------

    @on(TextArea.Changed, "#editor")
    def _edited(self, event: TextArea.Changed) -> None:
        # Kept here as well: at unmount the editor is already gone.
        self._latest_text = event.text_area.text
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(AUTOSAVE_DELAY, self.save_draft)

    def save_draft(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        editors = self.query(CodeEditor)
        text = editors.first().text if editors else self._latest_text
        if text is None:
            return
        self.known_mtime = self.study.save_draft(self.exercise.id, text)

    def on_unmount(self) -> None:
        if self._save_timer is not None:  # typing that the autosave has not written yet
            self.save_draft()

    def _check_file(self) -> None:
        path = self.study.draft_path(self.exercise.id)
        try:
            mtime = path.stat().st_mtime
        except OSError:
            return
        if mtime == self.known_mtime:
            return
        self.known_mtime = mtime
        if self.reload_from_file():
            self.notify(tr("reloaded", self.lang, path=path.name))
            self.request_grade(samples_only=True, queue=True)

    def reload_from_file(self) -> bool:
        """Load the draft file into the editor if it differs; True if it did."""
        from quizapp.boundedio import read_draft

        text = read_draft(self.study.draft_path(self.exercise.id))
        if text is None or text == self.editor.text:
            return False
        row, col = self.editor.cursor_location
        self.editor.load_text(text)
        last = self.editor.document.line_count - 1
        self.editor.move_cursor((min(row, last), col))
        self._latest_text = text
        return True

    def action_open_editor(self) -> None:
        self.save_draft()
        path = self.study.draft_path(self.exercise.id)
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        try:
            with self.app.suspend():
                subprocess.run([*shlex.split(command), str(path)], check=False)
        except Exception as exc:  # SuspendNotSupported (headless, web) or no such editor
            self.notify(tr("editor_failed", self.lang, error=exc), severity="error")
            return
        stat = path.stat() if path.exists() else None
        self.known_mtime = stat.st_mtime if stat else None
        if self.reload_from_file():
            self.request_grade(samples_only=True, queue=True)

    # -- grading ---------------------------------------------------------------

    def action_run_samples(self) -> None:
        self.request_grade(samples_only=True)

    def action_submit(self) -> None:
        self.request_grade(samples_only=False)

    def request_grade(self, *, samples_only: bool, queue: bool = False) -> None:
        if self.grading:
            if queue:
                self.queued = samples_only
            else:
                self.notify(tr("busy", self.lang), severity="warning")
            return
        if self._save_timer is not None:
            self.save_draft()
        self.grading = True
        self.query_one(ResultsPanel).running(samples_only=samples_only)
        self.refresh_bindings()
        self._grade(self.editor.text, samples_only)

    @work(thread=True, group="grade")
    def _grade(self, source: str, samples_only: bool) -> None:
        try:
            report = self.quiz_app.grader(self.exercise, source, samples_only=samples_only)
        except Exception as exc:  # the grader failing is a judge error, never a crash of the app
            self.post_message(self.Graded(None, samples_only, source, error=f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(self.Graded(report, samples_only, source))

    @on(Graded)
    def _graded(self, message: Graded) -> None:
        self.grading = False
        panel = self.query_one(ResultsPanel)
        self.refresh_bindings()
        if message.report is None:
            panel.show_error(message.error or "")
        else:
            report = message.report
            panel.show(report, samples_only=message.samples_only)
            if not message.samples_only:
                self.last_verdict = report.verdict
                if report.verdict == "accepted":
                    self._accepted(report, message.source)
                    return
                self.failed_submissions += 1
                if self.expired or self.ending:
                    self._final(report, message.source)
                    return
        if self.queued is not None:
            samples_only, self.queued = self.queued, None
            self.request_grade(samples_only=samples_only)

    def _accepted(self, report: Any, source: str) -> None:
        from quizapp.tui.screens.solution import SolutionScreen

        if self.mode == "mock":
            self._hand_to_mock(report, source)
            return
        self._record(report.verdict, report.passed, report.total, source)
        self.app.switch_screen(SolutionScreen(self.exercise, source, accepted=True))

    def _final(self, report: Any, source: str) -> None:
        """The last word on a timed attempt that was not accepted: store it, keep the results on screen."""
        if self.mode == "mock":
            self._hand_to_mock(report, source)
            return
        self._record(report.verdict, report.passed, report.total, source)
        if self.ending:
            self.dismiss()

    def _record(self, verdict: str, passed: int, total: int, source: str, *, gave_up: bool = False) -> None:
        if self.recorded:
            return
        self.recorded = True
        used = self.time_used_ms()
        if self.timed_seconds is not None:  # never more than the time that was given
            used = min(used, int(self.timed_seconds * 1000))
        self.study.record_attempt(
            self.exercise,
            verdict=verdict,
            passed=passed,
            total=total,
            time_used_ms=used,
            timed=self.timed,
            hints_used=self.hints_shown,
            code=source,
            failed_submissions=self.failed_submissions,
            gave_up=gave_up,
            from_starter=self.from_starter,
        )

    def _hand_to_mock(self, report: Any, source: str) -> None:
        """In a mock interview the interview records the attempt; this screen only reports back."""
        from quizapp.tui.screens.mock import CodingResult

        self.recorded = True
        self.dismiss(CodingResult(report.verdict, report.passed, report.total, source, self.hints_shown))

    def time_used_ms(self) -> int:
        return max(0, int((self.quiz_app.clock() - self.started).total_seconds() * 1000))

    # -- hints, giving up, leaving ------------------------------------------

    async def action_hint(self) -> None:
        if self.timed:
            self.notify(tr("no_hints_timed", self.lang))
            return
        hints = self.exercise.hints
        if self.hints_shown >= len(hints):
            self.notify(tr("no_more_hints", self.lang))
            return
        self.hints_shown += 1
        box = self.query_one("#hints", VerticalScroll)
        box.display = True
        await box.mount(Markdown(self._hint_text(self.hints_shown), classes="hint-text"))
        # After the next layout: before it, the new hint has no height to scroll to.
        pane = self.query_one("#prompt-pane", VerticalScroll)
        self.call_after_refresh(pane.scroll_end, animate=False)

    def _hint_text(self, number: int) -> str:
        hints = self.exercise.hints
        heading = tr("hint_n", self.lang, i=number, n=len(hints))
        return tr("hint_line", self.lang, heading=heading, text=hints[number - 1].get(self.lang))

    def action_give_up(self) -> None:
        from quizapp.tui.screens.solution import SolutionScreen

        if self.grading:
            self.notify(tr("busy", self.lang), severity="warning")
            return
        # Giving up rates the exercise Again and ends the attempt: a stray ctrl+g
        # must not do that. A second ctrl+g within a few seconds confirms.
        now = self.quiz_app.clock()
        asked, self._give_up_asked = self._give_up_asked, now
        if asked is None or (now - asked).total_seconds() > GIVE_UP_CONFIRM_SECONDS:
            self.notify(tr("give_up_confirm", self.lang), severity="warning", timeout=GIVE_UP_CONFIRM_SECONDS)
            return
        source = self.editor.text
        if self.mode == "mock":  # giving up the coding item scores it 0 in the interview
            self.recorded = True
            from quizapp.tui.screens.mock import CodingResult

            self.dismiss(CodingResult("wrong_answer", 0, 1, source, self.hints_shown))
            return
        self._record(self.last_verdict, 0, 0, source, gave_up=True)
        self.app.switch_screen(SolutionScreen(self.exercise, source, accepted=False))

    # -- the results pane, reset ------------------------------------------------

    def action_results(self) -> None:
        panel = self.query_one(ResultsPanel)
        if self.focused is not None and panel in self.focused.ancestors_with_self:
            panel.action_toggle_maximized()  # already there: a second ctrl+l gives it the screen
            return
        panel.focus_results()

    def action_reset(self) -> None:
        if self.grading:
            self.notify(tr("busy", self.lang), severity="warning")
            return
        starter = self.exercise.starter
        if self.editor.text == starter:
            self.notify(tr("reset_same", self.lang))
            return
        from quizapp.tui.screens.confirm import ConfirmScreen

        lines = self.editor.document.line_count
        question = ConfirmScreen(
            tr("reset_title", self.lang), tr("reset_body", self.lang, lines=lines), tr("reset_keys", self.lang)
        )
        self.app.push_screen(question, self._reset_answered)

    def _reset_answered(self, yes: bool | None) -> None:
        if not yes:
            return
        self.editor.load_text(self.exercise.starter)
        self._latest_text = self.exercise.starter
        self.save_draft()
        # A fresh start: the solve that follows is timed from here (a timed challenge's
        # countdown keeps running: a reset is no way to more time).
        if not self.timed:
            self.started = self.quiz_app.clock()
        self.from_starter = True
        self.editor.focus()
        self.notify(tr("reset_done", self.lang))

    def footer_hidden(self) -> frozenset[str]:
        """Keys that work but are left out of the footer, so that the rest fit at 80 columns (help lists all)."""
        if isinstance(self.focused, CodeEditor):
            return frozenset({"exercise.reset"})
        hidden = {"exercise.hint", "exercise.give_up", "exercise.editor"}
        panel = self.query_one(ResultsPanel)
        if self.focused is not None and panel in self.focused.ancestors_with_self:
            hidden.add("exercise.results")  # `f` (maximize) is the key shown here
        return frozenset(hidden)

    def action_leave_editor(self) -> None:
        self.query_one("#prompt-pane").focus()

    def action_focus_editor(self) -> None:
        self.editor.focus()

    def action_back(self) -> None:
        if self.grading:
            self.notify(tr("busy", self.lang), severity="warning")
            return
        if self.recorded or (not self.timed and self.failed_submissions == 0):
            self.dismiss()
            return
        if self.timed and not self.expired:
            # Leaving a timed attempt hands in the draft as it stands, as an interviewer would take it.
            self.ending = True
            self.editor.read_only = True
            self.request_grade(samples_only=False)
            return
        # Untimed, after failed submissions: the attempt counts (not accepted) for scheduling.
        self._record(self.last_verdict, 0, 0, self.editor.text)
        self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "hint" and self.timed:
            return False  # hints are off in timed mode
        if action in ("run_samples", "submit") and (self.expired or self.recorded):
            return False
        if action == "reset" and (self.expired or self.recorded or self.mode == "mock"):
            return False  # a timed or mock attempt is not practice: no fresh start mid-way
        if action in ("run_samples", "submit", "give_up") and self.grading:
            return None  # dimmed in the footer while a run is going
        # `q` and `e` are typed into the code while editing, so they work only outside it.
        editing = isinstance(self.focused, CodeEditor)
        return not (action in ("back", "focus_editor") and editing)
