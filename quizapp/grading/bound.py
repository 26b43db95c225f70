"""How far a correct implementation may land from the reference: the rounding bound of a case.

The exercise's per-dtype `atol + rtol * |expected|` is the dtype term: the rounding of
the output itself and of a well-conditioned computation. It is not enough on
ill-conditioned inputs (a tiny spread on a large offset): there every correct
implementation loses digits when it subtracts the mean, how many depends on the order
it sums in, and the reference's order is no better than any other.

The conditioning term measures that loss on the case's own inputs instead of guessing
it per case. Every float input is perturbed by one rounding of the case's dtype, each
element up or down at random (`x * (1 + u * s)`, u the unit roundoff, s = +-1), and the
reference runs again in float64. How far each observable moves is how much one
rounding of the inputs is amplified: for a normalisation, |x| / sigma * u, the input's
magnitude over the normalising scale. A summation of n terms in any order rounds at
most about log2(n) (pairwise) to n (one by one) times; real errors add up like a
random walk, so the term is scaled by 4 * sqrt(n), n the largest input's size (an upper
bound on any reduction's length). Per observable the bound is

    |got - expected| <= atol + rtol * |expected| + 4 * sqrt(n) * max |moved|

with the largest move over PROBES perturbations and every element of the observable.
It is computed only when the dtype term alone rejects a value, so a correct
submission pays for it only on the cases where it is needed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

import numpy as np

PROBES = 3
SPREAD = 4.0  # the constant in front of sqrt(n)

Key = tuple[int, int]


def unit_roundoff(dtype: str | np.dtype) -> float:
    return float(np.finfo(np.dtype(dtype)).eps) / 2


def reduction_factor(case: Any) -> float:
    sizes = [a.base.size for a in case.arrays.values()]
    return SPREAD * math.sqrt(max(sizes, default=1))


def rounding_slack(
    case: Any,
    keys: Iterable[Key],
    expected: dict[Key, np.ndarray],
    run: Callable[[Any], dict[Key, Any] | None],
) -> dict[Key, float]:
    """The conditioning term of every observable in `keys` (0.0 where inputs do not matter).

    `run(case)` runs the reference on a case (in float64) and returns its observed
    values; `expected` holds the unperturbed reference values.
    """
    keys = list(keys)
    u = unit_roundoff(case.dtype)
    moved = dict.fromkeys(keys, 0.0)
    floats = {n: a for n, a in case.arrays.items() if a.base.dtype.kind == "f"}
    if not floats:
        return moved
    # Seeded by the case: the same run always gets the same bound.
    rng = np.random.default_rng((case.index, len(floats), 0x5EED))
    for _ in range(PROBES):
        arrays = dict(case.arrays)
        for name, a in floats.items():
            base = a.base.astype(np.float64)
            signs = rng.choice((-1.0, 1.0), size=base.shape)
            arrays[name] = replace(a, base=base * (1.0 + u * signs))
        seen = run(replace(case, arrays=arrays))
        if seen is None:
            continue
        for key in keys:
            value, exp = seen.get(key), expected.get(key)
            if not isinstance(value, np.ndarray) or not isinstance(exp, np.ndarray) or value.shape != exp.shape:
                continue
            diff = np.abs(value.astype(np.float64) - exp.astype(np.float64))
            finite = diff[np.isfinite(diff)]
            if finite.size:
                moved[key] = max(moved[key], float(finite.max()))
    factor = reduction_factor(case)
    return {key: factor * m for key, m in moved.items()}
