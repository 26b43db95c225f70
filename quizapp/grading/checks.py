"""`quizapp check` for exercises: do the cases tell right from wrong?

For every exercise: its reference passes its own cases (run here, in its own dtype, so
the float32 tolerance is tested against a real float32 implementation); its starter is
rejected; its model answer (content/exercises/model/<id>.py, required for the shipped
exercises) is accepted; every known wrong variant is rejected and recognised as itself; every file
in tests/mutants/<id>/ is rejected and every file in tests/accepted/<id>/ accepted, both
through the real child process.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from quizapp.grading.compare import check
from quizapp.grading.diagnose import Failure, diagnose_run
from quizapp.grading.engine import (
    ExerciseLike,
    _case_slack,
    _run_variant,
    expected_for,
    grade,
    load_reference,
    run_target,
)
from quizapp.grading.generate import build_cases
from quizapp.grading.harness import StepFailed
from quizapp.grading.messages import Text, join, shorten, text
from quizapp.i18n import in_lang, verdict_label

CHECK_SEED = 20240601  # fixed: `quizapp check` must give the same answer every time


@dataclass
class CheckResult:
    exercise: str
    check: str  # reference | starter | model | variant | mutant | accepted
    subject: str  # what was checked: a variant id or a file name
    ok: bool
    detail: str = ""  # a messages.Text: English as the str, Chinese in .zh

    def summary(self, lang: str = "en") -> str:
        """One line for `quizapp check`, in `lang` (the ids and file names stay as they are)."""
        fields = {
            "mark": text("check_ok" if self.ok else "check_fail"),
            "exercise": self.exercise,
            "check": text(f"check_{self.check}"),
            "subject": self.subject,
        }
        line = text("check_line_detail", detail=self.detail, **fields) if self.detail else text("check_line", **fields)
        return line.get(lang)

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "check": self.check,
            "subject": self.subject,
            "ok": self.ok,
            "detail": in_lang(self.detail, lang),
        }


def _judge_here(
    exercise: ExerciseLike, target: Any, reference: Any, seed: int, *, upcast: bool
) -> list[tuple[Any, str | None, Failure | None]]:
    """Run trusted `target` here on every case: (case, first problem or None, its Failure or None).

    The same judgement as a graded run: the dtype term first, the case's rounding bound
    (bound.py) when that alone rejects a value.
    """
    out: list[tuple[Any, str | None, Failure | None]] = []
    name = exercise.entry.name
    for case in build_cases(exercise.cases, seed):
        exp = expected_for(reference, case, name)
        if exp.error:
            out.append((case, exp.error, None))
            continue
        try:
            with np.errstate(all="ignore"):
                seen = run_target(target, case, exp.observables, upcast=upcast)
        except StepFailed as failed:
            out.append((case, f"step {failed.index + 1}: {failed.__cause__!r}", None))
            continue
        tol = exercise.tolerance[case.dtype]
        got: dict[tuple[int, int], Any] = {}
        failing: list[tuple[int, int]] = []
        first: str | None = None
        slack: dict[tuple[int, int], float] | None = None
        for o in exp.observables:
            assert o.expected is not None
            key = (o.step, o.slot)
            value = seen.get(key)
            if isinstance(value, np.ndarray) and o.dtype is not None:
                value = value.astype(o.dtype)
            got[key] = value
            problem = check(o.label, value, o.expected, tol, dtype=o.dtype)
            if problem and isinstance(value, np.ndarray):
                slack = slack if slack is not None else _case_slack(reference, case, exp, name)
                problem = check(o.label, value, o.expected, tol, dtype=o.dtype, slack=slack.get(key, 0.0))
            if problem:
                first = first or problem
                failing.append(key)
        failure = Failure(case, exp.observables, got, failing, tol, slack or {}) if failing else None
        out.append((case, first, failure))
    return out


def in_process(exercise: ExerciseLike, target: Any, reference: Any, seed: int = CHECK_SEED) -> list[tuple[str, str]]:
    """Run trusted `target` here (in its own dtype) on every case; (case name, first problem) for each failing case."""
    return [(case.name, p) for case, p, _ in _judge_here(exercise, target, reference, seed, upcast=False) if p]


def _variant_recognised(exercise: ExerciseLike, variant_id: str, source: str, reference: Any) -> str | None:
    """None if the run names the variant's own hint (and no other); else why not."""
    name = exercise.entry.name
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<variant {variant_id}>", "exec"), namespace)  # trusted content
    judged = _judge_here(exercise, namespace[name], reference, CHECK_SEED, upcast=True)
    failures = [f for _, _, f in judged if f is not None]
    if not any(p for _, p, _ in judged):
        return text("check_accepted_all")
    found = diagnose_run(exercise.cases.variants, failures, name, _run_variant)
    if found is None:
        return text("check_no_hint")
    return None if found.variant.id == variant_id else text("check_other_hint", id=found.variant.id)


