"""The child's event log, read as untrusted data.

Once the submission exists it can write anything into the log (it is a file in the
writable out/ folder, and the harness is Python in the submission's own process). So
the parent believes the log only as far as it is well formed:

- the part written before "go" (the harness locking down, no submission yet) is
  snapshotted by the parent at "go" and must be unchanged at the end;
- after it, every line is bounded in length and bracket nesting *before* json.loads
  (no RecursionError, no huge allocation), every event has a known name, exactly its
  own fields with their types and sizes, and comes in an order the harness can
  produce (started, loaded, case i ... case_end i, done);
- every string is capped and its control characters escaped (`safe_text`), so
  nothing the child wrote can move a terminal's cursor or recolour it.

A log that breaks any of this is reported as interference (runtime_error "the
submission interfered with the grader"); it can never produce a judge_error.
Standard library only.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

MAX_LINE = 16 * 1024
MAX_BRACKETS = 8  # no event has more than two levels, nor more than a few lists
MAX_TEXT = 640  # the harness caps messages at 600 characters
MAX_TRACEBACK = 2600  # and tracebacks at 4 x 600 plus a marker
MAX_NAME = 200
MAX_LIST = 64

# C0 controls but newline and tab, DEL, C1 controls, and the bidirectional overrides
# (which can reorder what a terminal shows): each shown as a visible escape.
_UNSAFE = [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0),
           *range(0x202A, 0x202F), *range(0x2066, 0x206A)]  # fmt: skip
_ESCAPES = {c: (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in _UNSAFE}
_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"')


class Interference(ValueError):
    """The event log is not one the harness could have written."""


def safe_text(text: str, cap: int = MAX_TEXT) -> str:
    """`text` capped at `cap` characters, control characters escaped (newlines kept)."""
    if len(text) > cap:
        text = text[:cap] + "..."
    return text.translate(_ESCAPES)


# -- field types -------------------------------------------------------------------------

Check = Callable[[Any], Any]  # returns the value to keep, or raises Interference


def _int(low: int = 0, high: int = 2**31) -> Check:
    def check(v: Any) -> int:
        if type(v) is not int or not low <= v < high:
            raise Interference(f"bad integer {v!r}"[:80])
        return v

    return check


def _opt_int(v: Any) -> int | None:
    return None if v is None else _int(-(2**31))(v)


def _text(cap: int) -> Check:
    def check(v: Any) -> str:
        if type(v) is not str or len(v) > cap:
            raise Interference("bad or oversized text")
        return safe_text(v, cap)

    return check


def _bool(v: Any) -> bool:
    if type(v) is not bool:
        raise Interference("bad flag")
    return v


def _seconds(v: Any) -> float:
    if type(v) not in (int, float) or not math.isfinite(v) or v < 0:
        raise Interference("bad time")
    return float(v)


def _names(v: Any) -> list[str]:
    if type(v) is not list or len(v) > MAX_LIST or not all(type(n) is str and len(n) <= MAX_NAME for n in v):
        raise Interference("bad name list")
    return [safe_text(n, MAX_NAME) for n in v]


def _opt_len(v: Any) -> int | None:
    return None if v is None else _int()(v)


_CALL_NAME = re.compile(r"[a-z_][a-z0-9_]{0,31}|\*|")


def _call_name(v: Any) -> str:
    """A refused system call's name, "*" (unknown) or "" (none): sandbox/refusals.py."""
    if type(v) is not str or not _CALL_NAME.fullmatch(v):
        raise Interference("bad system call name")
    return v


_EXC = {
    "type": _text(MAX_NAME),
    "msg": _text(MAX_TEXT),
    "tb": _text(MAX_TRACEBACK),
    "memory": _bool,
    "refused": _call_name,
}
_CASE = {"case": _int()}
_STEP = {"case": _int(), "step": _int()}

# Every event the harness writes after "go": its fields, all required, no others.
SCHEMAS: dict[str, dict[str, Check]] = {
    "started": {"t": _seconds},
    "syntax_error": {"msg": _text(MAX_TEXT), "line": _opt_int, "col": _opt_int, "text": _text(MAX_NAME)},
    "load_error": _EXC,
    "loaded": {"t": _seconds},
    "interface_error": {"msg": _text(MAX_TEXT)},
    "case": _CASE,
    "container": {**_STEP, "type": _text(MAX_NAME), "len": _opt_len},
    "modified": {**_STEP, "arrays": _names},
    "error": {"case": _int(), "step": lambda v: None if v is None else _int()(v), **_EXC},
    "case_end": {"case": _int(), "cpu": _seconds},
    "done": {"t": _seconds},
    "crash": {"type": _text(MAX_NAME), "msg": _text(MAX_TEXT)},
}
_OBS_KINDS: dict[str, dict[str, Check]] = {
    "array": {"start": _int(0, 2**62), "end": _int(0, 2**62)},
    "bad_dtype": {"dtype": _text(MAX_NAME)},
    "unsaved": {"msg": _text(MAX_TEXT)},
    "subclass": {"type": _text(MAX_NAME)},
    "other": {"type": _text(MAX_NAME)},
}
_TERMINAL = frozenset({"syntax_error", "load_error", "interface_error", "done", "crash"})


