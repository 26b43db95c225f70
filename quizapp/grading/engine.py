"""Grade one submission: build the cases, run the reference here and the submission in a
child, compare every observable, and turn measured facts into verdicts.

The expected values never leave this process; the child gets the source, the steps and
the input arrays only.
"""

from __future__ import annotations

import functools
import os
import signal
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from quizapp.grading import npyfile
from quizapp.grading.bound import rounding_slack
from quizapp.grading.casespec import CaseSet
from quizapp.grading.compare import Foreign, check
from quizapp.grading.diagnose import CRASH, Failure, VariantRunner, diagnose_run
from quizapp.grading.events import safe_text
from quizapp.grading.generate import Case, build_cases, fresh_seed
from quizapp.grading.harness import StepFailed, run_case, split_outputs
from quizapp.grading.messages import Text, concat, interface_text, join, text
from quizapp.grading.report import CaseResult, GradeReport, run_verdict
from quizapp.grading.runner import Child, Outcome
from quizapp.oracle import load_reference

WALL_MARGIN = 5.0  # seconds of wall clock beyond the CPU budget before the backstop fires
WALL_CAP = 24.0  # a whole `grade` run must end within 30 s


class Tol(Protocol):
    atol: float
    rtol: float


class EntryLike(Protocol):
    name: str
    kind: str


class ExerciseLike(Protocol):
    """What grading needs of the content model's Exercise."""

    id: str
    entry: EntryLike
    reference: str
    starter: str
    tolerance: Mapping[str, Any]
    cases: CaseSet


@dataclass
class Observable:
    """One thing the child reports and the parent compares (an output or an attribute)."""

    step: int
    slot: int
    label: str
    dtype: np.dtype | None  # exact dtype for outputs, None for attributes (any float)
    expected: np.ndarray | None = None


@dataclass
class Expected:
    """The reference's run of one case."""

    observables: list[Observable] = field(default_factory=list)
    error: str = ""  # the reference itself failed: a judge error


# -- labels and interface ---------------------------------------------------------------


def observables(case: Case, entry_name: str) -> list[Observable]:
    """Every value a case compares, with the label its messages use."""
    out: list[Observable] = []
    training, called = True, False
    for j, step in enumerate(case.steps):
        op = step["op"]
        if op == "set" and "training" in step["attrs"]:
            training = bool(step["attrs"]["training"])
        elif op == "call":
            dtype = _call_dtype(case, step)
            head = _step_label(case, j, entry_name)
            for k, name in enumerate(step["outputs"]):
                out.append(Observable(j, k, text("value_of", step=head, name=name), dtype))
            called = True
        elif op == "read":
            # "step 5 running_mean (after train)": the same step numbers as the calls'.
            after = ""
            if not called:
                after = text("after_construction")
            elif case.modes:
                after = text("after_train" if training else "after_eval")
            for k, name in enumerate(step["attrs"]):
                out.append(Observable(j, k, concat(text("step", n=j + 1, what=name), after), None))
    return out


def _call_dtype(case: Case, step: dict[str, Any]) -> np.dtype:
    """The dtype a call's outputs must have: that of its float inputs (an integer input,
    such as per-device counts, does not promote float32 results to float64)."""
    dtypes = [case.arrays[v["$array"]].base.dtype for v in step["args"] if isinstance(v, dict) and "$array" in v]
    floats = [d for d in dtypes if d.kind == "f"]
    return np.result_type(*floats) if floats else np.dtype(case.dtype)