def check_exercise(exercise: ExerciseLike, repo_tests_dir: Path | None, pool: ThreadPoolExecutor) -> list[CheckResult]:
    ex_id = exercise.id
    results: list[CheckResult] = []
    try:
        reference = load_reference(exercise.reference)
    except (ImportError, AttributeError) as exc:
        why = text("check_no_reference", error=exc)
        return [CheckResult(ex_id, "reference", exercise.reference, False, why)]

    problems = in_process(exercise, reference, reference)
    results.append(
        CheckResult(
            ex_id, "reference", exercise.reference, not problems,
            join("; ", (text("check_case", name=n, problem=p) for n, p in problems)),
        )
    )
    for variant in exercise.cases.variants:
        why = _variant_recognised(exercise, variant.id, variant.source, reference)
        results.append(CheckResult(ex_id, "variant", variant.id, why is None, why or text("check_recognised")))

    jobs: list[tuple[str, str, str, bool]] = [("starter", "starter", exercise.starter, False)]
    model = _model_answer(exercise)
    if isinstance(model, CheckResult):
        results.append(model)
    elif model is not None:
        jobs.append(("model", f"model/{ex_id}.py", model, True))
    if repo_tests_dir is not None:
        for kind, want in (("mutant", False), ("accepted", True)):
            folder = repo_tests_dir / ("mutants" if kind == "mutant" else "accepted") / ex_id
            for path in sorted(folder.glob("*.py")) if folder.is_dir() else []:
                jobs.append((kind, path.name, path.read_text(encoding="utf-8"), want))

    def run(job: tuple[str, str, str, bool]) -> CheckResult:
        kind, subject, source, want = job
        report = grade(exercise, source, seed=CHECK_SEED, filename=subject, reference=reference)
        ok = report.accepted == want and report.verdict != "judge_error"
        bad = next((c for c in report.cases if c.verdict != "accepted"), None)
        verdict = Text(report.verdict, verdict_label(report.verdict, "zh"))  # the id in English, as the JSON has it
        detail: Text = verdict
        if bad is not None:
            first = {lang: in_lang(bad.message, lang).splitlines()[:1] for lang in ("en", "zh")}
            message = Text("".join(first["en"]), "".join(first["zh"]))
            detail = text("check_run", verdict=verdict, name=bad.name, message=message)
        return CheckResult(ex_id, kind, subject, ok, Text(shorten(detail.en, 300), shorten(detail.zh, 300)))

    results.extend(pool.map(run, jobs))
    return results


def _model_answer(exercise: ExerciseLike) -> str | CheckResult | None:
    """The exercise's model answer to grade (it must be accepted), or a failed check saying why not.

    Every exercise of the shipped content has one; an exercise of the user's own may
    leave it out.
    """
    from quizapp.userinput import InputProblem

    read = getattr(exercise, "model_answer", None)
    subject = f"model/{exercise.id}.py"
    try:
        source = read() if read is not None else None
    except (OSError, UnicodeDecodeError, InputProblem) as exc:
        return CheckResult(exercise.id, "model", subject, False, text("check_model_unreadable", error=exc))
    if source is None and _is_builtin(exercise):
        return CheckResult(exercise.id, "model", subject, False, text("check_no_model"))
    return source


def _is_builtin(exercise: ExerciseLike) -> bool:
    from quizapp.locations import builtin_content_dir

    path = getattr(exercise, "path", None)
    return path is not None and path.resolve().parent.parent == builtin_content_dir().resolve()


def check_exercises(exercises: Iterable[ExerciseLike], repo_tests_dir: Path | None) -> list[CheckResult]:
    # Each grade is a child process; threads just keep both cores busy.
    with ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2))) as pool:
        out: list[CheckResult] = []
        for exercise in exercises:
            out.extend(check_exercise(exercise, repo_tests_dir, pool))
        return out
