"""The `cases:` grammar of an exercise YAML: plain data in, a frozen CaseSet out.

Pure Python on purpose (no numpy): the content loader parses every exercise at start-up
and `quizapp --help` must stay light. Arrays are only *described* here; `generate.py`
turns the descriptions into numbers for one seed.

Shape of the grammar (see CASES_SCHEMA for the machine-readable form)::

    cases:
      samples: [CASE, ...]        # shown to the user with inputs and expected outputs
      hidden:  [CASE, ...]        # fixed edge cases, never shown
      random:  [CASE, ...]        # like hidden, dims/dtype drawn from the run's seed; `count`
      variants: [{id, hint, source}, ...]   # known wrong implementations, named as hints
      limits: {cpu_seconds, memory_mb}      # optional, overrides the contract's defaults

    CASE:
      name: "train: N={N} C={C}"   # {dim} and {dtype} are filled in
      dtype: float32 | float64     # random cases: a list to draw from
      dims: {N: 4, C: 3}           # random cases: a value or an inclusive [lo, hi] range
      arrays: {x: ARRAY, ...}      # referenced in steps as "$x"
      steps: [STEP, ...]

    ARRAY: {shape: [N, C, 5, 5], dtype?, dist: normal|uniform|const|integers, mean, std, low, high,
            value, values: nested list, layout: contiguous|transposed|strided}
           (dtype int64, for counts and the like: dist integers (low..high, inclusive),
            const or integral values)

    STEP (one key each):
      construct: {args: [...], kwargs: {...}}
      set: {attr: VALUE, ...}
      train / eval            (bare strings: set `training` to True / False)
      call: {method?: forward, args: [...], kwargs: {...}, outputs?: [dx, dgamma, dbeta]}
      read: [running_mean, running_var]

    VALUE: a number, true/false, null, "$array", a dim name (its int), other text,
           or a list of values (passed as a tuple).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

KeyPath = tuple[str | int, ...]

DTYPES = ("float32", "float64")
ARRAY_DTYPES = (*DTYPES, "int64")  # an input array may be integer (counts); a case's dtype may not
DISTS = ("normal", "uniform", "const", "integers")
LAYOUTS = ("contiguous", "transposed", "strided")
MODE_STEPS = ("train", "eval")

# Bounds a real exercise never nears (the shipped ones: 1,728 numbers in the largest array,
# 5 axes, 22 cases) and a hostile one always hits: the parent draws every input and runs the
# reference on it, outside the child's limits, so what a file may ask for is bounded here.
MAX_ARRAY_ELEMENTS = 1 << 20  # numbers in one input array, at its dims' largest
MAX_RUN_ELEMENTS = 1 << 24  # numbers in all the input arrays of one run together
MAX_NDIM = 8
MAX_CASES = 1_000  # listed cases, each random one counted `count` times
MAX_STEP_INT = 1 << 20  # a whole number passed to the entry point (it may size an array)


class CaseSpecErrors(Exception):
    """Every problem found in one `cases` value, each with its key path inside it."""

    def __init__(self, errors: list[tuple[KeyPath, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{'/'.join(map(str, p)) or '<cases>'}: {m}" for p, m in errors))


# The parsed grammar is immutable values. The two references stay dataclasses, so that
# ArrayRef("x") != DimRef("x"); the rest are NamedTuples, which cost a fifth as much to
# define (`quizapp grade` imports this module on its critical path).


@dataclass(frozen=True)
class ArrayRef:
    """`$name` in a step: the case's array of that name."""

    name: str


@dataclass(frozen=True)
class DimRef:
    """A dim name used as a value (e.g. `construct: {args: [C]}`)."""

    name: str


class ArraySpec(NamedTuple):
    """How to draw one input array: its shape (dims by name) and distribution."""

    shape: tuple[int | str, ...]
    dtype: str | None = None  # None: the case's dtype
    dist: str = "normal"
    mean: float = 0.0
    std: float = 1.0
    low: float = 0.0
    high: float = 1.0
    value: float = 0.0
    values: Any = None  # a literal nested list; overrides dist
    layout: str = "contiguous"


