"""Name a recognised mistake: does a failing submission behave like a known wrong variant?

Each exercise lists wrong implementations in its YAML (`cases.variants`). When a case
fails on values, each variant runs (here, in the parent: it is the exercise's own
trusted code) on the same steps; if every value the submission produced so far matches
that variant, including the ones that did not match the reference, the variant's hint
is attached to the case.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from quizapp.grading.casespec import Variant
from quizapp.grading.compare import Tolerance, matches


def diagnose(
    variants: Sequence[Variant],
    case: Any,
    observables: Sequence[Any],
    got: dict[tuple[int, int], Any],
    failing: Sequence[tuple[int, int]],
    tol: Tolerance,
    entry_name: str,
    run_variant: Callable[..., dict[tuple[int, int], Any] | None],
) -> dict[str, str] | None:
    arrays = {k: v for k, v in got.items() if isinstance(v, np.ndarray)}
    if not failing or any(k not in arrays for k in failing):
        return None
    by_key = {(o.step, o.slot): o for o in observables}
    for variant in variants:
        seen = run_variant(variant.source, entry_name, case, list(observables))
        if seen is None:
            continue
        if all(_fits(arrays[key], seen.get(key), by_key[key], tol) for key in arrays):
            return {"id": variant.id, **variant.hint}
    return None


def _fits(value: np.ndarray, variant_value: Any, observable: Any, tol: Tolerance) -> bool:
    if not isinstance(variant_value, np.ndarray):
        return False
    if observable.dtype is not None:
        variant_value = variant_value.astype(observable.dtype)
    return matches(value, variant_value, tol)
