"""The end of a mock interview: scores per dimension and topic, every item, weak spots, progress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Label, LoadingIndicator, Static

from quizapp.tui.i18n import format_duration, tr
from quizapp.tui.screens.base import AppScreen
from quizapp.tui.widgets.charts import share_bars
from quizapp.tui.widgets.footer import AppFooter


@dataclass
class ReportData:
    report: Any  # quizapp.mock.report.MockReport
    markdown: str
    deck_titles: dict[str, str]


def load_report(study: Any, session_id: int, lang: str) -> ReportData:
    """The session, the one before it, and the report (runs in a worker thread)."""
    from quizapp.mock.report import baseline, build_report, to_markdown

    store = study.store
    session = store.get_mock(session_id)
    previous = baseline(store.list_mocks(limit=50), session_id)
    report = build_report(session, study.catalog, previous=previous, lang=lang)
    titles = {d.id: d.title.get(lang) for d in study.catalog.decks}
    return ReportData(report, to_markdown(report, lang), titles)


class MockReportScreen(AppScreen):
    RECOMPOSE_ON_LANGUAGE = True  # built from stored data: `l` builds it again (and loads it)
    BINDINGS = [
        Binding("x", "export", "Export Markdown", id="mock_report.export"),
        Binding("enter", "back", "Home", id="mock_report.home"),
        Binding("q", "back", "Back", id="mock_report.back"),
    ]

    @dataclass
    class Ready(Message):
        data: ReportData

    def __init__(self, session_id: int, *, timed_out: bool = False) -> None:
        super().__init__(id="mock-report")
        self.session_id = session_id
        self.timed_out = timed_out
        self.data: ReportData | None = None

    def compose(self) -> ComposeResult:
        yield Static(tr("mock_report_title", self.lang, n=self.session_id), classes="title-bar")
        if self.data is None:
            yield LoadingIndicator()
        else:
            with VerticalScroll(id="mock-report-body"):
                yield from self._compose_report(self.data)
        yield AppFooter(compact=True)

    async def language_switched(self, lang: str) -> None:
        self.load()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="mock-report")
    def load(self) -> None:
        self.post_message(self.Ready(load_report(self.study, self.session_id, self.lang)))

    @on(Ready)
    async def _ready(self, message: Ready) -> None:
        self.data = message.data
        await self.recompose()
        # Arrows, page keys and end scroll at once, without a tab first.
        self.query_one("#mock-report-body").focus()
        self.refresh_bindings()  # the recomposed footer learns the screen's keys

    def _compose_report(self, data: ReportData) -> ComposeResult:
        from quizapp.mock.report import CHOICE, CODING, THEORY, TIME, signed_points

        lang, r = self.lang, data.report
        names = {THEORY: "dim_theory", CHOICE: "dim_choice", CODING: "dim_coding", TIME: "dim_time"}
        with Vertical(classes="panel", id="mock-total"):
            yield Label(tr("mock_total", lang, score=round(r.total * 100)), classes="section score")
            yield Static(
                tr("mock_time_used", lang, used=format_duration(r.time_used_ms), limit=format_duration(r.time_limit_ms))
            )
            if self.timed_out:
                yield Static(tr("mock_timed_out", lang), classes="hint")
            change = r.change()
            if change is None:
                yield Static(tr("mock_first", lang), id="mock-change")
            else:
                before = round(r.previous_total * 100)
                yield Static(tr("mock_change", lang, before=before, delta=signed_points(change)), id="mock-change")
        with Vertical(classes="panel", id="mock-dimensions"):
            yield Label(tr("mock_dimensions", lang), classes="section")
            rows = [(tr(names.get(d, d), lang), v) for d, v in r.dimensions.items()]
            yield Static("\n".join(share_bars(rows)), classes="chart")
        with Vertical(classes="panel", id="mock-topics"):
            yield Label(tr("mock_topics", lang), classes="section")
            topics = [(data.deck_titles.get(t, tr("mock_coding", lang) if t == "coding" else t), v)
                      for t, v in r.topics.items()]  # fmt: skip
            yield Static("\n".join(share_bars(topics)), classes="chart")
        with Vertical(classes="panel", id="mock-items"):
            yield Label(tr("mock_items", lang), classes="section")
            for line in r.items:
                mark = "✔" if line.score >= 1.0 else ("✘" if line.score == 0 else "◐")
                score = f"{round(line.score * 100)}%" if line.answered else tr("mock_not_answered", lang)
                time = format_duration(line.time_used_ms)
                n = line.position + 1
                text = tr("mock_item_line", lang, mark=mark, n=n, prompt=line.prompt, score=score, time=time)
                yield Static(text, classes="mock-item", markup=False)
        with Vertical(classes="panel", id="mock-weakest"):
            yield Label(tr("mock_weakest", lang), classes="section")
            if r.weakest:
                for line in r.weakest:
                    score = f"{round(line.score * 100)}%"
                    yield Static(tr("mock_weak_line", lang, prompt=line.prompt, score=score), markup=False)
            else:
                yield Static(tr("mock_no_weak", lang))

    def action_export(self) -> None:
        if self.data is None:
            return
        target = self.quiz_app.home / "reports" / f"mock-{self.session_id}.md"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.data.markdown, encoding="utf-8")
        except OSError as exc:
            self.notify(tr("mock_export_failed", self.lang, error=str(exc)), severity="error")
            return
        self.notify(tr("mock_exported", self.lang, path=str(target)))

    def action_back(self) -> None:
        self.dismiss()
