"""Name a recognised mistake, and only one that is really there.

Each exercise lists wrong implementations in its YAML (`cases.variants`). After every
case of a run is judged, each variant runs (here, in the parent: it is the exercise's
own trusted code) on the cases that failed on values. A variant *explains* a failing
observable when

- it reproduces the submission's value there, within the case's own tolerance (the
  same bound the submission was judged by), and
- it differs from the reference there (by that same bound): a variant that is right at
  a value cannot be the reason the value is wrong;

and it may explain anything in a case only if it also agrees with every other value the
submission produced in that case (it behaves like the submission, not just at one spot).
A case that raised is explained by a variant raising the same exception at the same step.
Across the run the variant that explains the most failing observables is named (the
first listed on a tie), on the cases it explains and nowhere else. No variant explains
anything: no hint, never a guess. So a run shows at most one hint.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from quizapp.grading.casespec import Variant
from quizapp.grading.compare import Tolerance, matches

Key = tuple[int, int]
MAX_CASES = 12  # failing cases examined per run: enough to be sure, bounded in time
CRASH = "crash"  # a variant run's key for (step, exception type) when the variant raised


@dataclass
class Failure:
    """One case's wrong values, kept until the whole run is judged."""

    case: Any
    observables: Sequence[Any]  # engine.Observable, with .expected filled in
    got: dict[Key, Any]  # every value the submission produced in the case
    failing: list[Key]  # the well-formed values that were judged wrong
    tol: Tolerance
    slack: dict[Key, float] = field(default_factory=dict)
    crash: tuple[int, str] | None = None  # the case raised: (step index, exception type)


@dataclass
class Diagnosis:
    variant: Variant
    explained: dict[int, int]  # case index -> failing observables it explains there


VariantRunner = Callable[..., "dict[Any, Any] | None"]  # (source, entry name, case, observables, upcast=True)


def diagnose_run(
    variants: Sequence[Variant], failures: Sequence[Failure], entry_name: str, run_variant: VariantRunner
) -> Diagnosis | None:
    failures = [f for f in failures if f.failing or f.crash]
    # Every variant competes on the first MAX_CASES failing cases (bounded time); the
    # winner is then looked for on the rest, so that it is named wherever it applies.
    first, rest = failures[:MAX_CASES], failures[MAX_CASES:]
    best: Diagnosis | None = None
    best_count = 0
    for variant in variants:
        explained: dict[int, int] = {}
        for failure in first:
            count = explains(variant, failure, entry_name, run_variant)
            if count:
                explained[failure.case.index] = count
        total = sum(explained.values())
        if total > best_count:
            best, best_count = Diagnosis(variant, explained), total
    if best is not None:
        for failure in rest:
            count = explains(best.variant, failure, entry_name, run_variant)
            if count:
                best.explained[failure.case.index] = count
    return best


def explains(variant: Variant, failure: Failure, entry_name: str, run_variant: VariantRunner) -> int:
    """How many of the case's failing observables `variant` explains (0 if it is not the submission).

    The variant runs in float64 first; on a float32 case also in float32 throughout, as
    a mistake that loses digits (E[x²] − E[x]²) shows only in the arithmetic it runs in.
    """
    count = _explains(run_variant(variant.source, entry_name, failure.case, list(failure.observables)), failure)
    if count == 0 and failure.case.dtype != "float64":
        native = run_variant(variant.source, entry_name, failure.case, list(failure.observables), upcast=False)
        count = _explains(native, failure)
    return count


def _explains(seen: dict[Any, Any] | None, failure: Failure) -> int:
    if seen is None:
        return 0
    by_key = {(o.step, o.slot): o for o in failure.observables}
    count = 0
    for key, value in failure.got.items():
        if not isinstance(value, np.ndarray) or key not in by_key:
            continue
        o = by_key[key]
        theirs = seen.get(key)
        if not isinstance(theirs, np.ndarray):
            return 0
        if o.dtype is not None:
            theirs = theirs.astype(o.dtype)
        slack = failure.slack.get(key, 0.0)
        if not matches(value, theirs, failure.tol, slack):
            return 0  # the variant does something the submission does not
        if key in failure.failing and not matches(theirs, o.expected, failure.tol, slack):
            count += 1
    if failure.crash is not None or CRASH in seen:
        # A crash is explained by the same exception at the same step, and only by that.
        if seen.get(CRASH) != failure.crash:
            return 0
        count += 1
    return count
