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
        out.write(render_text(stats))
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
    seconds = ms // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


def render_text(stats: Stats) -> str:
    lines: list[Any] = [
        f"Reviews: {stats.reviews}   today: {stats.reviewed_today}   "
        f"streak: {stats.streak_days} day(s)",
        f"Cards: {stats.cards_seen} seen of {stats.cards_active}   due now: {stats.due_now}",
        f"True retention (30 days): {_pct(stats.true_retention)} "
        f"of {stats.true_retention_reviews} reviews",
        f"Exercises: {stats.exercise_attempts} attempts, {stats.attempts_accepted} accepted "
        f"({_pct(stats.exercise_accept_rate)}), {stats.exercises_accepted} exercises solved",
    ]
    peak = max((n for _, n in stats.reviews_per_day), default=0)
    if peak:
        bars = "".join(" ▁▂▃▄▅▆▇█"[round(8 * n / peak)] for _, n in stats.reviews_per_day)
        lines.append(f"Last 30 days: |{bars}| max {peak}/day")
    lines.append("Due next 7 days: " + "  ".join(f"{d[5:]}:{n}" for d, n in stats.due_forecast))
    if stats.decks:
        lines.append("Decks (mature / cards):")
        for name, m in stats.decks.items():
            lines.append(f"  {name:<28} {m.mature:>4} / {m.cards:<4} {_pct(m.mastery)}")
    if stats.tags:
        # The biggest tags only: a line per tag would bury the rest (--json has all).
        top = sorted(stats.tags.items(), key=lambda kv: (-kv[1].cards, kv[0]))[:TEXT_TAGS]
        more = len(stats.tags) - len(top)
        lines.append(
            "Tags: "
            + ", ".join(f"{t} {_pct(m.mastery)}" for t, m in top)
            + (f" (+{more} more)" if more > 0 else "")
        )
    if stats.personal_best_ms:
        lines.append("Personal bests:")
        for ex, ms in stats.personal_best_ms.items():
            lines.append(f"  {ex:<28} {_duration(ms)}")
    if stats.leeches:
        lines.append("Leeches (lapsed 8+ times): " + ", ".join(f"{k} ({n})" for k, n in stats.leeches))
    if stats.rewritten:
        lines.append("Rewritten since last review: " + ", ".join(stats.rewritten))
    if stats.cards_removed_with_history:
        lines.append(f"Removed from content (history kept): {stats.cards_removed_with_history}")
    if stats.last_mock_percent is not None:
        lines.append(f"Mock interviews: {stats.mock_sessions}, last score {stats.last_mock_percent}%")
    return "\n".join(lines) + "\n"
