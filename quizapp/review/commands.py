"""`quizapp stats`: argument wiring and output. cli.py imports this module
for `--help`, so only the standard library is imported at module level."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizapp.review.protocols import CardInfo, ExerciseInfo
    from quizapp.review.stats import Stats
    from quizapp.review.store import ReviewStore

MOVE_FLAG = "--move-corrupt-db"
TEXT_TAGS = 10


def add_stats_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--lang", choices=("zh", "en"), default=None, help="language of the text (default: setting)")
    parser.add_argument(
        MOVE_FLAG,
        action="store_true",
        help="if the database is damaged or not quizapp's, rename it aside "
        "(the new path is printed) and start a fresh one",
    )


def run_stats(
    args: argparse.Namespace,
    *,
    home: Path,
    cards: Sequence[CardInfo],
    exercises: Sequence[ExerciseInfo],
    retired: Mapping[str, str] | None = None,
    now: datetime | None = None,
    out: IO[str] | None = None,
    err: IO[str] | None = None,
) -> int:
    # The streams are looked up now, not bound as defaults at import: a default
    # would keep whatever sys.stdout was then (a test's capture, closed since).
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    from quizapp.review.errors import StoreError

    try:
        store = _open_checked(home, move_aside=bool(getattr(args, "move_corrupt_db", False)), err=err)
    except StoreError as exc:
        print(f"quizapp stats: {exc}", file=err)
        return 1
    from quizapp.review.stats import compute_stats

    with store:
        try:
            store.sync_content(cards, exercises, retired)
            stats = compute_stats(store, now)
        except StoreError as exc:
            print(f"quizapp stats: {exc}", file=err)
            return 1
    if getattr(args, "json", False):
        print(json.dumps(stats.to_json(), ensure_ascii=False), file=out)
    else:
        from quizapp.i18n import cli_language

        out.write(render_text(stats, cli_language(getattr(args, "lang", None), home)))
    return 0


def _open_checked(home: Path, *, move_aside: bool, err: IO[str]) -> ReviewStore:
    """Open the store; a damaged or foreign file is moved aside only on request."""
    from quizapp.review import schema
    from quizapp.review.errors import CorruptDatabase, ForeignDatabase
    from quizapp.review.store import ReviewStore

    try:
        store = ReviewStore.open(home)
        problems = store.integrity_problems()
        if problems:
            store.close()
            raise CorruptDatabase(store.path, "; ".join(problems[:3]))
        return store
    except (CorruptDatabase, ForeignDatabase) as exc:
        if not move_aside:
            raise
        moved = schema.move_aside(home)
        kind = "damaged" if isinstance(exc, CorruptDatabase) else "not quizapp's"
        print(
            f"quizapp stats: {exc.path} was {kind} ({exc.detail}); moved it to {moved} "
            "and started a fresh history",
            file=err,
        )
        return ReviewStore.open(home)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.0f}%"


def _duration(ms: int) -> str:
    """As the app shows it (Home, statistics): the same rounding and the same form."""
    from quizapp.i18n import format_duration

    return format_duration(ms)


def render_text(stats: Stats, lang: str = "en") -> str:
    from quizapp.i18n import list_separator, tr

    sep = list_separator(lang)
    lines: list[Any] = [
        tr("stats_t_reviews", lang, reviews=stats.reviews, today=stats.reviewed_today, streak=stats.streak_days),
        tr("stats_t_cards", lang, seen=stats.cards_seen, active=stats.cards_active, due=stats.due_now),
        tr("stats_t_retention", lang, pct=_pct(stats.true_retention), n=stats.true_retention_reviews),
        tr(
            "stats_t_exercises",
            lang,
            attempts=stats.exercise_attempts,
            accepted=stats.attempts_accepted,
            rate=_pct(stats.exercise_accept_rate),
            solved=stats.exercises_accepted,
        ),
    ]
    peak = max((n for _, n in stats.reviews_per_day), default=0)
    if peak:
        bars = "".join(" ▁▂▃▄▅▆▇█"[round(8 * n / peak)] for _, n in stats.reviews_per_day)
        lines.append(tr("stats_t_days", lang, bars=bars, peak=peak))
    lines.append(tr("stats_t_due", lang, days="  ".join(f"{d[5:]}:{n}" for d, n in stats.due_forecast)))
    if stats.decks:
        lines.append(tr("stats_t_decks", lang))
        for name, m in stats.decks.items():
            lines.append(f"  {name:<28} {m.mature:>4} / {m.cards:<4} {_pct(m.mastery)}")
    if stats.tags:
        # The biggest tags only: a line per tag would bury the rest (--json has all).
        top = sorted(stats.tags.items(), key=lambda kv: (-kv[1].cards, kv[0]))[:TEXT_TAGS]
        more = len(stats.tags) - len(top)
        tags = sep.join(f"{t} {_pct(m.mastery)}" for t, m in top)
        lines.append(tr("stats_t_tags", lang, tags=tags) + (tr("stats_t_more", lang, n=more) if more > 0 else ""))
    if stats.personal_best_ms:
        lines.append(tr("stats_t_bests", lang))
        for ex, ms in stats.personal_best_ms.items():
            lines.append(f"  {ex:<28} {_duration(ms)}")
    if stats.leeches:
        lines.append(tr("stats_t_leeches", lang, items=sep.join(f"{k} ({n})" for k, n in stats.leeches)))
    if stats.rewritten:
        lines.append(tr("stats_t_rewritten", lang, items=sep.join(stats.rewritten)))
    if stats.cards_removed_with_history:
        lines.append(tr("stats_t_removed", lang, n=stats.cards_removed_with_history))
    if stats.last_mock_percent is not None:
        lines.append(tr("stats_t_mock", lang, n=stats.mock_sessions, pct=stats.last_mock_percent))
    return "\n".join(lines) + "\n"