class Step(NamedTuple):
    """One action; `op` is construct | set | call | read (train/eval become `set training`)."""

    op: str
    args: tuple[Any, ...] = ()
    kwargs: tuple[tuple[str, Any], ...] = ()
    method: str | None = None
    outputs: tuple[str, ...] = ("output",)
    attrs: tuple[str, ...] = ()


class CaseSpec(NamedTuple):
    """One case as written: its steps, arrays and dims, for each of its dtypes."""

    name: str
    steps: tuple[Step, ...]
    arrays: tuple[tuple[str, ArraySpec], ...] = ()
    dims: tuple[tuple[str, int | tuple[int, int]], ...] = ()
    dtypes: tuple[str, ...] = ("float64",)
    count: int = 1


class Variant(NamedTuple):
    """A known wrong implementation; if a failing submission matches it, say so."""

    id: str
    hint: Mapping[str, str]
    source: str


class Limits(NamedTuple):
    """The CPU and memory budget of one run of the exercise's cases."""

    cpu_seconds: float = 10.0
    memory_mb: int = 1024


class CaseSet(NamedTuple):
    """An exercise's `cases:`, parsed: samples, hidden and random cases, variants and limits."""

    samples: tuple[CaseSpec, ...] = ()
    hidden: tuple[CaseSpec, ...] = ()
    random: tuple[CaseSpec, ...] = ()
    variants: tuple[Variant, ...] = ()
    limits: Limits = Limits()

    @property
    def constructs(self) -> bool:
        return any(s.op == "construct" for c in self.all_specs() for s in c.steps)

    def all_specs(self) -> tuple[CaseSpec, ...]:
        return self.samples + self.hidden + self.random

    @property
    def sets_training(self) -> bool:
        """Does any case flip `training` (a train/eval step or `set: {training: ...}`)?

        Only then is the mode part of what is graded, so only then do step labels name it:
        "forward (eval)" on a LayerNorm, which has no such mode, would mislead.
        """
        return any(
            s.op == "set" and any(k == "training" for k, _ in s.kwargs) for c in self.all_specs() for s in c.steps
        )


