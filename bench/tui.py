"""TUI speed: start-up to a ready home screen, and drill key-to-next-card latency.

1. Start-up, headless, as ratios against a floor measured in the same run:
     floor:   a bare Textual app that shows one Static and exits after its first paint
     quizapp: `create_app(...)` until the home screen shows decks with their counts
   Both are whole processes (interpreter start to exit), medians of N runs, the
   lines taking turns run by run. Target (issue 8): quizapp <= 1.3x the floor.
   Reported for a returning user (database and parse cache exist) and for the very
   first run (empty data folder), and, without a target, until keys act at once
   (the study has loaded; a key pressed before waits for it).
2. Drill latency: from a rating key press to the next card painted, headless
   Pilot, median over a session. Target: < 50 ms.

Usage: python bench/tui.py [--runs N] [--cards N]
Prints numbers; asserts nothing (timings vary by machine).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

BARE = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("hello")
    def on_mount(self):
        self.call_after_refresh(self.exit)

Bare().run(headless=True)
"""

QUIZAPP = """
import os
from pathlib import Path
from quizapp.tui.app import create_app

app = create_app(home=Path(os.environ["QUIZAPP_HOME"]))

def check():
    home = app.screen
    if getattr(home, "overview", None) is not None and home.query("#decks"):
        app.call_after_refresh(app.exit)

app.call_later(lambda: app.set_interval(0.002, check))
app.run(headless=True)
"""

# The same app, until its keys act at once: the study (content + review store) has
# loaded. Home shows its counts before that, and a key pressed earlier is kept and run
# once it has (README); this line says how much later that is.
INTERACTIVE = QUIZAPP.replace(
    "if getattr(home, \"overview\", None) is not None and home.query(\"#decks\"):",
    "if getattr(home, \"overview\", None) is not None and home.query(\"#decks\") and app.study is not None:",
)
if INTERACTIVE == QUIZAPP:
    raise SystemExit("bench/tui.py: the ready condition changed; update INTERACTIVE with it")



def once(code: str, env: dict[str, str], fresh_home: bool = False) -> float:
    if fresh_home:
        shutil.rmtree(env["QUIZAPP_HOME"], ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def walls(codes: dict[str, tuple[str, bool]], runs: int, env: dict[str, str]) -> dict[str, float]:
    """Median wall time of each (code, fresh_home), the codes taking turns run by run.

    Interleaved, so that a machine whose speed drifts (this one's does, by a third at
    times) drifts for every line alike instead of for one block of runs.
    """
    samples: dict[str, list[float]] = {name: [] for name in codes}
    for _ in range(runs):
        for name, (code, fresh) in codes.items():
            samples[name].append(once(code, env, fresh))
    return {name: statistics.median(values) for name, values in samples.items()}


async def drill_latency(cards: int) -> tuple[list[float], list[float], list[float]]:
    """(in-app, Pilot round trip, Pilot no-op floor) seconds per card.

    In-app: from the rating action starting to the first refresh after the next
    card is mounted (`call_after_refresh`), i.e. key handled -> next card painted.
    Pilot round trip: `press` + `pause`, which adds Pilot's own waiting; its
    floor is the same round trip for a key bound to nothing.
    """
    from quizapp.tui.app import create_app
    from quizapp.tui.screens.drill import DrillScreen

    in_app: list[float] = []
    floor: list[float] = []
    original = DrillScreen.action_rate

    async def timed_rate(self: DrillScreen, rating: int) -> None:
        start = time.perf_counter()
        await original(self, rating)
        self.app.call_after_refresh(lambda: in_app.append(time.perf_counter() - start))

    DrillScreen.action_rate = timed_rate  # type: ignore[method-assign]

    home = Path(tempfile.mkdtemp(prefix="quizapp-bench-"))
    try:
        app = create_app(home=home, clock=lambda: datetime(2025, 3, 1, 9, tzinfo=UTC))
        samples: list[float] = []
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("r")
            await pilot.pause()
            screen = app.screen
            for _ in range(cards):
                if not hasattr(screen, "index") or app.screen is not screen:
                    break
                before = screen.index
                if screen.card.kind == "qa":
                    await pilot.press("space")
                    await pilot.pause()
                    key = "3"
                else:
                    await pilot.press("a")
                    await pilot.pause()
                    key = "space"
                start = time.perf_counter()
                await pilot.press("f12")  # bound to nothing: Pilot's own cost
                await pilot.pause()
                floor.append(time.perf_counter() - start)
                start = time.perf_counter()
                await pilot.press(key)
                # Pilot.press returns once the key is handled; wait for the repaint too.
                await pilot.pause()
                if app.screen is screen and screen.index == before:
                    break
                samples.append(time.perf_counter() - start)
        return in_app, samples, floor
    finally:
        DrillScreen.action_rate = original  # type: ignore[method-assign]
        shutil.rmtree(home, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cards", type=int, default=20)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "QUIZAPP_HOME": str(Path(tmp) / "home")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        # Warm the page cache, bytecode, parse cache and database once.
        for code in (BARE, QUIZAPP):
            subprocess.run([sys.executable, "-c", code], check=True, env=env, stdout=subprocess.DEVNULL)
        # The first-run line empties the data folder: it runs last in each turn, so
        # the next turn's returning-user lines start from a folder it has just filled.
        med = walls(
            {
                "floor": (BARE, False),
                "returning": (QUIZAPP, False),
                "interactive": (INTERACTIVE, False),
                "first": (QUIZAPP, True),
            },
            args.runs,
            env,
        )
        floor, returning, interactive, first = med["floor"], med["returning"], med["interactive"], med["first"]

    print(f"start-up (median of {args.runs}, whole process, headless)")
    print(f"  floor: bare Textual app, one Static      {floor * 1000:7.0f} ms")
    print(
        f"  quizapp home ready, returning user       {returning * 1000:7.0f} ms   {returning / floor:.2f}x"
        "  (target <= 1.3x)"
    )
    print(
        f"  quizapp keys act at once (study loaded)  {interactive * 1000:7.0f} ms   {interactive / floor:.2f}x"
        "  (no target; keys pressed earlier wait for it)"
    )
    print(f"  quizapp home ready, first run            {first * 1000:7.0f} ms   {first / floor:.2f}x")

    in_app, round_trip, floor_rt = asyncio.run(drill_latency(args.cards))
    print(f"drill: rating key -> next card painted (headless, {len(round_trip)} cards)")
    for label, samples in (
        ("in app: action to next paint", in_app),
        ("Pilot press+pause round trip", round_trip),
        ("Pilot round trip, unbound key", floor_rt),
    ):
        if samples:
            ms = sorted(x * 1000 for x in samples)
            p90 = ms[int(0.9 * (len(ms) - 1))]
            print(f"  {label:<30} median {statistics.median(ms):6.1f} ms   p90 {p90:6.1f} ms")
    print("  target: in-app median < 50 ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
