"""Smoke test through a real terminal: launch `quizapp` in tmux, drill a card, quit.

Reads the screen with `tmux capture-pane`, so it checks what a user would see
(the real console script, driver and terminal), not a headless Pilot. Runs
under pytest (via tests/test_tui_tmux.py, skipped with a reason where tmux or the script is missing) or
directly: `python tests/tmux_smoke.py`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

TIMEOUT = 60.0  # seconds to wait for any one screen (generous: CI machines are busy)


def _quizapp() -> str | None:
    beside = Path(sys.executable).with_name("quizapp")
    return str(beside) if beside.exists() else shutil.which("quizapp")


class Tmux:
    def __init__(self, session: str) -> None:
        self.session = session

    def run(self, *args: str) -> str:
        return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.session)

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.session, *keys)

    def wait_for(self, what: str | Callable[[str], bool]) -> str:
        check = what if callable(what) else (lambda text: what in text)
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            text = self.screen()
            if check(text):
                return text
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what!r}; screen was:\n{self.screen()}")

    def alive(self) -> bool:
        return subprocess.run(["tmux", "has-session", "-t", self.session], capture_output=True).returncode == 0


def smoke(home: Path) -> None:
    """Drill the first card of today's review with the shipped content, whatever it is."""
    script = _quizapp()
    assert script is not None
    session = f"quizapp-smoke-{uuid.uuid4().hex[:8]}"
    tmux = Tmux(session)
    # The exit status goes to a file: the session disappears when the app quits.
    status = home.parent / "exit-status"
    command = f"env QUIZAPP_HOME={home} {script}; echo $? > {status}"
    tmux.run("new-session", "-d", "-s", session, "-x", "100", "-y", "30", command)
    try:
        tmux.wait_for(lambda s: "Press r to start" in s and "Decks" in s)
        tmux.keys("r")
        first = tmux.wait_for("Press space to show the answer")
        tmux.keys("Space")
        tmux.wait_for("Key points")
        tmux.keys("a")
        tmux.wait_for("☑ a")
        tmux.keys("3")
        tmux.wait_for(lambda s: "Card 2 of" in s and "Press space to show the answer" in s)
        assert "Card 1 of" in first
        tmux.keys("q")
        tmux.wait_for(lambda s: "Decks" in s and "Card 2 of" not in s)
        tmux.keys("q")
        deadline = time.monotonic() + TIMEOUT
        while tmux.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not tmux.alive(), "quizapp did not quit on q"
        assert status.read_text().strip() == "0"
    finally:
        if tmux.alive():
            tmux.run("kill-session", "-t", session)
    # The rating reached the user's database: exactly one review, rated Good.
    import sqlite3

    with sqlite3.connect(home / "quizapp.db") as db:
        assert db.execute("SELECT rating, mode FROM review_log").fetchall() == [(3, "drill")]


class App:
    """quizapp running in its own tmux session at a given size, with its own data folder."""

    def __init__(self, home: Path, size: tuple[int, int] = (80, 24)) -> None:
        script = _quizapp()
        assert script is not None
        self.home = home
        self.tmux = Tmux(f"quizapp-smoke-{uuid.uuid4().hex[:8]}")
        command = f"env QUIZAPP_HOME={home} {script}"
        self.tmux.run("new-session", "-d", "-s", self.tmux.session, "-x", str(size[0]), "-y", str(size[1]), command)

    def __enter__(self) -> Tmux:
        try:
            self.tmux.wait_for(lambda s: "Decks" in s and "Exercises" in s and "q Quit" in s)
        except BaseException:
            # __exit__ never runs when __enter__ raises: take the session down here.
            self.__exit__()
            raise
        return self.tmux

    def __exit__(self, *exc: object) -> None:
        if self.tmux.alive():
            self.tmux.run("kill-session", "-t", self.tmux.session)

    def reviews(self) -> list[tuple[str, int, str]]:
        import sqlite3

        with sqlite3.connect(self.home / "quizapp.db") as db:
            return db.execute(
                "SELECT i.key, l.rating, l.mode FROM review_log l JOIN items i ON i.id = l.item_id ORDER BY l.id"
            ).fetchall()


def _feedback(screen: str) -> bool:
    return "Correct" in screen or "Wrong:" in screen


def _answer(tmux: Tmux, letter: str) -> None:
    """Pick `letter`; on a several-answers card, submit it too. Waits for the feedback."""
    screen = tmux.screen()
    tmux.keys(letter)
    if "Several answers" in screen:
        tmux.wait_for(lambda s: "☑" in s)  # several answers show check boxes
        tmux.keys("Enter")
    tmux.wait_for(_feedback)


def smoke_quiz_undo(home: Path) -> None:
    """80x24: answer two choice cards, undo on the second's feedback, answer it again: one review each."""
    app = App(home)
    with app as tmux:
        tmux.keys("c")
        tmux.wait_for(lambda s: "Card 1 of" in s)
        _answer(tmux, "a")
        tmux.keys("Space")
        tmux.wait_for(lambda s: "Card 2 of" in s and not _feedback(s))
        _answer(tmux, "a")
        first, second = (key for key, _rating, _mode in app.reviews())
        tmux.keys("u")
        # The card whose answer was undone is shown again, unanswered; the database forgot it.
        tmux.wait_for(lambda s: "Card 2 of" in s and not _feedback(s))
        assert [key for key, _r, _m in app.reviews()] == [first]
        _answer(tmux, "b")
        reviews = app.reviews()
        assert [key for key, _r, _m in reviews] == [first, second] and {m for _k, _r, m in reviews} == {"quiz"}


def smoke_stats_end(home: Path) -> None:
    """80x24: open the statistics and press end at once: the last section (leeches) is on screen."""
    with App(home) as tmux:
        tmux.keys("s")
        tmux.wait_for("Overview")
        assert "Leeches" not in tmux.screen()  # below the fold at 80x24
        tmux.keys("End")
        tmux.wait_for("Leeches")


def smoke_home_exercise_table(home: Path, titles: list[str]) -> None:
    """80x24: walk Home's exercise table to its last row; that row is on screen and enter opens it."""
    with App(home) as tmux:
        tmux.keys("Tab")
        for _ in titles[1:]:
            tmux.keys("Down")
        last = titles[-1]
        tmux.wait_for(lambda s: last[:40] in s)
        tmux.keys("Enter")
        tmux.wait_for(lambda s: last[:40] in s.splitlines()[0])


def exercise_titles() -> list[str]:
    """The shipped exercises' English titles, in Home's order."""
    import json

    script = _quizapp()
    assert script is not None
    out = subprocess.run([script, "list", "--json"], check=True, capture_output=True, text=True).stdout
    return [e["title"]["en"] for e in json.loads(out)["exercises"]]


def skip_reason() -> str | None:
    if shutil.which("tmux") is None:
        return "tmux is not installed"
    if _quizapp() is None:
        return "the quizapp console script is not installed"
    return None


if __name__ == "__main__":
    reason = skip_reason()
    if reason:
        print(f"skipped: {reason}")
        raise SystemExit(0)
    with tempfile.TemporaryDirectory() as tmp:
        smoke(Path(tmp) / "home")
        smoke_quiz_undo(Path(tmp) / "quiz")
        smoke_stats_end(Path(tmp) / "stats")
        smoke_home_exercise_table(Path(tmp) / "table", exercise_titles())
    print("ok: drilled a card and quit; at 80x24 undid a quiz answer, scrolled stats to its end, walked the table")
    os._exit(0)