def interface(cases: list[Case]) -> dict[str, Any]:
    """How the cases will call the entry point, so the child can check signatures first."""
    construct: set[tuple[int, tuple[str, ...]]] = set()
    methods: dict[str, set[tuple[int, tuple[str, ...]]]] = {}
    calls: set[tuple[int, tuple[str, ...]]] = set()
    for case in cases:
        for step in case.steps:
            pattern = (len(step.get("args", [])), tuple(sorted(step.get("kwargs", {}))))
            if step["op"] == "construct":
                construct.add(pattern)
            elif step["op"] == "call" and step.get("method"):
                methods.setdefault(step["method"], set()).add(pattern)
            elif step["op"] == "call":
                calls.add(pattern)
    as_list = lambda ps: [[n, list(k)] for n, k in sorted(ps)]  # noqa: E731
    return {
        "construct": as_list(construct),
        "methods": {m: as_list(p) for m, p in methods.items()},
        "calls": as_list(calls),
    }


# -- the reference ----------------------------------------------------------------------


def run_target(target: Any, case: Case, obs: list[Observable], *, upcast: bool = True) -> dict[tuple[int, int], Any]:
    """Run trusted `target` here, in float64 unless told otherwise.

    CONTRACT section 5: expected values for float32 inputs are computed in float64 and cast.
    """
    arrays = {name: a.value(np.float64 if upcast else None) for name, a in case.arrays.items()}
    seen: dict[tuple[int, int], Any] = {}

    # Snapshot each value when it is observed, as the child does by writing it out at
    # once: a target that updates its buffers in place (`self.running_mean[c] = ...`)
    # would otherwise rewrite an earlier read by the end of the case.
    def on_result(j: int, step: dict[str, Any], result: Any) -> None:
        outputs = split_outputs(result, len(step["outputs"]))
        for k, value in enumerate(outputs or []):
            seen[(j, k)] = _snapshot(value)

    def on_read(j: int, k: int, value: Any) -> None:
        seen[(j, k)] = _snapshot(value)

    try:
        run_case(target, case.steps, arrays, on_result, on_read, lambda j, changed: None, check_inputs=False)
    except StepFailed as failed:
        failed.seen = seen  # type: ignore[attr-defined] - what was observed before it failed
        raise
    return seen


def _snapshot(value: Any) -> Any:
    return value.copy() if isinstance(value, np.ndarray) else value


def expected_for(reference: Any, case: Case, entry_name: str) -> Expected:
    obs = observables(case, entry_name)
    try:
        seen = run_target(reference, case, obs)
    except StepFailed as failed:
        return Expected(obs, text("reference_failed", n=failed.index + 1, error=repr(failed.__cause__)))
    for o in obs:
        value = seen.get((o.step, o.slot))
        if not isinstance(value, np.ndarray):
            return Expected(obs, text("reference_no_array", label=o.label))
        o.expected = value.astype(o.dtype) if o.dtype is not None else np.asarray(value, dtype=np.float64)
    return Expected(obs)


# -- running a grade ----------------------------------------------------------------------


def grade(
    exercise: ExerciseLike,
    source: str,
    *,
    samples_only: bool = False,
    seed: int | None = None,
    filename: str = "solution.py",
    child: Child | None = None,
    reference: Any = None,
) -> GradeReport:
    """Grade `source` against the exercise's cases (samples only for the TUI's "Run")."""
    started = time.monotonic()
    if child is not None and not child.alive():
        child.discard()  # it died before its job (its scratch folder and pipes go with it)
        child = None
    seed = fresh_seed() if seed is None else seed
    try:
        child = child if child is not None else Child()
    except OSError as exc:  # out of processes, or no interpreter to start: the grader's failure
        report = GradeReport(exercise.id, "judge_error", [], seed=seed)
        report.message = text("no_child", detail=safe_text(str(exc), 300))
        return report
    try:
        case_set: CaseSet = exercise.cases
        cases = build_cases(case_set, seed, samples_only=samples_only)
        limits = case_set.limits
        job = build_job(exercise, source, cases, filename, child.in_dir)
        child.start(job)
        # The child works while we compute what it should find.
        ref = reference if reference is not None else load_reference(exercise.reference)
        expected = [expected_for(ref, c, exercise.entry.name) for c in cases]
        outcome = child.wait(min(limits.cpu_seconds + WALL_MARGIN, WALL_CAP))
        report = judge(exercise, cases, expected, outcome, seed, job["filename"], samples_only, reference=ref)
    except Exception as exc:  # noqa: BLE001 - the grader's own failure: a verdict, never a crash
        report = GradeReport(exercise.id, "judge_error", [], seed=seed)
        report.message = text("grader_crashed", detail=f"{type(exc).__name__}: {safe_text(str(exc), 300)}")
    finally:
        child.discard()
    report.time_ms = round((time.monotonic() - started) * 1000)
    return report


