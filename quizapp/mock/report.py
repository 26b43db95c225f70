"""The honest end of a mock interview: scores per topic and dimension, weak spots, progress."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from quizapp.content.model import Catalog
from quizapp.mock.plan import DEFAULT_MINUTES
from quizapp.review.mock import MockSession

# Dimensions of readiness, in the order the report shows them.
THEORY, CHOICE, CODING, TIME = "theory recall", "multiple choice", "coding correctness", "time"
DIMENSION_OF_KIND = {"card": THEORY, "choice": CHOICE, "exercise": CODING}
CODING_TOPIC = "coding"
WEAKEST_COUNT = 3


@dataclass(frozen=True)
class ItemLine:
    position: int
    kind: str
    key: str
    topic: str
    prompt: str
    score: float  # 0..1
    time_used_ms: int
    answer_text: str | None = None
    answered: bool = True  # False: cut off by the clock or by ending early, or never reached


@dataclass(frozen=True)
class MockReport:
    session_id: int
    started: str
    total: float  # 0..1 over every item
    items: tuple[ItemLine, ...]
    topics: dict[str, float]
    dimensions: dict[str, float]
    time_used_ms: int
    time_limit_ms: int
    weakest: tuple[ItemLine, ...]
    previous_total: float | None
    previous_dimensions: dict[str, float]

    def change(self) -> float | None:
        return None if self.previous_total is None else self.total - self.previous_total


def _ratio(score: float, max_score: float) -> float:
    return score / max_score if max_score else 0.0


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _dimensions(session: MockSession, time_limit_ms: int) -> dict[str, float]:
    per_dim: dict[str, list[float]] = defaultdict(list)
    for item in session.items:
        per_dim[DIMENSION_OF_KIND.get(item.item_kind, item.item_kind)].append(_ratio(item.score, item.max_score))
    dims = {dim: _mean(per_dim[dim]) for dim in (THEORY, CHOICE, CODING) if per_dim.get(dim)}
    used = session.duration_ms if session.duration_ms is not None else session.time_used_ms
    # Time is pacing: the share of the items answered in the time given, shrunk
    # further by any overrun. Running out of time, or ending after 3 s, is not 100%.
    answered = sum(item.answered for item in session.items) / len(session.items) if session.items else 0.0
    overrun = 1.0 if used <= time_limit_ms or used == 0 else time_limit_ms / used
    dims[TIME] = answered * overrun
    return dims


def baseline(sessions: list[MockSession], before_id: int) -> MockSession | None:
    """The session the one with id `before_id` is compared with.

    The latest earlier finished one in which something was answered: an
    interview opened by accident and ended at once is no yardstick.
    """
    earlier = [s for s in sessions if s.id < before_id and s.finished is not None and s.answered_any]
    return max(earlier, key=lambda s: s.id, default=None)


def build_report(
    session: MockSession,
    catalog: Catalog,
    *,
    time_limit_minutes: int | None = None,
    previous: MockSession | None = None,
    lang: str = "en",
) -> MockReport:
    lines = []
    for item in session.items:
        if item.item_kind == "exercise":
            exercise = catalog.exercise(item.item_key)
            topic, prompt = CODING_TOPIC, exercise.title.get(lang) if exercise else item.item_key
        else:
            card = catalog.card(item.item_key)
            topic = card.deck_id if card else "removed"
            prompt = card.front.get(lang).strip().splitlines()[0] if card else item.item_key
        lines.append(
            ItemLine(item.position, item.item_kind, item.item_key, topic, prompt,
                     _ratio(item.score, item.max_score), item.time_used_ms, item.answer_text, item.answered)
        )  # fmt: skip
    per_topic: dict[str, list[float]] = defaultdict(list)
    for line in lines:
        per_topic[line.topic].append(line.score)
    if time_limit_minutes is not None:
        limit_ms = time_limit_minutes * 60_000
    else:  # the time the session was given, as recorded; sessions from before it was kept get the default
        limit_ms = session.time_limit_ms or DEFAULT_MINUTES * 60_000
    # Only cards that were answered: those got a review, so they do come back sooner.
    weakest = sorted(
        (ln for ln in lines if ln.kind != "exercise" and ln.answered and ln.score < 1.0), key=lambda ln: ln.score
    )
    return MockReport(
        session_id=session.id,
        started=session.started.isoformat(timespec="minutes"),
        total=_mean([ln.score for ln in lines]),
        items=tuple(lines),
        topics={topic: _mean(scores) for topic, scores in sorted(per_topic.items())},
        dimensions=_dimensions(session, limit_ms),
        time_used_ms=session.duration_ms if session.duration_ms is not None else session.time_used_ms,
        time_limit_ms=limit_ms,
        weakest=tuple(weakest[:WEAKEST_COUNT]),
        previous_total=(
            _mean([_ratio(i.score, i.max_score) for i in previous.items]) if previous and previous.items else None
        ),
        previous_dimensions=_dimensions(previous, limit_ms) if previous else {},
    )


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


def signed_points(change: float) -> str:
    """A change of score in whole points, signed; never "-0" for a change that rounds to nothing."""
    points = round(change * 100)
    return f"{points:+d}" if points else "0"


def _mmss(ms: int) -> str:
    seconds = round(ms / 1000)
    return f"{seconds // 60}:{seconds % 60:02d}"


# The Markdown export's words come from the app's catalogue (quizapp/i18n.py, keys `report_*`).
_LABEL_KEYS = (
    "title", "total", "time", "of", "topics", "dims", "items", "weakest", "none", "progress", "first",
    "item", "topic", "score", "dimension", "previous", "change", "answers", "not_answered",
)
_DIMENSION_KEYS = {THEORY: "dim_theory", CHOICE: "dim_choice", CODING: "dim_coding", TIME: "dim_time"}


def _labels(lang: str) -> dict[str, str]:
    from quizapp.i18n import tr

    return {key: tr(f"report_{key}", lang) for key in _LABEL_KEYS}


def _dim_name(dim: str, lang: str) -> str:
    from quizapp.i18n import tr

    key = _DIMENSION_KEYS.get(dim)
    return tr(key, lang) if key else dim


def to_markdown(report: MockReport, lang: str = "en") -> str:
    t = _labels(lang)
    # Chinese text takes full-width marks (a prompt or label may end in Chinese); ids inside stay in backticks.
    colon, left, right = ("：", "（", "）") if lang == "zh" else (": ", " (", ")")
    out = [
        f"# {t['title']} #{report.session_id}",
        "",
        f"- {report.started}",
        f"- {t['total']}{colon}**{_pct(report.total)}**",
        f"- {t['time']}{colon}{_mmss(report.time_used_ms)} {t['of']} {_mmss(report.time_limit_ms)}",
        "",
        f"## {t['dims']}",
        "",
        f"| {t['dimension']} | {t['score']} |",
        "| --- | --- |",
        *(f"| {_dim_name(d, lang)} | {_pct(v)} |" for d, v in report.dimensions.items()),
        "",
        f"## {t['topics']}",
        "",
        f"| {t['topic']} | {t['score']} |",
        "| --- | --- |",
        *(f"| {topic} | {_pct(v)} |" for topic, v in report.topics.items()),
        "",
        f"## {t['items']}",
        "",
        f"| # | {t['item']} | {t['topic']} | {t['score']} | {t['time']} |",
        "| --- | --- | --- | --- | --- |",
        *(
            f"| {ln.position + 1} | {ln.prompt.replace('|', '/')}{left}`{ln.key}`{right} | {ln.topic} | "
            f"{_pct(ln.score)}{'' if ln.answered else left + t['not_answered'] + right} | {_mmss(ln.time_used_ms)} |"
            for ln in report.items
        ),
        "",
        f"## {t['weakest']}",
        "",
    ]
    if report.weakest:
        out += [f"- `{ln.key}`{colon}{ln.prompt}{left}{_pct(ln.score)}{right}" for ln in report.weakest]
    else:
        out.append(t["none"])
    written = [ln for ln in report.items if ln.answer_text]
    if written:
        out += ["", f"## {t['answers']}", ""]
        for ln in written:
            quoted = "\n".join(f"> {row}" for row in (ln.answer_text or "").splitlines())
            out += [f"**{ln.prompt}**{left}`{ln.key}`{right}", "", quoted, ""]
        out.pop()
    out += ["", f"## {t['progress']}", ""]
    if report.previous_total is None:
        out.append(t["first"])
    else:
        out += [
            f"| {t['dimension']} | {t['previous']} | {t['score']} | {t['change']} |",
            "| --- | --- | --- | --- |",
            f"| {t['total']} | {_pct(report.previous_total)} | {_pct(report.total)} | "
            f"{signed_points(report.change() or 0.0)} |",
        ]
        for dim, value in report.dimensions.items():
            before = report.previous_dimensions.get(dim)
            if before is not None:
                out.append(
                    f"| {_dim_name(dim, lang)} | {_pct(before)} | {_pct(value)} | {signed_points(value - before)} |"
                )
    return "\n".join(out) + "\n"