class _Parser:
    def __init__(self) -> None:
        self.errors: list[tuple[KeyPath, str]] = []
        self.run_cases = 0  # cases one run builds, so far
        self.run_elements = 0  # numbers in their input arrays, at most

    def err(self, at: KeyPath, message: str) -> None:
        self.errors.append((at, message))

    def mapping(self, raw: Any, at: KeyPath, allowed: set[str], what: str) -> dict[str, Any] | None:
        if not isinstance(raw, dict):
            self.err(at, f"{what} must be a mapping, got {_kind(raw)}")
            return None
        for key in raw:
            if key not in allowed:
                self.err((*at, str(key)), f"unknown key '{key}' in {what} (allowed: {', '.join(sorted(allowed))})")
        return raw

    def number(self, raw: Any, at: KeyPath, what: str, *, positive: bool = False) -> float | None:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            self.err(at, f"{what} must be a number, got {_kind(raw)}")
            return None
        if not _finite(raw):  # .nan or .inf: every comparison with it is false, every limit void
            self.err(at, f"{what} must be a finite number, got {raw!r}")
            return None
        if positive and raw <= 0:
            self.err(at, f"{what} must be positive, got {raw}")
            return None
        return float(raw)

    def integer(self, raw: Any, at: KeyPath, what: str, minimum: int = 1) -> int | None:
        if isinstance(raw, bool) or not isinstance(raw, int):
            self.err(at, f"{what} must be an integer, got {_kind(raw)}")
            return None
        if raw < minimum:
            self.err(at, f"{what} must be at least {minimum}, got {raw}")
            return None
        return raw

    def text(self, raw: Any, at: KeyPath, what: str) -> str | None:
        if not isinstance(raw, str) or not raw.strip():
            self.err(at, f"{what} must be non-empty text, got {_kind(raw)}")
            return None
        return raw

    # -- the top level ---------------------------------------------------------------

    def cases(self, raw: Any) -> CaseSet:
        data = self.mapping(raw, (), {"samples", "hidden", "random", "variants", "limits"}, "'cases'")
        if data is None:
            return CaseSet()
        sets: dict[str, tuple[CaseSpec, ...]] = {}
        for kind in ("samples", "hidden", "random"):
            items = data.get(kind, [])
            if not isinstance(items, list):
                self.err((kind,), f"'{kind}' must be a list of cases, got {_kind(items)}")
                items = []
            specs = [self.case(item, (kind, i), random=kind == "random") for i, item in enumerate(items)]
            sets[kind] = tuple(s for s in specs if s is not None)
        if not any(data.get(k) for k in ("hidden", "random")):
            self.err((), "'cases' needs at least one hidden or random case")
        names: dict[str, KeyPath] = {}
        for kind in ("samples", "hidden", "random"):
            items = data.get(kind)
            for i, item in enumerate(items if isinstance(items, list) else []):
                name = item.get("name") if isinstance(item, dict) else None
                if isinstance(name, str):
                    if name in names:
                        self.err((kind, i, "name"), f"duplicate case name '{name}'")
                    names[name] = (kind, i)
        if self.run_cases > MAX_CASES:
            many = f"{self.run_cases:,}"
            self.err((), f"a run would build {many} cases (random ones times their count), at most {MAX_CASES:,}")
        if self.run_elements > MAX_RUN_ELEMENTS:
            many = f"{self.run_elements:,}"
            self.err((), f"the cases' input arrays hold up to {many} numbers together, at most {MAX_RUN_ELEMENTS:,}")
        variants = self.variants(data.get("variants", []))
        limits = self.limits(data["limits"]) if "limits" in data else Limits()
        return CaseSet(sets["samples"], sets["hidden"], sets["random"], variants, limits)

    def limits(self, raw: Any) -> Limits:
        data = self.mapping(raw, ("limits",), {"cpu_seconds", "memory_mb"}, "'limits'")
        if data is None:
            return Limits()
        cpu = self.number(data.get("cpu_seconds", 10.0), ("limits", "cpu_seconds"), "cpu_seconds", positive=True)
        mem = self.integer(data.get("memory_mb", 1024), ("limits", "memory_mb"), "memory_mb", minimum=16)
        # The child is locked down before it knows its job, with these maxima.
        if cpu is not None and cpu > 20:
            self.err(("limits", "cpu_seconds"), "cpu_seconds must be at most 20 (a grade ends within 30 s)")
        if mem is not None and mem > 1024:
            self.err(("limits", "memory_mb"), "memory_mb must be at most 1024")
        return Limits(min(cpu or 10.0, 20.0), min(mem or 1024, 1024))

    def variants(self, raw: Any) -> tuple[Variant, ...]:
        if not isinstance(raw, list):
            self.err(("variants",), f"'variants' must be a list, got {_kind(raw)}")
            return ()
        out = []
        seen: set[str] = set()
        for i, item in enumerate(raw):
            at: KeyPath = ("variants", i)
            data = self.mapping(item, at, {"id", "hint", "source"}, "a variant")
            if data is None:
                continue
            vid = self.text(data.get("id"), (*at, "id"), "'id'")
            if vid in seen:
                self.err((*at, "id"), f"duplicate variant id '{vid}'")
            seen.add(vid or "")
            hint = self.hint(data.get("hint"), (*at, "hint"))
            source = self.text(data.get("source"), (*at, "source"), "'source'")
            if source is not None:
                try:
                    compile(source, f"<variant {vid}>", "exec")
                except SyntaxError as exc:
                    self.err((*at, "source"), f"variant source does not compile: {exc.msg} (line {exc.lineno})")
                    source = None
            if vid and hint and source:
                out.append(Variant(vid, hint, source))
        return tuple(out)

    def hint(self, raw: Any, at: KeyPath) -> dict[str, str] | None:
        if isinstance(raw, str) and raw.strip():
            return {"en": raw, "zh": raw}
        if isinstance(raw, dict) and raw and all(isinstance(v, str) for v in raw.values()):
            bad = [k for k in raw if k not in ("en", "zh")]
            for k in bad:
                self.err((*at, k), f"unknown language '{k}' (use en, zh)")
            return None if bad else dict(raw)
        self.err(at, f"'hint' must be text or {{en, zh}} texts, got {_kind(raw)}")
        return None

    # -- one case --------------------------------------------------------------------

    def case(self, raw: Any, at: KeyPath, *, random: bool) -> CaseSpec | None:
        allowed = {"name", "dtype", "dims", "arrays", "steps"} | ({"count"} if random else set())
        data = self.mapping(raw, at, allowed, "a case")
        if data is None:
            return None
        before = len(self.errors)
        name = self.text(data.get("name"), (*at, "name"), "'name'")
        dtypes = self.dtypes(data.get("dtype", "float64"), (*at, "dtype"), random)
        dims = self.dims(data.get("dims", {}), (*at, "dims"), random)
        raw_dims = data.get("dims", {})
        # Names of invalid dims count as declared too (a dim too large is one message, not one per use).
        dim_names = {d for d, _ in dims} | {d for d in raw_dims if isinstance(d, str) and isinstance(raw_dims, dict)}
        arrays = self.arrays(data.get("arrays", {}), (*at, "arrays"), dim_names)
        # Names of invalid specs count as declared: one mistake, one message.
        raw_arrays = data.get("arrays", {})
        declared = {a for a in raw_arrays if isinstance(a, str)} if isinstance(raw_arrays, dict) else set()
        steps = self.steps(data.get("steps"), (*at, "steps"), declared, dim_names)
        count = self.integer(data.get("count", 1), (*at, "count"), "'count'") if random else 1
        if name is not None:
            self._check_placeholders(name, dim_names, (*at, "name"))
        if count is not None:
            self.run_cases += count
            self._check_sizes(arrays, dims, count, at)
        if len(self.errors) > before or name is None or count is None:
            return None
        return CaseSpec(name, steps, arrays, dims, dtypes, count)

    def _check_placeholders(self, name: str, dim_names: set[str], at: KeyPath) -> None:
        """`{N}` and `{dtype}` only: a format spec (`{N:>999999999}`) would build any text at all."""
        import string

        try:
            fields = [(f, spec, conv) for _text, f, spec, conv in string.Formatter().parse(name) if f is not None]
        except ValueError as exc:
            self.err(at, f"'name' is not a valid template: {exc}")
            return
        for field_name, spec, conv in fields:
            if field_name not in dim_names | {"dtype"}:
                self.err(at, f"'name' has an unknown placeholder '{{{field_name}}}' (use dims or {{dtype}})")
            elif spec or conv:
                self.err(at, f"'name' placeholders take no format: write '{{{field_name}}}'")

    def _check_sizes(
        self, arrays: tuple[tuple[str, ArraySpec], ...], dims: tuple[tuple[str, int | tuple[int, int]], ...],
        count: int, at: KeyPath,
    ) -> None:
        """Each array within MAX_ARRAY_ELEMENTS at its dims' largest, `values` the shape they fill."""
        largest = {d: v[1] if isinstance(v, tuple) else v for d, v in dims}
        ranged = {d for d, v in dims if isinstance(v, tuple) and v[0] != v[1]}
        for name, spec in arrays:
            where = (*at, "arrays", name)
            if any(isinstance(d, str) and d not in largest for d in spec.shape):
                continue  # an undeclared dim: reported already
            sizes = [largest[d] if isinstance(d, str) else d for d in spec.shape]
            elements = math.prod(sizes)
            if elements > MAX_ARRAY_ELEMENTS:
                many = f"{elements:,}"
                self.err((*where, "shape"), f"the array holds up to {many} numbers, at most {MAX_ARRAY_ELEMENTS:,}")
                continue
            self.run_elements += count * elements
            if spec.values is None:
                continue
            if any(d in ranged for d in spec.shape):
                self.err((*where, "values"), "'values' need a fixed shape; a dim of this shape is a range")
                continue
            found = _nested_shape(spec.values)
            if found is None:
                self.err((*where, "values"), "'values' must be a rectangular nested list (rows of equal length)")
            elif math.prod(found) != elements:
                self.err(
                    (*where, "values"),
                    f"'values' hold {math.prod(found):,} numbers, the shape {tuple(sizes)} takes {elements:,}",
                )

    def dtypes(self, raw: Any, at: KeyPath, random: bool) -> tuple[str, ...]:
        items = raw if random and isinstance(raw, list) else [raw]
        if not items:
            self.err(at, "'dtype' list is empty")
        for item in items:
            if item not in DTYPES:
                self.err(at, f"'dtype' must be one of {', '.join(DTYPES)}, got {item!r}")
        return tuple(items)

    def dims(self, raw: Any, at: KeyPath, random: bool) -> tuple[tuple[str, int | tuple[int, int]], ...]:
        if not isinstance(raw, dict):
            self.err(at, f"'dims' must map names to sizes, got {_kind(raw)}")
            return ()
        out: list[tuple[str, int | tuple[int, int]]] = []
        for key, value in raw.items():
            where = (*at, str(key))
            if not isinstance(key, str) or not key.isidentifier() or key in ("dtype",):
                self.err(where, f"dim name {key!r} must be an identifier other than 'dtype'")
                continue
            if random and isinstance(value, list):
                if len(value) != 2:
                    self.err(where, "a dim range must be [low, high]")
                    continue
                lo = self.integer(value[0], (*where, 0), "range low")
                hi = self.integer(value[1], (*where, 1), "range high")
                if lo is not None and hi is not None:
                    if hi > MAX_ARRAY_ELEMENTS:
                        self.err(where, f"dim '{key}' is at most {MAX_ARRAY_ELEMENTS:,}, got {hi:,}")
                    elif lo > hi:
                        self.err(where, f"empty dim range [{lo}, {hi}]")
                    else:
                        out.append((key, (lo, hi)))
                continue
            size = self.integer(value, where, f"dim '{key}'")
            if size is not None and size > MAX_ARRAY_ELEMENTS:
                self.err(where, f"dim '{key}' is at most {MAX_ARRAY_ELEMENTS:,}, got {size:,}")
            elif size is not None:
                out.append((key, size))
        return tuple(out)

    def arrays(self, raw: Any, at: KeyPath, dim_names: set[str]) -> tuple[tuple[str, ArraySpec], ...]:
        if not isinstance(raw, dict):
            self.err(at, f"'arrays' must map names to array specs, got {_kind(raw)}")
            return ()
        out = []
        for key, value in raw.items():
            where = (*at, str(key))
            if not isinstance(key, str) or not key.isidentifier():
                self.err(where, f"array name {key!r} must be an identifier")
                continue
            spec = self.array(value, where, dim_names)
            if spec is not None:
                out.append((key, spec))
        return tuple(out)

    def array(self, raw: Any, at: KeyPath, dim_names: set[str]) -> ArraySpec | None:
        keys = {"shape", "dtype", "dist", "mean", "std", "low", "high", "value", "values", "layout"}
        data = self.mapping(raw, at, keys, "an array spec")
        if data is None:
            return None
        before = len(self.errors)
        shape: list[int | str] = []
        raw_shape = data.get("shape")
        if not isinstance(raw_shape, list) or not raw_shape:
            self.err((*at, "shape"), f"'shape' must be a non-empty list of sizes or dim names, got {_kind(raw_shape)}")
        else:
            for i, d in enumerate(raw_shape):
                if isinstance(d, str):
                    if d not in dim_names:
                        self.err((*at, "shape", i), f"unknown dim '{d}' (declare it under 'dims')")
                    shape.append(d)
                else:
                    size = self.integer(d, (*at, "shape", i), "a size")
                    shape.append(size or 1)
            if len(raw_shape) > MAX_NDIM:
                self.err((*at, "shape"), f"'shape' has {len(raw_shape)} axes, at most {MAX_NDIM}")
        dtype = data.get("dtype")
        if dtype is not None and dtype not in ARRAY_DTYPES:
            self.err((*at, "dtype"), f"'dtype' must be one of {', '.join(ARRAY_DTYPES)}, got {dtype!r}")
        dist = data.get("dist", "normal")
        if dist not in DISTS:
            self.err((*at, "dist"), f"'dist' must be one of {', '.join(DISTS)}, got {dist!r}")
        layout = data.get("layout", "contiguous")
        if layout not in LAYOUTS:
            self.err((*at, "layout"), f"'layout' must be one of {', '.join(LAYOUTS)}, got {layout!r}")
        elif layout == "transposed" and len(shape) < 2:
            self.err((*at, "layout"), "a transposed layout needs at least 2 axes")
        nums = {}
        for key, default in (("mean", 0.0), ("std", 1.0), ("low", 0.0), ("high", 1.0), ("value", 0.0)):
            nums[key] = self.number(data.get(key, default), (*at, key), f"'{key}'")
        if nums["std"] is not None and nums["std"] < 0:
            self.err((*at, "std"), "'std' must not be negative")
        values = data.get("values")
        if values is not None and not _is_numeric_nested(values):
            self.err((*at, "values"), "'values' must be a nested list of numbers")
        if dist == "integers" and values is None:
            for key in ("low", "high"):
                if nums[key] is not None and not nums[key].is_integer():
                    self.err((*at, key), f"'{key}' of an integers distribution must be a whole number")
            if None not in (nums["low"], nums["high"]) and nums["low"] > nums["high"]:  # type: ignore[operator]
                self.err(at, "an integers distribution needs low <= high")
        if dtype == "int64":
            self._check_integral(data, dist, values, nums["value"], at)
        if len(self.errors) > before:
            return None
        return ArraySpec(tuple(shape), dtype, dist, layout=layout, values=values, **nums)  # type: ignore[arg-type]

    def _check_integral(self, data: dict[str, Any], dist: Any, values: Any, value: float | None, at: KeyPath) -> None:
        """An int64 array is drawn exactly: no normal or uniform floats to truncate silently."""
        if values is not None:
            if _is_numeric_nested(values) and not _all_integral(values):
                self.err((*at, "values"), "the 'values' of an int64 array must be whole numbers")
        elif dist not in ("integers", "const"):
            self.err((*at, "dist"), f"an int64 array needs dist 'integers' or 'const' (or 'values'), got {dist!r}")
        elif dist == "const" and value is not None and not value.is_integer():
            self.err((*at, "value"), "the 'value' of an int64 array must be a whole number")

    # -- steps -----------------------------------------------------------------------

    def steps(self, raw: Any, at: KeyPath, arrays: set[str], dims: set[str]) -> tuple[Step, ...]:
        if not isinstance(raw, list) or not raw:
            self.err(at, f"'steps' must be a non-empty list, got {_kind(raw)}")
            return ()
        out: list[Step] = []
        for i, item in enumerate(raw):
            step = self.step(item, (*at, i), arrays, dims)
            if step is not None:
                out.append(step)
        constructs = [i for i, s in enumerate(out) if s.op == "construct"]
        if constructs and constructs != [0]:
            self.err(at, "'construct' may appear once, as the first step")
        if not constructs and any(s.op in ("set", "read") or s.method for s in out):
            self.err(at, "set/read/train/eval/method calls need a 'construct' step first")
        if constructs and any(s.op == "call" and not s.method for s in out):
            self.err(at, "a call without 'method' calls a function entry; it cannot follow 'construct'")
        if out and not any(s.op in ("call", "read") for s in out):
            self.err(at, "a case needs at least one 'call' or 'read' step (something to compare)")
        return tuple(out)

    def step(self, raw: Any, at: KeyPath, arrays: set[str], dims: set[str]) -> Step | None:
        if raw in MODE_STEPS:
            return Step("set", kwargs=(("training", raw == "train"),))
        ops = {"construct", "set", "call", "read"}
        if not isinstance(raw, dict) or len(raw) != 1:
            self.err(at, "a step must be 'train', 'eval' or a mapping with one of: " + ", ".join(sorted(ops)))
            return None
        ((op, body),) = raw.items()
        where = (*at, str(op))
        if op == "construct":
            data = self.mapping(body if body is not None else {}, where, {"args", "kwargs"}, "'construct'")
            if data is None:
                return None
            return Step(
                "construct",
                args=self.values(data.get("args", []), (*where, "args"), arrays, dims),
                kwargs=self.kwargs(data.get("kwargs", {}), (*where, "kwargs"), arrays, dims),
            )
        if op == "set":
            kwargs = self.kwargs(body, where, arrays, dims)
            if not kwargs and isinstance(body, dict):
                self.err(where, "'set' needs at least one attribute")
            return Step("set", kwargs=kwargs)
        if op == "call":
            data = self.mapping(body, where, {"method", "args", "kwargs", "outputs"}, "'call'")
            if data is None:
                return None
            method = data.get("method")
            if method is not None and not (isinstance(method, str) and method.isidentifier()):
                self.err((*where, "method"), f"'method' must be a name, got {method!r}")
            outputs = data.get("outputs", ["output"])
            if (
                not isinstance(outputs, list)
                or not outputs
                or not all(isinstance(o, str) and o.isidentifier() for o in outputs)
                or len(set(outputs)) != len(outputs)
            ):
                self.err((*where, "outputs"), "'outputs' must be a list of distinct names")
                outputs = ["output"]
            return Step(
                "call",
                args=self.values(data.get("args", []), (*where, "args"), arrays, dims),
                kwargs=self.kwargs(data.get("kwargs", {}), (*where, "kwargs"), arrays, dims),
                method=method,
                outputs=tuple(outputs),
            )
        if op == "read":
            names = [body] if isinstance(body, str) else body
            if (
                not isinstance(names, list)
                or not names
                or not all(isinstance(n, str) and n.isidentifier() for n in names)
            ):
                self.err(where, "'read' must be an attribute name or a list of them")
                return None
            return Step("read", attrs=tuple(names))
        self.err(at, f"unknown step '{op}' (use one of: {', '.join(sorted(ops | set(MODE_STEPS)))})")
        return None

    def kwargs(self, raw: Any, at: KeyPath, arrays: set[str], dims: set[str]) -> tuple[tuple[str, Any], ...]:
        if not isinstance(raw, dict):
            self.err(at, f"expected a mapping of names to values, got {_kind(raw)}")
            return ()
        out = []
        for key, value in raw.items():
            if not isinstance(key, str) or not key.isidentifier():
                self.err((*at, str(key)), f"{key!r} is not a valid name")
                continue
            out.append((key, self.value(value, (*at, key), arrays, dims)))
        return tuple(out)

    def values(self, raw: Any, at: KeyPath, arrays: set[str], dims: set[str]) -> tuple[Any, ...]:
        if not isinstance(raw, list):
            self.err(at, f"'args' must be a list, got {_kind(raw)}")
            return ()
        return tuple(self.value(v, (*at, i), arrays, dims) for i, v in enumerate(raw))

    def value(self, raw: Any, at: KeyPath, arrays: set[str], dims: set[str]) -> Any:
        if isinstance(raw, str):
            if raw.startswith("$"):
                if raw[1:] not in arrays:
                    self.err(at, f"unknown array '{raw}' (declare it under 'arrays')")
                return ArrayRef(raw[1:])
            return DimRef(raw) if raw in dims else raw
        if isinstance(raw, list):
            return tuple(self.value(v, (*at, i), arrays, dims) for i, v in enumerate(raw))
        if isinstance(raw, float) and not _finite(raw):
            self.err(at, f"a number must be finite, got {raw!r}")
            return None
        if isinstance(raw, int) and not isinstance(raw, bool) and abs(raw) > MAX_STEP_INT:
            self.err(at, f"a whole number here is at most {MAX_STEP_INT:,} (it may size an array), got {raw:,}")
            return None
        if raw is None or isinstance(raw, bool | int | float):
            return raw
        self.err(at, f"a value must be a number, true/false, null, text or a list, got {_kind(raw)}")
        return None


