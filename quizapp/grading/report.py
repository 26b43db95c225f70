"""The verdicts of one grading run: data, the `--json` object and the readable table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quizapp.grading.messages import Text, localized, text

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
    # CPU time the child reported for this case: shown to the user, never used for a verdict
    # (limits are the parent's own measurements). None when the case did not finish.
    cpu_ms: int | None = None

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "verdict": self.verdict,
            "hidden": self.hidden,
            "message": localized(self.message, lang),
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

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """The `--json` object: English keys and verdicts; the human `message`s in `lang`."""
        out: dict[str, Any] = {
            "exercise": self.exercise,
            "verdict": self.verdict,
            "passed": self.passed,
            "total": self.total,
            "time_ms": self.time_ms,
            "cases": [c.to_json(lang) for c in self.cases],
            "seed": self.seed,
            "message": localized(self.message, lang),
            "sandbox": self.sandbox,
            "lang": lang,
        }
        if self.stdout:
            out["stdout"] = self.stdout
        if self.hint:
            out["hint"] = self.hint
        return out

    def to_text(self, lang: str = "en") -> str:
        """The readable report in `lang` ("en" or "zh"): verdicts by their ids in English (the
        CONTRACT's vocabulary, as in the JSON), by their Chinese names in Chinese."""
        head = text(
            "report_head", exercise=self.exercise, verdict=_verdict(self.verdict), passed=self.passed, total=self.total,
            ms=self.time_ms, seed=self.seed,
        )  # fmt: skip
        lines = [head.get(lang)]
        message = localized(self.message, lang)
        if message:
            lines += ["  " + line for line in message.splitlines()]
        file_level = bool(self.message) and all(c.verdict == self.verdict for c in self.cases)
        if file_level and self.verdict != "accepted":
            # The file did not load: one error, said once above, not once per case.
            lines.append("  " + text("cases_not_run", total=self.total).get(lang))
        else:
            # Names are aligned, never cut: a cut name ("…float3") reads as another case.
            width = min(max((len(c.name) for c in self.cases), default=0), 64)
            for c in self.cases:
                mark = text("check_ok" if c.verdict == "accepted" else "check_fail").get(lang)
                tag = "" if c.hidden else text("sample_tag").get(lang)
                lines.append(f"  {mark} {c.name:<{width}}  {_verdict(c.verdict).get(lang)}{tag}")
                case_message = localized(c.message, lang)
                if c.verdict != "accepted" and case_message:
                    lines += ["         " + m for m in case_message.splitlines()]
        if self.hint:
            hint = self.hint.get(lang) or self.hint.get("en", "")
            lines.append("  " + text("hint", hint=hint).get(lang))
        if self.stdout:
            lines.append("  " + text("stdout_head").get(lang))
            lines += ["    " + line for line in self.stdout.splitlines()[:40]]
        if self.verdict != "accepted":
            lines.append("  " + text("reproduce", seed=self.seed).get(lang))
        return "\n".join(lines)


def _verdict(verdict: str) -> Text:
    from quizapp.i18n import verdict_label

    return Text(verdict, verdict_label(verdict, "zh"))


def run_verdict(cases: list[CaseResult]) -> str:
    """The first case in report order that was not accepted decides (CONTRACT section 5)."""
    return next((c.verdict for c in cases if c.verdict != "accepted"), "accepted")
