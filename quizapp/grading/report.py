"""The verdicts of one grading run: data, the `--json` object and the readable table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

VERDICTS = (
    "accepted",
    "wrong_answer",
    "runtime_error",
    "time_limit_exceeded",
    "memory_limit_exceeded",
    "output_limit_exceeded",
    "syntax_error",
    "interface_error",
    "judge_error",
)


@dataclass
class CaseResult:
    """The verdict of one case, with the message that explains it."""

    name: str
    verdict: str
    hidden: bool
    message: str = ""
    hint: dict[str, str] | None = None  # a recognised mistake: {"id", "en", "zh"}
    sample: dict[str, Any] | None = None  # samples only: inputs, expected and got, as lists

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "verdict": self.verdict,
            "hidden": self.hidden,
            "message": self.message,
        }
        if self.hint:
            out["hint"] = self.hint
        if self.sample is not None:
            out["sample"] = self.sample
        return out


@dataclass
class GradeReport:
    """A whole run's verdict, its cases and what is needed to reproduce it (the seed)."""

    exercise: str
    verdict: str
    cases: list[CaseResult]
    time_ms: int = 0
    seed: int | None = None
    message: str = ""  # for file-level verdicts: syntax, interface, judge errors
    sandbox: dict[str, Any] = field(default_factory=dict)
    stdout: str = ""  # the submission's prints, shown only when no hidden case ran
    output_bytes: int = 0
    hint: dict[str, str] | None = None  # the run's one recognised mistake (diagnose.py)

    @property
    def passed(self) -> int:
        return sum(c.verdict == "accepted" for c in self.cases)

    @property
    def total(self) -> int:
        return len(self.cases)

    @property
    def accepted(self) -> bool:
        return self.verdict == "accepted"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "exercise": self.exercise,
            "verdict": self.verdict,
            "passed": self.passed,
            "total": self.total,
            "time_ms": self.time_ms,
            "cases": [c.to_json() for c in self.cases],
            "seed": self.seed,
            "message": self.message,
            "sandbox": self.sandbox,
        }
        if self.stdout:
            out["stdout"] = self.stdout
        if self.hint:
            out["hint"] = self.hint
        return out

    def to_text(self) -> str:
        head = (
            f"{self.exercise}: {self.verdict}  {self.passed}/{self.total} passed  {self.time_ms} ms  seed {self.seed}"
        )
        lines = [head]
        if self.message:
            lines += ["  " + line for line in self.message.splitlines()]
        width = max((len(c.name) for c in self.cases), default=0)
        width = min(width, 64)
        for c in self.cases:
            mark = "ok  " if c.verdict == "accepted" else "FAIL"
            tag = "" if c.hidden else " (sample)"
            line = f"  {mark} {c.name[:64]:<{width}}  {c.verdict}{tag}"
            lines.append(line)
            if c.verdict != "accepted" and c.message and c.message != self.message:
                lines += ["         " + m for m in c.message.splitlines()]
        if self.hint:
            lines.append(f"  hint: {self.hint['en']}")
        if self.stdout:
            lines.append("  stdout of the submission:")
            lines += ["    " + line for line in self.stdout.splitlines()[:40]]
        if self.verdict != "accepted":
            lines.append(f"  reproduce with: --seed {self.seed}")
        return "\n".join(lines)


def run_verdict(cases: list[CaseResult]) -> str:
    """The first case in report order that was not accepted decides (CONTRACT section 5)."""
    return next((c.verdict for c in cases if c.verdict != "accepted"), "accepted")
