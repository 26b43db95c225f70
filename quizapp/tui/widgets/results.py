"""The grading results: verdict, passed/total, and one line per case."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, LoadingIndicator, Static

from quizapp.grading.messages import localized
from quizapp.tui.i18n import tr, verdict_label


class ResultsPanel(Vertical):
    def __init__(self, lang: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang
        # What is shown, to show it again in another language (`l`).
        self._report: tuple[Any, bool] | None = None  # the last report, and whether it was the samples
        self._error: str | None = None  # or the grader's failure
        self._running: bool | None = None  # a run under way (samples only?)

    def compose(self) -> ComposeResult:
        with Horizontal(id="results-head"):
            yield Label(tr("results", self.lang), classes="section", id="results-title")
            yield LoadingIndicator(id="spinner")
            yield Label("", id="verdict-line")
        with VerticalScroll(id="cases"):
            yield Static(tr("no_results", self.lang), id="cases-text", markup=False)

    def set_language(self, lang: str) -> None:
        """Everything shown, again in `lang`: the last report (or error), and a run under way."""
        self.lang = lang
        self.query_one("#results-title", Label).update(tr("results", lang))
        running = self._running
        if self._error is not None:
            self.show_error(self._error)
        elif self._report is not None:
            self.show(self._report[0], samples_only=self._report[1], scroll=False)
        else:
            self.query_one("#cases-text", Static).update(tr("no_results", lang))
        if running is not None:
            self.running(samples_only=running)

    def _what(self, samples_only: bool) -> str:
        return tr("samples" if samples_only else "hidden", self.lang)

    def running(self, *, samples_only: bool) -> None:
        self._running = samples_only
        self.add_class("-running")
        self.query_one("#verdict-line", Label).update(tr("grading_what", self.lang, what=self._what(samples_only)))

    def idle(self) -> None:
        self._running = None
        self.remove_class("-running")

    def show_error(self, text: str) -> None:
        self._report, self._error = None, text
        self.idle()
        line = self.query_one("#verdict-line", Label)
        line.update(verdict_label("judge_error", self.lang))
        line.set_classes("-rejected")
        self.query_one("#cases-text", Static).update(text)

    def show(self, report: Any, *, samples_only: bool, scroll: bool = True) -> None:
        """Render a GradeReport (verdict, passed, total, time_ms, cases, message)."""
        self._report, self._error = (report, samples_only), None
        what = self._what(samples_only)
        self.idle()
        accepted = report.verdict == "accepted"
        line = self.query_one("#verdict-line", Label)
        passed = tr("passed_of", self.lang, passed=report.passed, total=report.total)
        line.update(f"{'✔' if accepted else '✘'} {verdict_label(report.verdict, self.lang)} · {passed} · "
                    f"{report.time_ms} ms · {what}")
        line.set_class(accepted, "-accepted")
        line.set_class(not accepted, "-rejected")
        self.query_one("#cases-text", Static).update(self._case_lines(report))
        if scroll:
            self.query_one("#cases", VerticalScroll).scroll_home(animate=False)

    def _case_lines(self, report: Any) -> Content:
        parts: list[Content] = []
        message = localized(getattr(report, "message", ""), self.lang)
        if message:
            parts.append(Content.styled(message.rstrip() + "\n", "$error"))
        # Failing cases first: they are what the user has to act on.
        cases = sorted(report.cases, key=lambda c: c.verdict == "accepted")
        for case in cases:
            ok = case.verdict == "accepted"
            mark = Content.styled("✔ " if ok else "✘ ", "$success" if ok else "$error")
            verdict = verdict_label(case.verdict, self.lang)
            text = case.name if ok else tr("case_line", self.lang, name=case.name, verdict=verdict)
            if case.message and not ok:
                text += f" · {localized(case.message, self.lang)}"
            parts.append(Content.assemble(mark, text, "\n"))
        # The run's one recognised mistake, once (it may explain several cases).
        hint = getattr(report, "hint", None)
        if hint:
            parts.append(Content.assemble("→ ", hint.get(self.lang) or hint.get("en", ""), "\n"))
        stdout = getattr(report, "stdout", "")
        if stdout:
            parts.append(Content.styled(tr("stdout_title", self.lang) + "\n" + stdout[:2000], "$text-muted"))
        return Content("").join(parts).rstrip() if parts else Content("")
