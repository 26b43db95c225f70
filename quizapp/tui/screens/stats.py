"""Statistics: activity heatmap, retention over time, due forecast, mastery, exercises, leeches."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Label, LoadingIndicator, Sparkline, Static

from quizapp.tui.i18n import format_duration, tr
from quizapp.tui.screens.base import AppScreen
from quizapp.tui.widgets.charts import count_bars, heatmap, share_bars
from quizapp.tui.widgets.footer import AppFooter

TOP_TAGS = 8


@dataclass
class ExerciseLine:
    title: str
    attempts: int
    accepted: int
    best_ms: int | None


@dataclass
class StatsView:
    """What the screen shows, gathered off the UI thread."""

    stats: Any  # quizapp.review.stats.Stats
    deck_titles: dict[str, str] = field(default_factory=dict)
    exercises: list[ExerciseLine] = field(default_factory=list)
    leech_fronts: dict[str, str] = field(default_factory=dict)


def gather(study: Any, lang: str) -> StatsView:
    """Stats plus the titles to show them with (runs in a worker thread)."""
    from quizapp.review import compute_stats

    stats = compute_stats(study.store, study.clock())
    catalog = study.catalog
    view = StatsView(stats, {d.id: d.title.get(lang) for d in catalog.decks})
    counts: dict[str, list[int]] = {}
    for attempt in study.store.attempts():
        tally = counts.setdefault(attempt.exercise, [0, 0])
        tally[0] += 1
        tally[1] += int(attempt.verdict == "accepted" and not attempt.gave_up)
    for exercise in catalog.exercises:
        attempts, accepted = counts.get(exercise.id, (0, 0))
        if attempts:
            view.exercises.append(
                ExerciseLine(exercise.title.get(lang), attempts, accepted, stats.personal_best_ms.get(exercise.id))
            )
    for card_id, _lapses in stats.leeches:
        card = catalog.card(card_id)
        view.leech_fronts[card_id] = card.front.get(lang).strip().splitlines()[0] if card else card_id
    return view


class StatsScreen(AppScreen):
    RECOMPOSE_ON_LANGUAGE = True  # built from stored data: `l` builds it again (and loads it)
    BINDINGS = [
        Binding("q", "back", "Back", id="stats.back"),
        Binding("escape", "back", "Back", show=False, id="stats.escape"),
        Binding("R", "refresh", "Refresh", id="stats.refresh"),
    ]

    @dataclass
    class Ready(Message):
        view: StatsView

    def __init__(self) -> None:
        super().__init__(id="stats")
        self.view: StatsView | None = None

    def compose(self) -> ComposeResult:
        yield Static(tr("stats_title", self.lang), classes="title-bar")
        if self.view is None:
            yield LoadingIndicator(id="stats-loading")
        else:
            with VerticalScroll(id="stats-body"):
                yield from self._compose_view(self.view)
        yield AppFooter(compact=True)

    async def language_switched(self, lang: str) -> None:
        self.load()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="stats")
    def load(self) -> None:
        self.post_message(self.Ready(gather(self.study, self.lang)))

    @on(Ready)
    async def show(self, message: Ready) -> None:
        self.view = message.view
        await self.recompose()
        # Arrows, page keys and end scroll at once, without a tab first.
        self.query_one("#stats-body").focus()
        self.refresh_bindings()  # the recomposed footer learns the screen's keys

    def action_refresh(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.dismiss()

    # -- drawing -------------------------------------------------------------

    def _compose_view(self, view: StatsView) -> ComposeResult:
        lang, s = self.lang, view.stats
        retention = "–" if s.true_retention is None else f"{round(s.true_retention * 100)}%"
        accept = "–" if s.exercise_accept_rate is None else f"{round(s.exercise_accept_rate * 100)}%"
        with Vertical(classes="panel", id="stats-summary"):
            yield Label(tr("stats_overview", lang), classes="section")
            yield Static(
                tr(
                    "stats_line",
                    lang,
                    reviews=s.reviews,
                    seen=s.cards_seen,
                    due=s.due_now,
                    streak=s.streak_days,
                    retention=retention,
                    attempts=s.exercise_attempts,
                    accept=accept,
                ),
                id="stats-line",
            )
        with Vertical(classes="panel", id="stats-activity"):
            yield Label(tr("stats_heatmap", lang), classes="section")
            yield Static("\n".join(heatmap(s.reviews_per_day, lang)), id="heatmap", classes="chart")
            yield Sparkline([n for _, n in s.reviews_per_day], id="reviews-sparkline")
        with Vertical(classes="panel", id="stats-retention"):
            yield Label(tr("stats_retention", lang), classes="section")
            weeks = [(tr("stats_week_of", lang, day=d[5:]), v) for d, v in s.retention_by_week()]
            yield Static("\n".join(share_bars(weeks)), id="retention-chart", classes="chart")
        with Vertical(classes="panel", id="stats-forecast"):
            yield Label(tr("stats_forecast", lang), classes="section")
            yield Static("\n".join(count_bars([(d[5:], n) for d, n in s.due_forecast])), classes="chart")
        with Vertical(classes="panel", id="stats-mastery"):
            yield Label(tr("stats_mastery", lang), classes="section")
            decks = [(view.deck_titles.get(d, d), m.mastery) for d, m in s.decks.items()]
            yield Static("\n".join(share_bars(decks)) or tr("stats_none", lang), classes="chart")
            busiest_tags = sorted(s.tags.items(), key=lambda kv: -kv[1].cards)[:TOP_TAGS]
            if busiest_tags:
                yield Label(tr("stats_tags", lang), classes="subsection")
                yield Static("\n".join(share_bars([(t, m.mastery) for t, m in busiest_tags])), classes="chart")
        with Vertical(classes="panel", id="stats-exercises"):
            yield Label(tr("stats_exercises", lang), classes="section")
            if view.exercises:
                width = max(len(e.title) for e in view.exercises)
                for e in view.exercises:
                    best = format_duration(e.best_ms) if e.best_ms is not None else "–"
                    yield Static(
                        f"{e.title:<{width}}  {tr('stats_attempts', lang, n=e.attempts, ok=e.accepted)}  "
                        f"{tr('best_time', lang)} {best}",
                        classes="exercise-line",
                    )
            else:
                yield Static(tr("stats_none", lang))
        with Vertical(classes="panel", id="stats-leeches"):
            yield Label(tr("stats_leeches", lang), classes="section")
            if s.leeches:
                for card_id, lapses in s.leeches:
                    yield Static(tr("stats_leech", lang, front=view.leech_fronts.get(card_id, card_id), n=lapses))
            else:
                yield Static(tr("stats_no_leeches", lang))
