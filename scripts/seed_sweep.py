"""Grade every file in tests/accepted/ and tests/mutants/ on many seeds; say where the judge errs.

    python scripts/seed_sweep.py [--seeds 200] [--exercise ID ...] [--batch 25] [--jobs 2]

What counts as an error (the exit code is 1 if there is any):

- a file in tests/accepted/<id>/ not accepted on some seed (a correct solution rejected),
  or given any hint;
- a file in tests/mutants/<id>/ accepted on some seed;
- a mutant that names its mistake with a `# hint: VARIANT-ID` line near the top (or that a
  variant of the exercise's YAML cites with `# from tests/mutants/<id>/<file>`) getting
  that hint, and no other, on fewer than 95% of its failing cases; a mutant that names
  none getting any hint (a false hint);
- a judge_error anywhere.

Every exercise directory is picked up by itself. The judgement is the real one
(engine.judge on the real child's events): only the plumbing is shared, so that the
sweep fits in CI. The cases of many seeds go to one child in one job, and their
events are split back per seed; the reference's values and the variants' runs are
computed once per seed and shared by every file.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quizapp.content import load_catalog  # noqa: E402
from quizapp.grading.engine import (  # noqa: E402
    WALL_MARGIN,
    _run_variant,
    build_job,
    expected_for,
    judge,
    load_reference,
)
from quizapp.grading.generate import build_cases  # noqa: E402
from quizapp.grading.runner import Child  # noqa: E402

HINT_LINE = re.compile(r"^#\s*hint:\s*(\S+)", re.MULTILINE)
ACCURACY = 0.95


@dataclass
class FileResult:
    exercise: str
    kind: str  # accepted | mutants
    path: Path
    want_hint: str | None
    seeds: int = 0
    accepted: int = 0
    failing_cases: int = 0
    own_hint_cases: int = 0
    hints: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.kind}/{self.exercise}/{self.path.name}"

    def errors(self) -> list[str]:
        out = list(self.problems)
        if self.kind == "accepted":
            if self.accepted < self.seeds:
                out.append(f"rejected on {self.seeds - self.accepted} of {self.seeds} seeds")
            if self.hints:
                out.append(f"false hints on a correct file: {dict(self.hints)}")
            return out
        if self.accepted:
            out.append(f"accepted on {self.accepted} of {self.seeds} seeds")
        if self.want_hint is None and self.hints:
            out.append(f"false hints: {dict(self.hints)}")
        if self.want_hint is not None and self.accuracy < ACCURACY:
            out.append(f"its hint on only {self.accuracy:.1%} of failing cases; hints seen: {dict(self.hints)}")
        return out

    @property
    def accuracy(self) -> float:
        return self.own_hint_cases / self.failing_cases if self.failing_cases else 0.0


def variant_citations(exercise_yaml: Path) -> dict[str, str]:
    """file name -> variant id, from `# from tests/mutants/<id>/<file>` comments under a variant."""
    out: dict[str, str] = {}
    current = None
    for line in exercise_yaml.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*- id: (\S+)", line)
        if m:
            current = m.group(1)
        m = re.search(r"# from tests/mutants/[^/\s]+/(\S+\.py)", line)
        if m and current:
            out[m.group(1)] = current
    return out


class Exercise:
    """One exercise's cases, expected values and variant runs for every seed of the sweep."""

    def __init__(self, exercise: Any, seeds: list[int]) -> None:
        self.exercise = exercise
        self.reference = load_reference(exercise.reference)
        self.cases = {s: build_cases(exercise.cases, s) for s in seeds}
        self.expected = {
            s: [expected_for(self.reference, c, exercise.entry.name) for c in cases] for s, cases in self.cases.items()
        }
        self._variant_runs: dict[tuple[str, int, int, bool], Any] = {}

    def run_variant(self, seed: int) -> Any:
        def run(source: str, entry_name: str, case: Any, obs: list[Any], upcast: bool = True) -> Any:
            key = (source, seed, case.index, upcast)
            if key not in self._variant_runs:
                self._variant_runs[key] = _run_variant(source, entry_name, case, obs, upcast)
            return self._variant_runs[key]

        return run


def grade_batch(ex: Exercise, source: str, filename: str, seeds: list[int]) -> list[tuple[int, Any]]:
    """(seed, GradeReport) for each seed, from one child that ran every seed's cases."""
    exercise = ex.exercise
    combined = [c for s in seeds for c in ex.cases[s]]
    owner: list[tuple[int, int]] = [(s, c.index) for s in seeds for c in ex.cases[s]]
    child = Child()
    try:
        cpu = exercise.cases.limits.cpu_seconds * len(seeds)
        job = build_job(exercise, source, combined, filename, child.in_dir, cpu_seconds=cpu)
        child.start(job)
        outcome = child.wait(cpu + WALL_MARGIN)
        shared = [e for e in outcome.events if not isinstance(e.get("case"), int)]
        per_seed: dict[int, list[dict[str, Any]]] = {s: list(shared) for s in seeds}
        for e in outcome.events:
            if isinstance(e.get("case"), int) and 0 <= e["case"] < len(owner):
                seed, index = owner[e["case"]]
                per_seed[seed].append({**e, "case": index})
        out = []
        for s in seeds:
            seed_outcome = replace(outcome, events=per_seed[s])
            report = judge(
                exercise, ex.cases[s], ex.expected[s], seed_outcome, s, filename, False,
                reference=ex.reference, run_variant=ex.run_variant(s),
            )  # fmt: skip
            out.append((s, report))
        return out
    finally:
        child.discard()


