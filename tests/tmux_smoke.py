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
    print("ok: launched quizapp in tmux, drilled a card, quit with status 0")
    os._exit(0)