def _validate(event: Any) -> dict[str, Any]:
    if type(event) is not dict or type(event.get("ev")) is not str:
        raise Interference("an event that is not an object with a name")
    name = event["ev"]
    if name == "obs":
        kind = event.get("kind")
        fields = {**_STEP, "slot": _int(), "kind": lambda v: v, **_OBS_KINDS.get(kind, {})}
        if kind not in _OBS_KINDS:
            raise Interference("an observation of an unknown kind")
    elif name in SCHEMAS:
        fields = SCHEMAS[name]
    else:
        raise Interference(f"an unknown event {safe_text(name, 40)!r}")
    if set(event) != {"ev", *fields}:
        raise Interference(f"a '{name}' event with unexpected fields")
    return {"ev": name, **{key: check(event[key]) for key, check in fields.items()}}


def _bounded(line: bytes) -> None:
    """Refuse a line json.loads could choke on, before it is parsed."""
    if len(line) > MAX_LINE:
        raise Interference("an event line over 16 KiB")
    skeleton = _STRINGS.sub(b'""', line)
    if skeleton.count(b"[") + skeleton.count(b"{") > MAX_BRACKETS:
        raise Interference("an event nested too deeply")


class _Order:
    """The order the harness writes events in; anything else is interference."""

    def __init__(self, cases: int, steps: list[int]) -> None:
        self.cases, self.steps = cases, steps
        self.state = "begin"  # begin -> started -> loaded -> (in_case -> loaded)* -> end
        self.case = -1
        self.seen: set[tuple[Any, ...]] = set()
        self.errored = False

    def take(self, e: dict[str, Any]) -> None:
        name = e["ev"]
        if self.state == "end":
            raise Interference(f"a '{name}' event after the run ended")
        if self.state == "begin":
            if name != "started":
                raise Interference(f"a '{name}' event before the job started")
            self.state = "started"
            return
        if self.state == "started":
            if name == "loaded":
                self.state = "loaded"
            elif name in ("syntax_error", "load_error", "crash"):
                self.state = "end"
            else:
                raise Interference(f"a '{name}' event before the submission loaded")
            return
        if self.state == "loaded":
            if name == "case" and e["case"] == self.case + 1 < self.cases:
                self.case, self.state, self.errored = e["case"], "in_case", False
                self.seen = set()
            elif name in ("interface_error", "done", "crash") and not (name == "interface_error" and self.case >= 0):
                self.state = "end"
            else:
                raise Interference(f"a '{name}' event out of order")
            return
        # in a case
        if name == "crash":
            self.state = "end"
            return
        if e.get("case") != self.case:
            raise Interference(f"a '{name}' event for another case")
        if name == "case_end":
            self.state = "loaded"
            return
        if self.errored or name not in ("obs", "container", "modified", "error"):
            raise Interference(f"a '{name}' event out of order")
        step = e.get("step")
        if step is not None and step >= self.steps[self.case]:
            raise Interference("an event for a step the case does not have")
        key = (name, step, e.get("slot"))
        if key in self.seen and name != "modified":
            raise Interference(f"a repeated '{name}' event")
        self.seen.add(key)
        if name == "error":
            self.errored = True


def parse(raw: bytes, cases: int, steps: list[int]) -> list[dict[str, Any]]:
    """The events after "go", validated; raises Interference.

    `raw`: the log after the pre-"go" part; `cases`/`steps`: the job's case count and
    each case's step count. A last line without its newline is a write cut short by a
    kill, and is dropped; a complete line that is not valid is interference.
    """
    lines = raw.split(b"\n")
    if lines and lines[-1] != b"":
        lines.pop()  # torn by a kill mid-write
    order = _Order(cases, steps)
    events = []
    for line in lines:
        if not line:
            continue
        _bounded(line)
        try:
            event = json.loads(line)
        except (ValueError, RecursionError):
            raise Interference("an event line that is not JSON") from None
        event = _validate(event)
        order.take(event)
        events.append(event)
    return events


def pre_go(raw: bytes) -> dict[str, Any]:
    """What the harness wrote before "go" (trusted: the submission did not exist yet).

    Returns {"ready": bool, "active": the lock-down report or {}, "judge_error": str}.
    """
    out: dict[str, Any] = {"ready": False, "active": {}, "judge_error": ""}
    for line in raw.splitlines():
        if len(line) > 64 * 1024:
            continue
        try:
            event = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if not isinstance(event, dict):
            continue
        if event.get("ev") == "ready":
            out["ready"] = True
            active = event.get("active")
            out["active"] = active if isinstance(active, dict) else {}
        elif event.get("ev") == "judge_error":
            out["judge_error"] = safe_text(str(event.get("msg", "")), MAX_TEXT)
    return out