def tally(result: FileResult, seed: int, report: Any) -> None:
    result.seeds += 1
    result.accepted += report.accepted
    if report.verdict == "judge_error" or any(c.verdict == "judge_error" for c in report.cases):
        result.problems.append(f"seed {seed}: judge_error: {report.message or report.cases[0].message}")
    if result.kind == "accepted" and not report.accepted and len(result.problems) < 5:
        bad = next((c for c in report.cases if c.verdict != "accepted"), None)
        where = f"{bad.name}: {bad.message.splitlines()[0] if bad.message else bad.verdict}" if bad else report.verdict
        result.problems.append(f"seed {seed}: {where}")
    for case in report.cases:
        if case.verdict == "accepted":
            continue
        result.failing_cases += 1
        if case.hint:
            result.hints[case.hint["id"]] += 1
            if case.hint["id"] == result.want_hint:
                result.own_hint_cases += 1
    if report.hint and result.want_hint and report.hint["id"] != result.want_hint and len(result.problems) < 5:
        result.problems.append(f"seed {seed}: hint {report.hint['id']} instead of {result.want_hint}")


def collect(only: list[str]) -> list[tuple[str, str, Path, str | None]]:
    files = []
    for kind in ("accepted", "mutants"):
        for folder in sorted((ROOT / "tests" / kind).iterdir()):
            if not folder.is_dir() or (only and folder.name not in only):
                continue
            yaml = ROOT / "content" / "exercises" / f"{folder.name}.yaml"
            cited = variant_citations(yaml) if yaml.is_file() else {}
            for path in sorted(folder.glob("*.py")):
                m = HINT_LINE.search(path.read_text(encoding="utf-8")[:400])
                want = m.group(1) if m else cited.get(path.name)
                files.append((folder.name, kind, path, want if kind == "mutants" else None))
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=200, help="seeds per file (default 200)")
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--batch", type=int, default=25, help="seeds per child process")
    parser.add_argument("--jobs", type=int, default=2, help="children at a time")
    parser.add_argument("--exercise", action="append", default=[], help="only this exercise (repeatable)")
    parser.add_argument("--kind", choices=("accepted", "mutants"), action="append", default=[])
    args = parser.parse_args(argv)
    started = time.monotonic()
    catalog = load_catalog()
    seeds = list(range(args.first_seed, args.first_seed + args.seeds))
    batches = [seeds[i : i + args.batch] for i in range(0, len(seeds), args.batch)]
    files = [f for f in collect(args.exercise) if not args.kind or f[1] in args.kind]
    exercises: dict[str, Exercise] = {}
    results: list[FileResult] = []
    failed = False
    for ex_id in sorted({f[0] for f in files}):
        exercise = catalog.exercise(ex_id)
        if exercise is None:
            print(f"FAIL {ex_id}: no such exercise in the catalogue", flush=True)
            failed = True
            continue
        exercises[ex_id] = ex = Exercise(exercise, seeds)
        mine = [FileResult(ex_id, kind, path, want) for e, kind, path, want in files if e == ex_id]
        jobs = [(r, b) for r in mine for b in batches]

        def run(job: tuple[FileResult, list[int]], ex: Exercise = ex) -> tuple[FileResult, list[tuple[int, Any]]]:
            result, batch = job
            return result, grade_batch(ex, result.path.read_text(encoding="utf-8"), result.path.name, batch)

        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            for result, reports in pool.map(run, jobs):
                for seed, report in reports:
                    tally(result, seed, report)
        for result in mine:
            errors = result.errors()
            failed |= bool(errors)
            print(line_for(result, errors), flush=True)
        results.extend(mine)
        del exercises[ex_id]  # its cases and variant runs are no longer needed
    summary(results, time.monotonic() - started, len(seeds))
    return 1 if failed else 0


def line_for(result: FileResult, errors: list[str]) -> str:
    mark = "FAIL" if errors else "ok  "
    head = f"{mark} {result.name}: accepted {result.accepted}/{result.seeds} seeds"
    if result.kind == "mutants":
        if result.want_hint:
            head += (
                f"; hint {result.want_hint} on {result.own_hint_cases}/{result.failing_cases} failing cases"
                f" ({result.accuracy:.1%})"
            )
        others = {k: v for k, v in result.hints.items() if k != result.want_hint}
        if others:
            head += f"; other hints {others}"
    return head + "".join(f"\n     {e}" for e in errors)


def summary(results: list[FileResult], seconds: float, n_seeds: int) -> None:
    acc = [r for r in results if r.kind == "accepted"]
    mut = [r for r in results if r.kind == "mutants"]
    rejects = sum(r.seeds - r.accepted for r in acc)
    false_hints = sum(sum(r.hints.values()) for r in acc) + sum(
        sum(r.hints.values()) for r in mut if r.want_hint is None
    )
    named = [r for r in mut if r.want_hint]
    print(
        f"\n{len(acc)} accepted files, {len(mut)} mutants ({len(named)} with a hint), {n_seeds} seeds each, "
        f"{seconds:.0f} s\n"
        f"correct files rejected: {rejects} grades; mutants accepted: {sum(r.accepted for r in mut)} grades; "
        f"false hints: {false_hints} cases; lowest hint accuracy: "
        + (f"{min(r.accuracy for r in named):.1%}" if named else "n/a")
    )


if __name__ == "__main__":
    sys.exit(main())
