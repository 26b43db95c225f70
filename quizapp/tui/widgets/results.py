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

    def compose(self) -> ComposeResult:
        with Horizontal(id="results-head"):
            yield Label(tr("results", self.lang), classes="section", id="results-title")
            yield LoadingIndicator(id="spinner")
            yield Label("", id="verdict-line")
        with VerticalScroll(id="cases"):
            yield Static(tr("no_results", self.lang), id="cases-text", markup=False)

    def running(self, what: str) -> None:
        self.add_class("-running")
        self.query_one("#verdict-line", Label).update(f"{tr('grading', self.lang)} ({what})")

    def idle(self) -> None:
        self.remove_class("-running")

    def show_error(self, text: str) -> None:
        self.idle()
        line = self.query_one("#verdict-line", Label)
        line.update(verdict_label("judge_error", self.lang))
        line.set_classes("-rejected")
        self.query_one("#cases-text", Static).update(text)

    def show(self, report: Any, what: str) -> None:
        """Render a GradeReport (verdict, passed, total, time_ms, cases, message)."""
        self.idle()
        accepted = report.verdict == "accepted"
        line = self.query_one("#verdict-line", Label)
        passed = tr("passed_of", self.lang, passed=report.passed, total=report.total)
        line.update(f"{'✔' if accepted else '✘'} {verdict_label(report.verdict, self.lang)} · {passed} · "
                    f"{report.time_ms} ms · {what}")
        line.set_class(accepted, "-accepted")
        line.set_class(not accepted, "-rejected")
        self.query_one("#cases-text", Static).update(self._case_lines(report))
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
            text = case.name if ok else f"{case.name}: {verdict_label(case.verdict, self.lang)}"
            if case.message and not ok:
                text += f" · {localized(case.message, self.lang)}"
            parts.append(Content.assemble(mark, text, "\n"))
        # The run's one recognised mistake, once (it may explain several cases).
        hint = getattr(report, "hint", None)
        if hint:
            parts.append(Content.assemble("→ ", hint.get(self.lang) or hint.get("en", ""), "\n"))
        stdout = getattr(report, "stdout", "")
        if stdout:
            parts.append(Content.styled("stdout:\n" + stdout[:2000], "$text-muted"))
        return Content("").join(parts).rstrip() if parts else Content("")
