"""A reviewing process killed with SIGKILL loses no answered review."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.review import ReviewStore

CHILD = r"""
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from quizapp.review import ReviewStore

store = ReviewStore.open(Path(sys.argv[1]))
t0 = datetime(2025, 3, 3, 12, tzinfo=UTC)
i = 0
while True:  # answers as fast as it can until killed
    store.review(f"card{i % 50}", 1 + i % 4, when=t0 + timedelta(seconds=i), mode="quiz")
    if i % 7 == 0:
        store.save_draft("bn2d-forward", f"draft {i}")
    # The acknowledgement is printed only after review() returned, i.e. after
    # COMMIT: this is what the user saw as "answered".
    print(i, flush=True)
    i += 1
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("kill_after", [1, 37, 150])
def test_sigkill_mid_session_loses_nothing(tmp_path: Path, kill_after: int) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert proc.stdout is not None
    acknowledged = -1
    for line in proc.stdout:
        acknowledged = int(line)
        if acknowledged >= kill_after:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    answered = acknowledged + 1

    raw = sqlite3.connect(tmp_path / "quizapp.db")
    assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    logged = raw.execute("SELECT count(*) FROM review_log").fetchone()[0]
    raw.close()
    # Every acknowledged answer is there; at most the one in flight beyond.
    assert answered <= logged <= answered + 1

    with ReviewStore.open(tmp_path) as store:
        assert store.integrity_problems() == []
        reps = sum(store.get_schedule(f"card{i}").reps for i in range(min(50, logged)))
        assert reps == logged
        for key in {f"card{i % 50}" for i in range(answered)}:
            assert store.replay(key) == store.get_schedule(key)
        assert store.load_draft("bn2d-forward") is not None
