"""The grading results, as a judge shows them: one row per case, the selected case's details below.

The case list (verdict mark, name, verdict, CPU time) is a table the arrows walk;
the details of the highlighted case (its whole message, the recognised mistake,
the submission's prints) scroll in their own pane below, by arrows and page
keys. `f` gives the whole screen to this panel and back.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Label, LoadingIndicator, Static

from quizapp.grading.messages import localized
from quizapp.tui.i18n import tr, verdict_label


def cpu_text(ms: int | None) -> str:
    return "–" if ms is None else f"{ms} ms"


def clip(text: str, width: int) -> str:
    """`text` in at most `width` cells, a visible '…' where it was cut (CJK counts two cells)."""
    if cell_len(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        if used + cell_len(char) > width - 1:
            break
        out.append(char)
        used += cell_len(char)
    return "".join(out) + "…"


class ResultsPanel(Vertical):
    ALLOW_MAXIMIZE = True  # `f`: the panel, not only the focused table, fills the screen
    BINDINGS = [Binding("f", "toggle_maximized", "Maximize", id="results.maximize")]

    def __init__(self, lang: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang
        # What is shown, to show it again in another language (`l`).
        self.report: Any = None  # the last GradeReport shown
        self.samples_only = False  # ...and whether it was the samples' run
        self.error: str | None = None  # or the grader's own failure
        self._running: bool | None = None  # a run under way (samples only?)

    def compose(self) -> ComposeResult:
        with Horizontal(id="results-head"):
            yield Label(tr("results", self.lang), classes="section", id="results-title")
            yield LoadingIndicator(id="spinner")
            yield Label("", id="verdict-line")
        table: DataTable[str | Content] = DataTable(id="case-list", cursor_type="row", zebra_stripes=False)
        table.display = False
        yield table
        with VerticalScroll(id="case-detail"):
            yield Static(tr("no_results", self.lang), id="cases-text", markup=False)

    @property
    def table(self) -> DataTable[str | Content]:
        return self.query_one("#case-list", DataTable)

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
        self.idle()
        self.report, self.error = None, text
        line = self.query_one("#verdict-line", Label)
        line.update(verdict_label("judge_error", self.lang))
        line.set_classes("-rejected")
        self.table.clear()
        self.table.display = False
        self.query_one("#cases-text", Static).update(text)

    def show(self, report: Any, *, samples_only: bool) -> None:
        """Render a GradeReport (verdict, passed, total, time_ms, cases, message, hint, stdout)."""
        self.idle()
        self.report, self.samples_only, self.error = report, samples_only, None
        self._draw_verdict()
        self._fill_table(keep_row=False)
        self._show_case()

    def set_language(self, lang: str) -> None:
        """Everything shown, again in `lang` (the `l` key): the same case selected, a run under way kept."""
        self.lang = lang
        running = self._running
        self.query_one("#results-title", Label).update(tr("results", lang))
        if self.error is not None:
            self.show_error(self.error)
        elif self.report is not None:
            self._draw_verdict()
            self._fill_table(keep_row=True)
            self._show_case(scroll=False)
        else:
            self.query_one("#cases-text", Static).update(tr("no_results", lang))
        if running is not None:
            self.running(samples_only=running)

    # -- drawing ---------------------------------------------------------------

    def _draw_verdict(self) -> None:
        report = self.report
        accepted = report.verdict == "accepted"
        line = self.query_one("#verdict-line", Label)
        passed = tr("passed_of", self.lang, passed=report.passed, total=report.total)
        line.update(f"{'✔' if accepted else '✘'} {verdict_label(report.verdict, self.lang)} · {passed} · "
                    f"{report.time_ms} ms · {self._what(self.samples_only)}")
        line.set_class(accepted, "-accepted")
        line.set_class(not accepted, "-rejected")

    def ordered_cases(self) -> list[Any]:
        # Failing cases first: they are what the user has to act on (stable: report order within each).
        return sorted(self.report.cases, key=lambda c: c.verdict == "accepted")

    def _fill_table(self, *, keep_row: bool) -> None:
        table = self.table
        row = table.cursor_row if keep_row else 0
        table.clear(columns=True)
        cases = self.ordered_cases()
        verdicts = [verdict_label(case.verdict, self.lang) for case in cases]
        times = [cpu_text(case.cpu_ms) for case in cases]
        name_width = self._name_width(verdicts, times)
        table.add_column("", key="mark")
        table.add_column(tr("case_col", self.lang), key="name", width=name_width)
        table.add_column(tr("verdict_col", self.lang), key="verdict")
        table.add_column(tr("cpu_col", self.lang), key="cpu")
        for case, verdict, cpu in zip(cases, verdicts, times, strict=True):
            ok = case.verdict == "accepted"
            mark = Content.styled("✔" if ok else "✘", "$success" if ok else "$error")
            name = case.name if name_width is None else clip(case.name, name_width)
            table.add_row(mark, name, verdict, cpu)
        if name_width is None and not table.display and self.report.cases:
            table.display = True  # shown for the first time: fill again once its width is known
            self.call_after_refresh(self._refill)
        table.display = bool(self.report.cases)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1), animate=False)

    def _name_width(self, verdicts: list[str], times: list[str]) -> int | None:
        """The case-name column's width so that the verdict and the time always fit (names are cut with '…')."""
        width = self.table.size.width if self.table.display else 0
        if not width:
            return None  # not laid out yet: on_resize fills the table again
        verdict_w = max(cell_len(tr("verdict_col", self.lang)), *(cell_len(v) for v in verdicts))
        cpu_w = max(cell_len(tr("cpu_col", self.lang)), *(cell_len(t) for t in times))
        # Four columns with one cell of padding each side, the mark, and room for a scrollbar.
        fixed = 4 * 2 + 1 + verdict_w + cpu_w + 2
        longest = max((cell_len(case.name) for case in self.report.cases), default=0)
        return max(8, min(longest, width - fixed))

    def on_resize(self, event: events.Resize) -> None:
        if self.report is not None and self.report.cases:
            # After the new layout is done: the table's own width is what the name column needs.
            self.call_after_refresh(self._refill)

    def _refill(self) -> None:
        # Deferred: by then the screen may have closed (an accepted run opens the solution).
        if self.is_attached and self.report is not None and self.report.cases and self.query("#case-list"):
            self._fill_table(keep_row=True)

    def selected_case(self) -> Any:
        if self.report is None or not self.report.cases:
            return None
        cases = self.ordered_cases()
        return cases[min(max(self.table.cursor_row, 0), len(cases) - 1)]

    def detail(self) -> Content:
        """What the details pane shows: the run's message, the selected case in full, the hint, prints."""
        report = self.report
        parts: list[Content] = []
        message = localized(getattr(report, "message", ""), self.lang)
        if message:
            parts.append(Content.styled(message.rstrip() + "\n\n", "$error"))
        case = self.selected_case()
        if case is not None:
            ok = case.verdict == "accepted"
            verdict = verdict_label(case.verdict, self.lang)
            head = f"{'✔' if ok else '✘'} {case.name} · {verdict} · {cpu_text(case.cpu_ms)}"
            parts.append(Content.styled(head + "\n", "bold " + ("$success" if ok else "$error")))
            case_message = localized(case.message, self.lang)
            if case_message:
                parts.append(Content(case_message.rstrip() + "\n"))
            elif ok:
                parts.append(Content(tr("case_passed", self.lang) + "\n"))
        # The recognised mistake, said once: the case's own, else the run's (diagnose names one per run).
        hint = (getattr(case, "hint", None) if case is not None and case.verdict != "accepted" else None) or getattr(
            report, "hint", None
        )
        if hint:
            text = hint.get(self.lang) or hint.get("en", "")
            parts.append(Content.styled("\n" + tr("result_hint", self.lang, hint=text) + "\n", "$warning"))
        stdout = getattr(report, "stdout", "")
        if stdout:
            parts.append(Content.styled("\n" + tr("stdout_title", self.lang) + "\n" + stdout[:2000], "$text-muted"))
        return Content("").join(parts).rstrip() if parts else Content("")

    def _show_case(self, *, scroll: bool = True) -> None:
        self.query_one("#cases-text", Static).update(self.detail())
        if scroll:
            self.query_one("#case-detail", VerticalScroll).scroll_home(animate=False)

    @on(DataTable.RowHighlighted, "#case-list")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if self.report is not None:
            self._show_case()

    @on(DataTable.RowSelected, "#case-list")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # enter in the list: read the case's details
        self.query_one("#case-detail", VerticalScroll).focus()

    # -- keys ------------------------------------------------------------------

    def focus_results(self) -> None:
        """Focus the case list (or the details, when there is no list yet)."""
        if self.table.display:
            self.table.focus()
        else:
            self.query_one("#case-detail", VerticalScroll).focus()

    def action_toggle_maximized(self) -> None:
        screen = self.screen
        if screen.maximized is self:
            screen.minimize()
        else:
            screen.maximize(self, container=False)
