"""Terminal charts drawn as text: a calendar heatmap and horizontal bars.

Textual's own widgets (Static, Sparkline) are enough for the stats screen, so
no plotting dependency is added (textual-plotext would pull plotext in and
slow start-up for four small charts). The drawing is plain functions of the
data, so tests can check the pictures without running an app; colour comes
from the widgets' CSS (theme variables), never from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.cells import cell_len

# Five levels of activity, from none to the busiest day in the window.
HEAT_LEVELS = "·░▒▓█"
WEEKDAYS = {"en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), "zh": ("一", "二", "三", "四", "五", "六", "日")}


def heat_level(count: int, busiest: int) -> str:
    if count <= 0 or busiest <= 0:
        return HEAT_LEVELS[0]
    # 1..4: any activity shows, the busiest day is full.
    step = 1 + min(3, (count * 4 - 1) // busiest)
    return HEAT_LEVELS[step]


def heatmap(per_day: Sequence[tuple[str, int]], lang: str = "en") -> list[str]:
    """A calendar: one row per weekday, one column per week, oldest week first."""
    if not per_day:
        return []
    days = [(date.fromisoformat(d), n) for d, n in per_day]
    busiest = max(n for _, n in days)
    first = days[0][0]
    offset = first.weekday()  # blank cells before the first day in its week
    span = (days[-1][0] - first).days + 1
    weeks = (offset + span + 6) // 7
    grid = [[" "] * weeks for _ in range(7)]
    for day, count in days:
        slot = offset + (day - first).days
        grid[slot % 7][slot // 7] = heat_level(count, busiest)
    names = WEEKDAYS.get(lang, WEEKDAYS["en"])
    width = max(cell_len(n) for n in names)
    return [pad(names[row], width) + " " + " ".join(grid[row]) for row in range(7)]


def pad(text: str, width: int) -> str:
    """Left-align in terminal cells: a CJK character takes two, so len() would misalign."""
    return text + " " * max(0, width - cell_len(text))


def bar(share: float, width: int = 20) -> str:
    share = min(1.0, max(0.0, share))
    filled = round(share * width)
    return "█" * filled + "░" * (width - filled)


def count_bars(rows: Sequence[tuple[str, int]], width: int = 20) -> list[str]:
    """`label  ████░░  n` lines scaled to the largest count."""
    if not rows:
        return []
    top = max(n for _, n in rows) or 1
    label_width = max(cell_len(label) for label, _ in rows)
    return [f"{pad(label, label_width)}  {bar(n / top, width)} {n:>4}" for label, n in rows]


def share_bars(rows: Sequence[tuple[str, float | None]], width: int = 20) -> list[str]:
    """`label  ████░░  87%` lines for shares in 0..1 (None drawn as 'no data')."""
    if not rows:
        return []
    label_width = max(cell_len(label) for label, _ in rows)
    out = []
    for label, share in rows:
        if share is None:
            out.append(f"{pad(label, label_width)}  {' ' * width}    –")
        else:
            out.append(f"{pad(label, label_width)}  {bar(share, width)} {round(share * 100):>3}%")
    return out
