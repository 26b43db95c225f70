"""Start-up cost of the CLI, as ratios against a bare interpreter.

Floors, measured in the same run:
  * `python -c pass`                 (bare interpreter start)
  * `python -c "import yaml"`        (start plus the YAML parser we cannot avoid)
Target (issue 2): `quizapp list --json` within 3x of the second floor.

Usage: python bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def wall(cmd: list[str], runs: int, env: dict[str, str]) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QUIZAPP_HOME": home}
        # An installed package has compiled bytecode; measure that, not a recompile per run.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        # warm the page cache and any bytecode before measuring
        subprocess.run([py, "-m", "quizapp", "list", "--json"], check=True, stdout=subprocess.DEVNULL, env=env)
        floor_pass = wall([py, "-c", "pass"], args.runs, env)
        floor_yaml = wall([py, "-c", "import yaml"], args.runs, env)
        version = wall([py, "-m", "quizapp", "--version"], args.runs, env)
        listing = wall([py, "-m", "quizapp", "list", "--json"], args.runs, env)
    print(f"python -c pass            {floor_pass * 1000:7.1f} ms  (floor)")
    print(f"python -c 'import yaml'   {floor_yaml * 1000:7.1f} ms  (floor + yaml)")
    print(f"quizapp --version         {version * 1000:7.1f} ms  {version / floor_pass:5.2f}x bare python")
    print(
        f"quizapp list --json       {listing * 1000:7.1f} ms  {listing / floor_pass:5.2f}x bare python, "
        f"{listing / floor_yaml:5.2f}x python+yaml (target <= 3x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
