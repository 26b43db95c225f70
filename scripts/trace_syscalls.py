"""Which system calls the grading child makes once its seccomp filter is on.

The seccomp allowlist (quizapp/grading/sandbox/seccomp_policy.py) is built from this
trace: every exercise's accepted submissions (tests/accepted/<id>/) graded under
`strace -f`, in both start modes:

- fork:  `quizapp grade ID FILE --json` (the CLI forks its child on Linux);
- spawn: `engine.grade` with a fresh-interpreter child (the app's warm worker).

For each run the child is the task that called seccomp(SECCOMP_SET_MODE_FILTER); its
calls after that point, and every call of the threads it starts, are collected.
Prints the union by name, the modes that used each call, and the distinct argument
values of the calls the policy filters by argument (ioctl, prctl, clone, ...).

    python scripts/trace_syscalls.py [--exercise ID ...] [--json]

Needs strace (apt-get install strace). Linux only; run it after a change to the
harness, numpy or Python, and compare with the policy.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^(\d+)\s+(?:<\.\.\. (\w+) resumed>(.*)|(\w+)\((.*))$")
ARG_FILTERED = ("ioctl", "prctl", "clone", "clone3", "prlimit64", "sched_getaffinity", "sched_setaffinity",
                "setpriority", "getpriority", "kill", "tgkill", "tkill", "mknodat", "mknod", "madvise",
                "futex", "socket", "fcntl", "rt_sigprocmask", "sched_yield", "getrandom")  # fmt: skip

SPAWN_DRIVER = """
import sys
from quizapp.content import load_content
from quizapp.grading.engine import grade
from quizapp.grading.runner import Child
ex = load_content(include_user=False).catalog.exercise(sys.argv[1])
report = grade(ex, open(sys.argv[2], encoding="utf-8").read(), child=Child(), seed=1)
print(report.verdict)
"""


def child_calls(trace: str) -> tuple[dict[str, int], dict[str, set[str]]]:
    """Calls (name -> count) of the child after its filter went on, and filtered calls' args."""
    parent_of: dict[int, int] = {}
    root: int | None = None
    names: dict[str, int] = defaultdict(int)
    args: dict[str, set[str]] = defaultdict(set)
    lines = trace.splitlines()
    parsed = []
    for line in lines:
        m = LINE.match(line)
        if not m:
            continue
        pid = int(m.group(1))
        name = m.group(2) or m.group(4)
        rest = m.group(3) if m.group(2) else m.group(5)
        parsed.append((pid, name, rest or ""))
        ret = re.search(r"\)\s+=\s+(\d+)", rest or "")
        if name in ("clone", "clone3", "fork", "vfork") and ret and "<unfinished" not in rest:
            parent_of[int(ret.group(1))] = pid
    ours: set[int] = set()
    for pid, name, rest in parsed:
        if root is None:
            if name == "seccomp" and "SECCOMP_SET_MODE_FILTER" in rest:
                root = pid
                ours.add(pid)
            continue
        if pid not in ours and parent_of.get(pid) in ours:
            ours.add(pid)
        if pid not in ours:
            continue
        names[name] += 1
        if name in ARG_FILTERED:
            first = rest.split(", ")[:2]
            args[name].add(", ".join(first)[:80])
    return dict(names), args


def run(mode: str, exercise: str, file: Path, env: dict[str, str]) -> tuple[dict[str, int], dict[str, set[str]], str]:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "trace")
        if mode == "fork":
            cmd = [sys.executable, "-m", "quizapp", "grade", exercise, str(file), "--json"]
        else:
            cmd = [sys.executable, "-c", SPAWN_DRIVER, exercise, str(file)]
        proc = subprocess.run(
            ["strace", "-f", "-qq", "-s", "64", "-o", out, *cmd],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        verdict = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr[-300:]
        names, args = child_calls(Path(out).read_text(errors="replace"))
        return names, args, verdict


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercise", action="append", help="only these exercises (default: all)")
    parser.add_argument("--json", action="store_true")
    opts = parser.parse_args()
    if shutil.which("strace") is None:
        print("strace is not installed", file=sys.stderr)
        return 2
    env = {**os.environ, "QUIZAPP_HOME": tempfile.mkdtemp(prefix="quizapp-trace-")}
    folders = sorted(p for p in (ROOT / "tests" / "accepted").iterdir() if p.is_dir())
    if opts.exercise:
        folders = [p for p in folders if p.name in opts.exercise]
    used: dict[str, set[str]] = defaultdict(set)
    all_args: dict[str, set[str]] = defaultdict(set)
    for folder in folders:
        for file in sorted(folder.glob("*.py")):
            for mode in ("fork", "spawn"):
                names, args, verdict = run(mode, folder.name, file, env)
                print(f"{mode:5} {folder.name}/{file.name}: {len(names)} calls, {verdict[:60]}", file=sys.stderr)
                for name in names:
                    used[name].add(mode)
                for name, values in args.items():
                    all_args[name] |= values
    if opts.json:
        print(json.dumps({"calls": {k: sorted(v) for k, v in sorted(used.items())},
                          "args": {k: sorted(v) for k, v in sorted(all_args.items())}}, indent=1))  # fmt: skip
        return 0
    for name in sorted(used):
        print(f"{name:24} {','.join(sorted(used[name]))}")
    for name in sorted(all_args):
        print(f"\n{name}:")
        for value in sorted(all_args[name]):
            print(f"    {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