def build_job(
    exercise: ExerciseLike,
    source: str,
    cases: list[Case],
    filename: str,
    in_dir: Path,
    cpu_seconds: float | None = None,
) -> dict[str, Any]:
    """What the child needs for a run: the source, how it is called, limits, and the inputs (in `in_dir`)."""
    limits = exercise.cases.limits
    return {
        "source": source,
        "filename": os.path.basename(filename) or "solution.py",
        "entry": {"name": exercise.entry.name, "kind": exercise.entry.kind},
        "interface": interface(cases),
        "limits": {"cpu_seconds": cpu_seconds or limits.cpu_seconds, "memory_bytes": limits.memory_mb * 2**20},
        "cases": _cases_job(cases, in_dir / "inputs.npys"),
    }


def _cases_job(cases: list[Case], path: Path) -> list[dict[str, Any]]:
    """Write every input array's bytes (C order) into one file; the job says where and what.

    Raw bytes described in the job rather than .npy records: both ends are ours and
    trusted at this point (the child reads them before the submission exists), and
    numpy's .npy reader parses each header with ast.literal_eval, a cost the child would
    pay on the clock.
    """
    out = []
    with open(path, "wb") as f:
        for case in cases:
            refs = {}
            for name, arr in case.arrays.items():
                base = np.ascontiguousarray(arr.base)
                refs[name] = {"start": f.tell(), "dtype": base.dtype.str, "shape": list(base.shape), "view": arr.view}
                f.write(base.tobytes())
            out.append({"steps": case.steps, "arrays": refs})
    return out


# -- verdicts ------------------------------------------------------------------------------