def _is_numeric_nested(raw: Any) -> bool:
    if isinstance(raw, list):
        return bool(raw) and all(_is_numeric_nested(v) for v in raw)
    return isinstance(raw, int | float) and not isinstance(raw, bool) and _finite(raw)


def _finite(number: float) -> bool:
    try:
        return math.isfinite(number)
    except OverflowError:  # an int too large for a float
        return False


def _nested_shape(raw: Any) -> tuple[int, ...] | None:
    """The shape of a rectangular nested list of numbers (() for a number), else None."""
    if not isinstance(raw, list):
        return ()
    shapes = {_nested_shape(v) for v in raw}
    if len(shapes) != 1 or None in shapes:
        return None
    return (len(raw), *shapes.pop())


def _all_integral(raw: Any) -> bool:
    if isinstance(raw, list):
        return all(_all_integral(v) for v in raw)
    return float(raw).is_integer()


def _kind(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", str: "text", bool: "true/false", type(None): "nothing"}
    return names.get(type(value), type(value).__name__)


def parse_cases(data: object) -> CaseSet:
    """Parse the plain `cases` value of an exercise; raise CaseSpecErrors listing every problem."""
    parser = _Parser()
    result = parser.cases(data)
    if parser.errors:
        raise CaseSpecErrors(parser.errors)
    return result


_NUM = {"type": "number"}
_VALUE: dict[str, Any] = {
    "description": "number, true/false, null, '$array', a dim name, text, or a list of values",
    "anyOf": [
        {"type": ["number", "boolean", "null", "string"]},
        # No $ref: the lead embeds this fragment anywhere in content/schema.json.
        {"type": "array", "items": {"type": ["number", "boolean", "null", "string", "array"]}},
    ],
}
_ARGS = {"type": "array", "items": _VALUE}
_KWARGS = {"type": "object", "additionalProperties": _VALUE}
_ARRAY = {
    "type": "object",
    "additionalProperties": False,
    "required": ["shape"],
    "properties": {
        "shape": {"type": "array", "minItems": 1, "items": {"type": ["integer", "string"]}},
        "dtype": {"enum": list(ARRAY_DTYPES)},
        "dist": {"enum": list(DISTS)},
        "mean": _NUM,
        "std": _NUM,
        "low": _NUM,
        "high": _NUM,
        "value": _NUM,
        "values": {"type": "array"},
        "layout": {"enum": list(LAYOUTS)},
    },
}
_STEP = {
    "oneOf": [
        {"enum": list(MODE_STEPS)},
        {
            "type": "object",
            "additionalProperties": False,
            "minProperties": 1,
            "maxProperties": 1,
            "properties": {
                "construct": {
                    "type": ["object", "null"],
                    "additionalProperties": False,
                    "properties": {"args": _ARGS, "kwargs": _KWARGS},
                },
                "set": _KWARGS,
                "call": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "method": {"type": "string"},
                        "args": _ARGS,
                        "kwargs": _KWARGS,
                        "outputs": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                    },
                },
                "read": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
            },
        },
    ]
}


