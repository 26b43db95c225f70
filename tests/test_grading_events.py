"""The child's event log is untrusted data (issue 14): bounded, typed, ordered, escaped."""

from __future__ import annotations

import json

import pytest

from quizapp.grading.events import Interference, parse, pre_go, safe_text


def log(*events: dict) -> bytes:
    return b"".join(json.dumps(e).encode() + b"\n" for e in events)


GOOD = [
    {"ev": "started", "t": 0.01},
    {"ev": "loaded", "t": 0.02},
    {"ev": "case", "case": 0},
    {"ev": "obs", "case": 0, "step": 1, "slot": 0, "kind": "array", "start": 0, "end": 128},
    {"ev": "modified", "case": 0, "step": 1, "arrays": ["x"]},
    {"ev": "case_end", "case": 0, "cpu": 0.001},
    {"ev": "case", "case": 1},
    {"ev": "error", "case": 1, "step": 0, "type": "ValueError", "msg": "no", "tb": "", "memory": False,
     "refused": "chmod"},
    {"ev": "case_end", "case": 1, "cpu": 0.0},
    {"ev": "done", "t": 0.5},
]


def test_a_log_the_harness_writes_is_read_whole() -> None:
    events = parse(log(*GOOD), 2, [3, 3])
    assert [e["ev"] for e in events] == [e["ev"] for e in GOOD]


def test_a_line_cut_short_by_a_kill_is_dropped() -> None:
    raw = log(*GOOD[:3]) + b'{"ev": "obs", "ca'
    assert [e["ev"] for e in parse(raw, 2, [3, 3])] == ["started", "loaded", "case"]


@pytest.mark.parametrize(
    "extra",
    [
        b"[" * 100_000 + b"]" * 100_000,  # RecursionError in json.loads, were it parsed
        json.dumps({"ev": "load_error", "type": "E", "msg": "x" * (6 << 20), "tb": "", "memory": False,
                    "refused": ""}).encode(),
        # a refused call's "name" that is text to print, not a system call's name
        json.dumps({"ev": "load_error", "type": "E", "msg": "", "tb": "", "memory": False,
                    "refused": "\x1b[2J"}).encode(),
        json.dumps({"ev": "judge_error", "msg": "the grader broke"}).encode(),  # only the parent may say so
        json.dumps({"ev": "done", "t": 1, "verdict": "accepted"}).encode(),  # a field the harness never writes
        json.dumps({"ev": "case", "case": 5}).encode(),  # a case the job does not have
        json.dumps({"ev": "sandbox", "active": {"seccomp": True}}).encode(),  # a forged sandbox claim
        b"not json at all",
        json.dumps([1, 2]).encode(),
    ],
    ids=["deep", "6mib", "refused_text", "judge_error", "extra_field", "no_such_case", "sandbox_claim", "garbage",
         "list"],
)
def test_what_the_harness_cannot_write_is_interference(extra: bytes) -> None:
    with pytest.raises(Interference):
        parse(log(*GOOD[:3]) + extra + b"\n", 2, [3, 3])


def test_events_out_of_order_are_interference() -> None:
    for events in (
        [GOOD[0], GOOD[2]],  # a case before the submission loaded
        [*GOOD[:3], {"ev": "case_end", "case": 1, "cpu": 0.0}],  # another case's end
        [*GOOD, {"ev": "done", "t": 1.0}],  # anything after the end
        [*GOOD[:4], GOOD[3]],  # the same value twice
        [*GOOD[:3], {"ev": "obs", "case": 0, "step": 9, "slot": 0, "kind": "other", "type": "int"}],  # no step 9
        [{"ev": "loaded", "t": 0.0}],  # before "started"
    ):
        with pytest.raises(Interference):
            parse(log(*events), 2, [3, 3])


def test_strings_from_the_child_are_capped_and_escaped() -> None:
    error = {
        "ev": "load_error",
        "type": "E\x1b[2J",
        "msg": "\x1b[1;32maccepted 19/19\r\x07",
        "tb": "a\nb",
        "memory": False,
        "refused": "*",
    }
    events = parse(log(GOOD[0], error), 1, [1])
    assert "\x1b" not in json.dumps(events, ensure_ascii=False)
    assert events[1]["msg"] == "\\x1b[1;32maccepted 19/19\\x0d\\x07" and events[1]["tb"] == "a\nb"
    assert events[1]["type"] == "E\\x1b[2J"
    assert safe_text("\u202eevil", 10) == "\\u202eevil" and safe_text("x" * 50, 10) == "x" * 10 + "..."


def test_the_part_before_go_is_read_for_ready_and_setup_errors() -> None:
    raw = log({"ev": "ready", "active": {"landlock": 7}})
    assert pre_go(raw) == {"ready": True, "active": {"landlock": 7}, "judge_error": ""}
    assert pre_go(log({"ev": "judge_error", "msg": "sandbox: \x1b"}))["judge_error"] == "sandbox: \\x1b"
    assert pre_go(b"[" * 10000)["ready"] is False


def test_the_app_worker_returns_a_report_whatever_the_child_writes() -> None:
    """GradeWorker.grade never raises for anything the child does (issue 14)."""
    from quizapp.content import load_content
    from quizapp.grading.worker import GradeWorker

    exercise = load_content(include_user=False).catalog.exercise("bn2d-forward")
    source = (
        "import os\n"
        "for fd in range(3, 64):\n"
        "    try:\n"
        "        link = os.readlink(f'/proc/self/fd/{fd}')\n"
        "    except OSError:\n"
        "        continue\n"
        "    if link.endswith('events.jsonl'):\n"  # out/ is read-only: the harness's descriptor
        "        os.write(fd, ('[' * 300000 + ']' * 300000 + '\\n').encode())\n"
        "os._exit(0)\n"
    )
    with GradeWorker() as worker:
        report = worker.grade(exercise, source, seed=3)
    assert report.verdict == "runtime_error", report.message
    assert report.message.startswith("the submission interfered with the grader")
