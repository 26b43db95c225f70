"""Benchmark of `quizapp grade` (a benchmark, not a test: it prints ratios, asserts nothing).

Measured side by side in one run, alternating, medians of several rounds:

1. `quizapp grade bn2d-forward <correct>` wall time against the floor
   `python -c "import numpy"`                                  target <= 1.6x
2. the same against the same cases run by pytest in a subprocess on the same
   file (a plain test-runner grader, no sandbox)                 target <= 0.5x
3. a regrade through the warm worker (GradeWorker.grade), spare ready,
   for the whole bn2d-forward suite                             target <= 50 ms median

Usage: python bench/grade.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORRECT = ROOT / "tests" / "accepted" / "bn2d-forward" / "keepdims.py"
SEED = 4242

PYTEST_GRADER = textwrap.dedent(
    """
    import numpy as np
    import pytest

    from quizapp.content import load_catalog
    from quizapp.grading.compare import check
    from quizapp.grading.engine import expected_for, load_reference, run_target
    from quizapp.grading.generate import build_cases

    EXERCISE = load_catalog().exercise("bn2d-forward")
    REFERENCE = load_reference(EXERCISE.reference)
    SUBMISSION = {{}}
    exec(compile(open({file!r}).read(), "solution.py", "exec"), SUBMISSION)
    CASES = build_cases(EXERCISE.cases, {seed})


    @pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
    def test_case(case):
        exp = expected_for(REFERENCE, case, EXERCISE.entry.name)
        seen = run_target(SUBMISSION[EXERCISE.entry.name], case, exp.observables, upcast=False)
        tol = EXERCISE.tolerance[case.dtype]
        for o in exp.observables:
            assert check(o.label, seen.get((o.step, o.slot)), o.expected, tol, dtype=o.dtype) is None
    """
)


def wall(cmd: list[str], cwd: Path, expect: int = 0, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, env=env)
    elapsed = time.perf_counter() - start
    if result.returncode != expect:
        raise SystemExit(f"{cmd} exited {result.returncode}: {result.stderr.decode()[-800:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    py = sys.executable

    with tempfile.TemporaryDirectory() as tmp:
        test_file = Path(tmp) / "test_pytest_grader.py"
        test_file.write_text(PYTEST_GRADER.format(file=str(CORRECT), seed=SEED), encoding="utf-8")
        commands = {
            "floor": [py, "-c", "import numpy"],
            "grade": [py, "-m", "quizapp", "grade", "bn2d-forward", str(CORRECT), "--json", "--seed", str(SEED)],
            "pytest": [py, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", tmp, str(test_file)],
        }
        # An installed package runs from compiled bytecode: measure that, not a recompile per run.
        env = {**os.environ, "QUIZAPP_HOME": str(Path(tmp) / "home")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for cmd in commands.values():  # warm the page cache, bytecode and the content cache once
            wall(cmd, ROOT, env=env)
        times: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(args.rounds):
            for name, cmd in commands.items():
                times[name].append(wall(cmd, ROOT, env=env))

    from quizapp.content import load_catalog
    from quizapp.grading import GradeWorker

    exercise = load_catalog().exercise("bn2d-forward")
    source = CORRECT.read_text(encoding="utf-8")
    regrades: list[float] = []
    with GradeWorker() as worker:
        for i in range(max(args.rounds * 2, 10)):
            # A user edits between two runs; the spare is ready by then.
            worker.wait_ready()
            start = time.perf_counter()
            report = worker.grade(exercise, source, seed=SEED + i)
            regrades.append(time.perf_counter() - start)
            assert report.accepted, report.to_text()

    med = {k: statistics.median(v) for k, v in times.items()}
    regrade = statistics.median(regrades)
    print(f"machine: {os.cpu_count()} cpus, load average {os.getloadavg()[0]:.2f}; {args.rounds} rounds, medians")
    print(f"  floor  python -c 'import numpy'        {med['floor'] * 1000:7.0f} ms")
    print(f"  quizapp grade bn2d-forward (CLI)      {med['grade'] * 1000:7.0f} ms")
    print(f"  pytest on the same cases              {med['pytest'] * 1000:7.0f} ms")
    print(f"  warm-worker regrade                   {regrade * 1000:7.1f} ms  (min {min(regrades) * 1000:.1f})")
    print("ratios:")
    print(f"  1. grade / floor   = {med['grade'] / med['floor']:.2f}x   (target <= 1.6x)")
    print(f"  2. grade / pytest  = {med['grade'] / med['pytest']:.2f}x   (target <= 0.5x)")
    print(f"  3. regrade median  = {regrade * 1000:.1f} ms (target <= 50 ms)")


if __name__ == "__main__":
    main()
