"""Concrete cases for one run: dims, dtypes and arrays drawn from the run's seed.

Every number comes from `numpy.random.default_rng((seed, kind, spec, instance))`, so a
case is reproducible from the seed in the report alone, and adding a case does not
change the arrays of the others.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from quizapp.grading.casespec import ArrayRef, ArraySpec, CaseSet, CaseSpec, DimRef, Step

_KIND_CODES = {"samples": 0, "hidden": 1, "random": 2}


def fresh_seed() -> int:
    """A new seed for a run: small enough to type back with --seed."""
    # os.urandom, not the secrets module: that imports hashlib (OpenSSL), ~4 ms of `grade`.
    return int.from_bytes(os.urandom(4), "little") % 2**31


@dataclass
class InputArray:
    """An input as sent to the child: a C-contiguous base plus the view to take of it.

    A layout such as a transposed view cannot survive a trip through `.npy` (np.save
    writes a contiguous copy), so the child rebuilds the view from the base.
    """

    base: np.ndarray
    view: str = "contiguous"

    def value(self, dtype: np.dtype | None = None) -> np.ndarray:
        """The input as the submission sees it; `dtype` recasts float inputs (integers stay exact)."""
        base = self.base if dtype is None or self.base.dtype.kind != "f" else self.base.astype(dtype)
        return take_view(base, self.view)


def take_view(base: np.ndarray, view: str) -> np.ndarray:
    """The same function the child harness applies (kept in sync: see harness._take_view)."""
    if view == "transposed":
        return base.swapaxes(-1, -2)
    if view == "strided":
        return base[..., ::2]
    return base


@dataclass
class Case:
    """A concrete case of one run: its dims, dtype, input arrays and protocol steps."""

    index: int
    name: str
    hidden: bool
    dtype: str
    arrays: dict[str, InputArray]
    steps: list[dict[str, Any]]  # protocol steps (JSON-able), see harness.run_case
    kind: str = "hidden"  # samples | hidden | random
    dims: dict[str, int] = field(default_factory=dict)
    # Label calls "(train)"/"(eval)": the exercise's cases flip `training` somewhere
    # (CaseSet.sets_training), decided for the whole set so samples-only runs label alike.
    modes: bool = False


def build_cases(case_set: CaseSet, seed: int, *, samples_only: bool = False) -> list[Case]:
    """Samples first, then fixed hidden cases, then the random ones, in report order."""
    out: list[Case] = []
    groups: list[tuple[str, tuple[CaseSpec, ...]]] = [("samples", case_set.samples)]
    if not samples_only:
        groups += [("hidden", case_set.hidden), ("random", case_set.random)]
    for kind, specs in groups:
        for s, spec in enumerate(specs):
            for instance in range(spec.count):
                rng = np.random.default_rng((seed, _KIND_CODES[kind], s, instance))
                out.append(_instantiate(spec, kind, len(out), rng))
    modes = case_set.sets_training
    for case in out:
        case.modes = modes
    return out


def _instantiate(spec: CaseSpec, kind: str, index: int, rng: np.random.Generator) -> Case:
    dims: dict[str, int] = {}
    for name, size in spec.dims:
        dims[name] = int(rng.integers(size[0], size[1] + 1)) if isinstance(size, tuple) else size
    dtype = spec.dtypes[int(rng.integers(len(spec.dtypes)))] if len(spec.dtypes) > 1 else spec.dtypes[0]
    arrays = {name: make_array(a, dims, dtype, rng) for name, a in spec.arrays}
    name = spec.name.format(dtype=dtype, **dims) if kind == "random" else spec.name
    steps = [_step_json(step, dims) for step in spec.steps]
    return Case(index, name, kind != "samples", dtype, arrays, steps, kind, dims)


def make_array(spec: ArraySpec, dims: dict[str, int], case_dtype: str, rng: np.random.Generator) -> InputArray:
    dtype = np.dtype(spec.dtype or case_dtype)
    shape = tuple(dims[d] if isinstance(d, str) else d for d in spec.shape)
    if spec.values is not None:
        logical = np.array(spec.values, dtype=np.float64 if dtype.kind == "f" else dtype).reshape(shape)
    elif spec.dist == "uniform":
        logical = rng.uniform(spec.low, spec.high, size=shape)
    elif spec.dist == "const":
        logical = np.full(shape, spec.value)
    elif spec.dist == "integers":
        logical = rng.integers(int(spec.low), int(spec.high), size=shape, endpoint=True)
    else:
        logical = rng.normal(spec.mean, spec.std, size=shape)
    logical = logical.astype(dtype)
    if spec.layout == "transposed":
        return InputArray(np.ascontiguousarray(logical.swapaxes(-1, -2)), "transposed")
    if spec.layout == "strided":
        # The gaps hold NaN: a submission that somehow reads past the view shows it.
        base = np.full((*shape[:-1], 2 * shape[-1]), np.nan, dtype=dtype)
        base[..., ::2] = logical
        return InputArray(base, "strided")
    return InputArray(np.ascontiguousarray(logical))


def _value_json(value: Any, dims: dict[str, int]) -> Any:
    if isinstance(value, ArrayRef):
        return {"$array": value.name}
    if isinstance(value, DimRef):
        return dims[value.name]
    if isinstance(value, tuple):
        return {"$tuple": [_value_json(v, dims) for v in value]}
    return value


def _step_json(step: Step, dims: dict[str, int]) -> dict[str, Any]:
    kwargs = {k: _value_json(v, dims) for k, v in step.kwargs}
    if step.op == "construct":
        return {"op": "construct", "args": [_value_json(v, dims) for v in step.args], "kwargs": kwargs}
    if step.op == "set":
        return {"op": "set", "attrs": kwargs}
    if step.op == "read":
        return {"op": "read", "attrs": list(step.attrs)}
    return {
        "op": "call",
        "method": step.method,
        "args": [_value_json(v, dims) for v in step.args],
        "kwargs": kwargs,
        "outputs": list(step.outputs),
    }