def _by_case(events: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for e in events:
        if isinstance(e.get("case"), int):
            out.setdefault(e["case"], []).append(e)
    return out


def refused_text(error: dict[str, Any]) -> Text | str:
    """What the sandbox refused, worded by the parent in both languages (issue 14).

    The child only names the call (sandbox/refusals.py; events.py checks its shape);
    a forged name can only mislabel the submission's own failure."""
    call = error.get("refused")
    if call == "*":
        return text("refused_unknown")
    return text("refused_call", call=call) if isinstance(call, str) and call else ""


def _fatal(outcome: Outcome, cpu_limit: float, memory_bytes: int) -> tuple[str, str] | None:
    """How the process ended, if not normally, judged over its whole life: (verdict, message).

    Measured by the parent (issue 14): output byte counts, wall clock, CPU time from
    wait4's rusage minus what was used before "go", peak memory likewise. What the
    child does after its last case counts as much as what it does in one.
    """
    if outcome.output_exceeded:
        return "output_limit_exceeded", text("output_limit", stream=outcome.output_exceeded)
    if outcome.timed_out:
        return "time_limit_exceeded", text("wall_time", s=f"{outcome.wall_seconds:.1f}")
    if outcome.cpu_seconds - outcome.cpu_at_go >= cpu_limit:
        return "time_limit_exceeded", text("cpu_time", s=f"{cpu_limit:g}")
    if outcome.max_rss and outcome.max_rss - outcome.rss_at_go > memory_bytes:
        return "memory_limit_exceeded", text("memory_used", mib=memory_bytes // 2**20)
    if outcome.signal is not None:
        if outcome.signal in (signal.SIGXCPU, signal.SIGKILL) and outcome.cpu_seconds >= cpu_limit * 0.95:
            return "time_limit_exceeded", text("cpu_time", s=f"{cpu_limit:g}")
        name = (
            signal.Signals(outcome.signal).name
            if outcome.signal in signal.Signals._value2member_map_
            else str(outcome.signal)
        )
        return "runtime_error", text("killed_syscall" if outcome.signal == signal.SIGSYS else "killed", name=name)
    if outcome.exit_code not in (0, None):
        return "runtime_error", text("exited_code", code=outcome.exit_code)
    return None


def judge(
    exercise: ExerciseLike,
    cases: list[Case],
    expected: list[Expected],
    outcome: Outcome,
    seed: int,
    filename: str,
    samples_only: bool,
    *,
    reference: Any = None,
    run_variant: VariantRunner | None = None,
) -> GradeReport:
    """Verdicts from what the child reported; `reference` is needed for ill-conditioned cases."""
    events = outcome.events
    kinds = {e["ev"]: e for e in events}
    report = GradeReport(exercise.id, "accepted", [], seed=seed, sandbox=outcome.sandbox)
    report.output_bytes = len(outcome.stdout) + len(outcome.stderr)
    if samples_only or all(not c.hidden for c in cases):
        report.stdout = safe_text(outcome.stdout[:4096].decode("utf-8", "replace"), 4096)
    limits = exercise.cases.limits
    fatal = _fatal(outcome, limits.cpu_seconds, limits.memory_mb * 2**20)

    file_level = _file_level(kinds, outcome, fatal, filename)
    if file_level is not None:
        verdict, message = file_level
        report.verdict, report.message = verdict, message
        # Said once, for the file: every case just did not run (not the same error N times).
        report.cases = [CaseResult(c.name, verdict, c.hidden, text("not_run")) for c in cases]
        return report

    per_case = _by_case(events)
    with npyfile.Records(outcome.out_dir / "results.npys") as records:
        failures = _judge_cases(report, exercise, cases, expected, per_case, records, fatal, "done" in kinds, reference)
    report.verdict = run_verdict(report.cases)
    _name_the_mistake(report, exercise, cases, failures, run_variant or _run_variant)
    if fatal is not None and report.verdict == "accepted":
        # Every case passed, but the process went on to break a limit (or crash) after
        # its last one: the run is judged over the process's whole life.
        report.verdict, report.message = fatal[0], text("after_last_case", what=fatal[1])
    return report


def _judge_cases(
    report: GradeReport,
    exercise: ExerciseLike,
    cases: list[Case],
    expected: list[Expected],
    per_case: dict[int, list[dict[str, Any]]],
    records: npyfile.Records,
    fatal: tuple[str, str] | None,
    done: bool,
    reference: Any,
) -> list[Failure]:
    stopped_in: str | None = None
    failures: list[Failure] = []
    for case, exp in zip(cases, expected, strict=True):
        evs = per_case.get(case.index, [])
        if stopped_in is not None:
            verdict = fatal[0] if fatal else "runtime_error"
            report.cases.append(
                CaseResult(case.name, verdict, case.hidden, text("not_run_stopped", case=stopped_in))
            )
            continue
        if exp.error:
            report.cases.append(CaseResult(case.name, "judge_error", case.hidden, exp.error))
            continue
        ended = any(e["ev"] == "case_end" for e in evs)
        if not ended:
            stopped_in = case.name
        result, failure = _judge_case(exercise, case, exp, evs, records, ended, fatal, reference)
        if failure is not None:
            failures.append(failure)
        if not case.hidden:
            result.sample = _sample_details(case, exp, records, evs)
        result.cpu_ms = next((round(e["cpu"] * 1000) for e in evs if e["ev"] == "case_end"), None)
        report.cases.append(result)
    return failures


def _name_the_mistake(
    report: GradeReport, exercise: ExerciseLike, cases: list[Case], failures: list[Failure], runner: VariantRunner
) -> None:
    """At most one hint per run, on the cases its variant explains (diagnose.py)."""
    if not failures or not exercise.cases.variants:
        return
    found = diagnose_run(exercise.cases.variants, failures, exercise.entry.name, runner)
    if found is None:
        return
    hint = {"id": found.variant.id, **found.variant.hint}
    report.hint = hint
    for case, result in zip(cases, report.cases, strict=False):
        if case.index in found.explained:
            result.hint = hint


def _file_level(
    kinds: dict[str, dict[str, Any]], outcome: Outcome, fatal: tuple[str, str] | None, filename: str
) -> tuple[str, str] | None:
    """A verdict for the whole file: it did not load, it interfered, or the judge failed.

    judge_error only for what happened before the submission existed (the child did
    not get ready, or its lock-down failed): the parent's own facts.
    """
    if outcome.setup_error or not outcome.ready:
        why = outcome.setup_error or text("not_ready")
        detail = safe_text(outcome.stderr[-400:].decode("utf-8", "replace").strip(), 400)
        return "judge_error", text("grader_failed", code=why, detail=detail)
    if outcome.interference:
        return "runtime_error", text("interfered", why=outcome.interference)
    if "syntax_error" in kinds:
        e = kinds["syntax_error"]
        where = text("syntax_where", file=filename, line=e.get("line"), col=e.get("col")) if e.get("line") else filename
        line = str(e.get("text") or "").rstrip()
        caret = ""
        if line and isinstance(e.get("col"), int) and e["col"] > 0:
            stripped = line.lstrip()
            caret = "\n    " + " " * max(0, e["col"] - 1 - (len(line) - len(stripped))) + "^"
            line = stripped
        shown = f"\n    {line}{caret}" if line else ""
        return "syntax_error", concat(text("syntax", where=where, msg=e.get("msg")), shown)
    if "load_error" in kinds:
        e = kinds["load_error"]
        verdict = "memory_limit_exceeded" if e.get("memory") else "runtime_error"
        tb = str(e.get("tb", "")).rstrip()
        detail = concat(f"{e.get('type')}: {e.get('msg')}", refused_text(e), "\n" + tb if tb else "")
        return verdict, text("while_loading", file=filename, detail=detail)
    if "interface_error" in kinds:
        return "interface_error", interface_text(str(kinds["interface_error"].get("msg")))
    if "started" not in kinds:
        # The harness says "started" before anything of the submission runs; a log
        # without it after "go" is one the submission emptied, or a process that died
        # at once. Either way not the parent's failure.
        code = f"exit code {outcome.exit_code}" if outcome.signal is None else f"signal {outcome.signal}"
        return "runtime_error", text("ended_before_run", code=code)
    if not any(e in kinds for e in ("case", "done")):
        if fatal:
            return fatal[0], text("while_loading", file=filename, detail=fatal[1])
        return "runtime_error", text(
            "while_loading", file=filename, detail=text("exited_loading", code=outcome.exit_code)
        )
    return None


def _observed(desc: dict[str, Any] | None, records: npyfile.Records, expected_shape: tuple[int, ...]) -> Any:
    if desc is None:
        return Foreign("missing")
    kind = desc.get("kind")
    if kind != "array":
        return Foreign(str(kind), str(desc.get("type", desc.get("dtype", ""))), str(desc.get("msg", "")))
    try:
        return records.load(desc.get("start"), desc.get("end"), expected_shape)
    except npyfile.BadFile as exc:
        return Foreign("bad_file", detail=str(exc))


def _judge_case(
    exercise: ExerciseLike,
    case: Case,
    exp: Expected,
    evs: list[dict[str, Any]],
    records: npyfile.Records,
    ended: bool,
    fatal: tuple[str, str] | None,
    reference: Any = None,
) -> tuple[CaseResult, Failure | None]:
    tol = exercise.tolerance[case.dtype]
    slack: dict[tuple[int, int], float] | None = None  # computed when first needed
    obs_events = {(e.get("step"), e.get("slot")): e for e in evs if e["ev"] == "obs"}
    containers = {e.get("step"): e for e in evs if e["ev"] == "container"}
    modified = {e.get("step"): e for e in evs if e["ev"] == "modified"}
    error = next((e for e in evs if e["ev"] == "error"), None)
    error_step = error.get("step") if error else None
    if error is not None and not isinstance(error_step, int):
        # issue 5 (sandbox): SystemExit and KeyboardInterrupt escape run_case without a
        # step index; they happened at the first step whose values never arrived.
        obs_keys = {(e.get("step"), e.get("slot")) for e in evs if e["ev"] == "obs"}
        error_step = next((o.step for o in exp.observables if (o.step, o.slot) not in obs_keys), len(case.steps) - 1)
    steps_with_obs = sorted({o.step for o in exp.observables})
    got: dict[tuple[int, int], Any] = {}
    name = exercise.entry.name

    for j in sorted(set(steps_with_obs) | set(modified) - {None}):
        if error is not None and isinstance(error_step, int) and j >= error_step:
            break
        if j in modified:
            message = _modified_text(case, j, modified[j], name, reference)
            return CaseResult(case.name, "wrong_answer", case.hidden, message), None
        if j in containers:
            c = containers[j]
            step = case.steps[j]
            length = text("of_length", n=c.get("len")) if c.get("len") is not None else ""
            message = text(
                "container", label=_step_label(case, j, name), n=len(step["outputs"]),
                names=", ".join(step["outputs"]), type=c.get("type"), length=length,
            )  # fmt: skip
            return CaseResult(case.name, "wrong_answer", case.hidden, message), None
        problems = []
        for o in (o for o in exp.observables if o.step == j):
            assert o.expected is not None
            value = _observed(obs_events.get((j, o.slot)), records, o.expected.shape)
            got[(j, o.slot)] = value
            if not ended and (j, o.slot) not in obs_events:
                break
            problem = check(o.label, value, o.expected, tol, dtype=o.dtype)
            if problem and _well_formed(value, o) and reference is not None:
                # Wrong by the dtype term alone: add the case's conditioning term (bound.py).
                if slack is None:
                    slack = _case_slack(reference, case, exp, name)
                problem = check(o.label, value, o.expected, tol, dtype=o.dtype, slack=slack.get((j, o.slot), 0.0))
            if problem:
                problems.append((o, problem))
        if problems:
            message = join("\n", (p for _, p in problems))
            if len(problems) > 1:
                names = [case.steps[o.step]["outputs"][o.slot] if case.steps[o.step]["op"] == "call"
                         else case.steps[o.step]["attrs"][o.slot] for o, _ in problems]
                message = concat(text("wrong_list", names=", ".join(names)), "\n", message)
            result = CaseResult(case.name, "wrong_answer", case.hidden, message)
            # Only wrong *values* can be explained by a wrong formula; a wrong type,
            # shape or dtype is its own message.
            # A wrong shape is loaded too (if small) for the diagnosis: a variant that
            # sums over the wrong axis gives the same wrong shape and values.
            seen = {k: _full_value(v, obs_events.get(k), records) for k, v in got.items()}
            value_keys = [(o.step, o.slot) for o, _ in problems if _diagnosable(seen[(o.step, o.slot)])]
            if not value_keys or len(value_keys) < len(problems):
                return result, None
            return result, Failure(case, exp.observables, seen, value_keys, tol, slack or {})

    if error is not None:
        step_no = error_step + 1 if isinstance(error_step, int) else None
        label = _step_label(case, error_step, name) if step_no else text("the_case")
        verdict = "memory_limit_exceeded" if error.get("memory") else "runtime_error"
        raised = concat(text("raised", label=label, type=error.get("type"), msg=error.get("msg")), refused_text(error))
        tb = str(error.get("tb", "")).rstrip()
        result = CaseResult(case.name, verdict, case.hidden, concat(raised, "\n" + tb if tb else ""))
        # A known mistake may crash the same way (a shape that does not broadcast).
        crash = (error_step, str(error.get("type"))) if isinstance(error_step, int) else None
        return result, Failure(case, exp.observables, got, [], tol, slack or {}, crash)
    if not ended:
        verdict, message = fatal if fatal else ("runtime_error", text("exited_mid_case"))
        return CaseResult(case.name, verdict, case.hidden, message), None
    return CaseResult(case.name, "accepted", case.hidden), None


def _case_slack(reference: Any, case: Case, exp: Expected, entry_name: str) -> dict[tuple[int, int], float]:
    """The conditioning term of every observable of the case (bound.rounding_slack)."""

    def run(perturbed: Case) -> dict[tuple[int, int], Any] | None:
        try:
            return run_target(reference, perturbed, exp.observables)
        except StepFailed:
            return None

    expected = {(o.step, o.slot): o.expected for o in exp.observables if o.expected is not None}
    return rounding_slack(case, expected, expected, run)


def _full_value(value: Any, desc: dict[str, Any] | None, records: npyfile.Records) -> Any:
    """The array behind a shape mismatch (only its Header was read), if it is small."""
    if not isinstance(value, npyfile.Header) or desc is None or value.nbytes > 2**16:
        return value
    try:
        return records.load(desc.get("start"), desc.get("end"))
    except npyfile.BadFile:
        return value


def _diagnosable(value: Any) -> bool:
    return type(value) is np.ndarray and value.dtype.kind == "f"


def _well_formed(value: Any, o: Observable) -> bool:
    return (
        type(value) is np.ndarray
        and o.expected is not None
        and value.shape == o.expected.shape
        and (value.dtype == o.dtype if o.dtype is not None else value.dtype.kind == "f")
    )


def _modified_text(case: Case, j: int, event: dict[str, Any], entry_name: str, reference: Any) -> Text:
    """An input array found changed after step j (issue 14: checked after every step).

    Arrays passed at step j itself: named by the parameter they were bound to (and
    aliasing said), as before. An array passed earlier and written later (kept by the
    submission): named with the step it was passed at.
    """
    label = _step_label(case, j, entry_name)
    names = [n for n in event.get("arrays", []) if isinstance(n, str) and n in case.arrays]
    here = _array_arg_names(case.steps[j])
    positions = [p for p, a in enumerate(here) if a in names]
    if positions:
        return _modified_message(label, case.steps[j], positions, reference)
    parts = []
    for n in names:
        first = next((k for k, st in enumerate(case.steps) if n in _array_arg_names(st)), j)
        parts.append(text("modified_passed_at", name=n, n=first + 1))
    if not parts:
        return text("modified", label=label, what=text("an_input"))
    return text("modified", label=label, what=join(", ", parts))


def _step_label(case: Case, j: int | None, entry_name: str) -> Text:
    """"step 3 forward (train)", "step 1 BatchNorm2D(...)": how every message names a step."""
    if j is None or j >= len(case.steps):
        return text("the_case")
    step = case.steps[j]
    if step["op"] == "call":
        training = True
        for earlier in case.steps[:j]:
            if earlier["op"] == "set" and "training" in earlier["attrs"]:
                training = bool(earlier["attrs"]["training"])
        mode = text("mode_train" if training else "mode_eval") if step.get("method") and case.modes else ""
        return concat(text("step", n=j + 1, what=step.get("method") or entry_name), mode)
    if step["op"] == "construct":
        return text("step_construct", n=j + 1, entry=entry_name)
    if step["op"] == "set":
        return text("step_setting", n=j + 1, attrs=", ".join(step.get("attrs", {})))
    return text("step_reading", n=j + 1, attrs=", ".join(step.get("attrs", [])))


def _modified_message(label: Text, step: dict[str, Any], positions: list[int], reference: Any) -> Text:
    """Which input the submission wrote into; when two parameters got the same array, say so."""
    arrays = _array_arg_names(step)
    params = _param_names(step, reference, len(arrays))
    changed = [p for p in positions if p < len(arrays)]
    if not changed:
        return text("modified", label=label, what=text("an_input"))
    shared = [p for p in range(len(arrays)) if arrays[p] == arrays[changed[0]]]
    if len(shared) > 1:  # e.g. batchnorm_backward(x, x, gamma): dout is x
        names = [params[p] for p in shared]
        together = text("and", a=", ".join(names[:-1]), b=names[-1])
        return text("aliased", label=label, names=together)
    return text("modified", label=label, what=", ".join(f"'{params[p]}'" for p in changed))


def _param_names(step: dict[str, Any], reference: Any, count: int) -> list[str]:
    """The parameter each array argument is bound to (the reference's signature), else the array's name."""
    names = _array_arg_names(step)
    if reference is None or any(isinstance(v, dict) and "$tuple" in v for v in step.get("args", [])):
        return names
    try:
        import inspect

        target = getattr(reference, step["method"]) if step.get("method") else reference
        params = [p for p in inspect.signature(target).parameters if p != "self"]
    except (AttributeError, TypeError, ValueError):
        return names
    out = []
    for i, v in enumerate(step.get("args", [])):
        if isinstance(v, dict) and "$array" in v:
            out.append(params[i] if i < len(params) else v["$array"])
    out += [k for k, v in step.get("kwargs", {}).items() if isinstance(v, dict) and "$array" in v]
    return out if len(out) == count else names


def _array_arg_names(step: dict[str, Any]) -> list[str]:
    names: list[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, dict) and "$array" in v:
            names.append(v["$array"])
        elif isinstance(v, dict) and "$tuple" in v:
            for x in v["$tuple"]:
                walk(x)

    for v in [*step.get("args", []), *step.get("kwargs", {}).values()]:
        walk(v)
    return names


@functools.lru_cache(maxsize=256)
def _variant_entry(source: str, entry_name: str) -> Any:
    namespace: dict[str, Any] = {"__name__": "variant"}
    exec(compile(source, "<variant>", "exec"), namespace)  # trusted: the exercise's own YAML
    return namespace[entry_name]


def _run_variant(
    source: str, entry_name: str, case: Case, obs: list[Observable], upcast: bool = True
) -> dict[Any, Any] | None:
    """The variant's observed values; if it raised, those before it and CRASH: (step, exception type)."""
    try:
        with np.errstate(all="ignore"):  # a wrong formula may well divide by zero: not news
            return run_target(_variant_entry(source, entry_name), case, obs, upcast=upcast)
    except StepFailed as failed:
        seen: dict[Any, Any] = dict(getattr(failed, "seen", {}))
        seen[CRASH] = (failed.index, type(failed.__cause__).__name__)
        return seen
    except Exception:
        return None


def _listify(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return np.round(value.astype(np.float64), 6).tolist()
    if isinstance(value, Foreign):
        return f"<{value.type or value.kind}>"
    if isinstance(value, npyfile.Header):
        return f"<array of shape {value.shape}>"
    return None


def _sample_details(case: Case, exp: Expected, records: npyfile.Records, evs: list[dict[str, Any]]) -> dict[str, Any]:
    """Inputs, expected and got values of a visible sample, for the TUI's "Run"."""
    obs_events = {(e.get("step"), e.get("slot")): e for e in evs if e["ev"] == "obs"}
    got = {}
    for o in exp.observables:
        shape = o.expected.shape if o.expected is not None else ()
        got[o.label] = _listify(_observed(obs_events.get((o.step, o.slot)), records, shape))
    return {
        "inputs": {name: _listify(a.value()) for name, a in case.arrays.items()},
        "expected": {o.label: _listify(o.expected) for o in exp.observables},
        "got": got,
    }