def _case_schema(random: bool) -> dict[str, Any]:
    props: dict[str, Any] = {
        "name": {"type": "string"},
        "dtype": {"enum": list(DTYPES)},
        "dims": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1}},
        "arrays": {"type": "object", "additionalProperties": _ARRAY},
        "steps": {"type": "array", "minItems": 1, "items": _STEP},
    }
    if random:
        props["dtype"] = {"anyOf": [{"enum": list(DTYPES)}, {"type": "array", "items": {"enum": list(DTYPES)}}]}
        props["dims"] = {
            "type": "object",
            "additionalProperties": {
                "anyOf": [
                    {"type": "integer", "minimum": 1},
                    {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 2, "maxItems": 2},
                ]
            },
        }
        props["count"] = {"type": "integer", "minimum": 1}
    return {"type": "object", "additionalProperties": False, "required": ["name", "steps"], "properties": props}


CASES_SCHEMA: dict[str, Any] = {
    "description": "Grading cases: samples (shown), hidden and random cases, known wrong variants.",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "samples": {"type": "array", "items": _case_schema(False)},
        "hidden": {"type": "array", "items": _case_schema(False)},
        "random": {"type": "array", "items": _case_schema(True)},
        "variants": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "hint", "source"],
                "properties": {
                    "id": {"type": "string"},
                    "hint": {
                        "anyOf": [
                            {"type": "string"},
                            {
                                "type": "object",
                                "additionalProperties": False,
                                "properties": {"en": {"type": "string"}, "zh": {"type": "string"}},
                            },
                        ]
                    },
                    "source": {"type": "string"},
                },
            },
        },
        "limits": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "cpu_seconds": {"type": "number", "exclusiveMinimum": 0, "maximum": 20},
                "memory_mb": {"type": "integer", "minimum": 16, "maximum": 1024},
            },
        },
    },
}
