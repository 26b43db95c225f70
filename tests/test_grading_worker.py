"""The warm worker: a fresh process per grade, with the next one already started."""

from __future__ import annotations

from pathlib import Path

from quizapp.content import load_catalog
from quizapp.grading import GradeWorker

ROOT = Path(__file__).resolve().parents[1]


def test_regrades_use_a_warm_spare_and_never_share_a_process():
    exercise = load_catalog().exercise("bn2d-forward")
    good = (ROOT / "tests" / "accepted" / "bn2d-forward" / "keepdims.py").read_text(encoding="utf-8")
    leaky = good.replace(
        "class BatchNorm2D:",
        "import builtins\nbuiltins.LEAK = getattr(builtins, 'LEAK', 0) + 1\n"
        "assert builtins.LEAK == 1, 'state survived from an earlier grade'\n\nclass BatchNorm2D:",
    )
    with GradeWorker() as worker:
        assert worker.wait_ready()
        spare = worker._spare
        first = worker.grade(exercise, leaky, samples_only=True)
        assert worker._spare is not spare and worker.wait_ready()
        second = worker.grade(exercise, leaky)
    assert first.verdict == "accepted" and first.total == 2
    assert second.verdict == "accepted" and second.total > 2
    assert worker._spare is None
