"""The abusive-submission suite: every file in tests/hostile/ is graded for real.

Each file names its expected verdict in a header line (``# expect: VERDICT``) and,
optionally, its exercise (``# exercise: ID``, default bn2d-forward). One parametrised
test checks, for each file:

- the verdict is the expected one (and no case is a judge_error);
- the grader stayed healthy: ``grade`` returned, within the contract's 30 s;
- no process of the submission is left (found by the scratch path in its command line
  and by the sandbox uid);
- nothing of solutions/ or content/ reached the report;
- the sandbox report is present.

Module-level checks then prove no file appeared outside the scratch folder (canary
names, and the oracle's and content's trees unchanged), no byte reached the TCP and UDP
listeners, and a correct solution is still accepted afterwards.

The runs are spread over a small thread pool (each one mostly waits on its child) with
the CPU limit lowered to 2 s, so the suite stays well under three minutes on 2 cores.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from quizapp.content import load_content
from quizapp.grading import parent_guard
from quizapp.grading.engine import grade
from quizapp.grading.runner import Child

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = Path(__file__).with_name("hostile")
CPU_SECONDS = 2.0
WORKERS = 3
CONTRACT_WALL = 30.0
CANARY = "quizapp-hostile-"


def _header(path: Path) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines()[:5]:
        m = re.match(r"#\s*(expect|exercise):\s*(\S+)", line)
        if m:
            fields[m.group(1)] = m.group(2)
    return fields


FILES = sorted(p for p in HOSTILE.glob("*.py") if p.name != "correct.py")


def _tree_digest(folder: Path) -> dict[str, str]:
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            out[str(p.relative_to(ROOT))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def _secret_fragments() -> list[str]:
    """Distinctive lines of the oracle and of the exercise content."""
    fragments = set()
    files = [*(ROOT / "solutions").glob("*.py"), *(ROOT / "content").rglob("*.yaml")]
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            text = line.strip()
            if len(text) >= 30 and not text.startswith(("#", "import ", "from ")):
                fragments.add(text)
    return sorted(fragments)


def _canary_hits() -> list[str]:
    places = [Path(tempfile.gettempdir()), Path("/tmp"), Path.home(), ROOT, ROOT / "quizapp",
              ROOT / "quizapp" / "grading", ROOT / "solutions", Path(os.getcwd())]  # fmt: skip
    hits = []
    for place in places:
        try:
            hits += [str(p) for p in place.iterdir() if p.name.startswith(CANARY)]
        except OSError:
            continue
    return hits


def _leftovers(scratch: str, uid: int | None) -> list[int]:
    """Live processes that belong to this run: its scratch path in their command line
    (forks inherit it), or the run's sandbox uid."""
    me = os.getpid()
    found = []
    needle = scratch.encode()
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == me:
            continue
        pid = int(name)
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmdline = f.read()
        except OSError:
            continue
        if parent_guard._is_zombie(pid):
            continue
        if needle in cmdline:
            found.append(pid)
    if uid is not None and uid != 0:
        found += [p for p in parent_guard.find_processes(uid=uid) if not parent_guard._is_zombie(p)]
    return sorted(set(found))


@dataclasses.dataclass
class Run:
    verdict: str
    report: dict[str, Any]
    wall: float
    leftovers: list[int]
    error: str = ""


def _exercise(exercise_id: str) -> Any:
    ex = _EXERCISES.get(exercise_id)
    if ex is None:
        base = load_content(include_user=False).catalog.exercise(exercise_id)
        assert base is not None, f"unknown exercise {exercise_id}"
        limits = base.cases.limits._replace(cpu_seconds=CPU_SECONDS)
        ex = base.with_cases(base.cases._replace(limits=limits))
        _EXERCISES[exercise_id] = ex
    return ex


_EXERCISES: dict[str, Any] = {}


def _grade_file(path: Path, ports: dict[str, int], child: Child | None = None) -> Run:
    header = _header(path)
    source = path.read_text(encoding="utf-8")
    for key, port in ports.items():
        source = source.replace(key, str(port))
    exercise = _exercise(header.get("exercise", "bn2d-forward"))
    child = child or Child()
    scratch = str(child.scratch)
    start = time.monotonic()
    try:
        report = grade(exercise, source, seed=12345, filename=path.name, child=child).to_json()
    except Exception as exc:  # the grader must never raise: recorded and failed below
        return Run("exception", {}, time.monotonic() - start, [], f"{type(exc).__name__}: {exc}")
    wall = time.monotonic() - start
    uid = report.get("sandbox", {}).get("uid")
    leftovers = _leftovers(scratch, uid)
    if os.path.exists(f"/proc/{child.proc.pid}") and not parent_guard._is_zombie(child.proc.pid):
        leftovers.append(child.proc.pid)  # a forked child's command line does not name its scratch
    return Run(report["verdict"], report, wall, leftovers)


def grade_all_forked(ports: dict[str, int]) -> dict[str, Run]:
    """The suite as `quizapp grade` runs it on Linux: each child a fork (spawn.fork).

    Run by tests/hostile_fork_driver.py in a process of its own: every child is forked
    up front, while that process has one thread, then graded on the thread pool.
    """
    from quizapp.grading import spawn

    order = sorted(FILES, key=lambda p: _header(p).get("expect") != "time_limit_exceeded")
    for path in order:
        _exercise(_header(path).get("exercise", "bn2d-forward"))  # content loaded before the threads
    assert spawn.can_fork(), "fork mode needs numpy imported and a single thread"
    children = {p.name: Child(spawned=spawn.fork()) for p in order}
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = {p.name: pool.submit(_grade_file, p, ports, children[p.name]) for p in order}
        return {name: f.result() for name, f in futures.items()}


@pytest.fixture(scope="module")
def listeners():
    tcp = socket.socket()
    tcp.bind(("127.0.0.1", 0))
    tcp.listen(16)
    tcp.setblocking(False)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    udp.setblocking(False)
    yield {"__TCP_PORT__": tcp.getsockname()[1], "__UDP_PORT__": udp.getsockname()[1]}, tcp, udp
    tcp.close()
    udp.close()


@pytest.fixture(scope="module")
def before() -> dict[str, Any]:
    assert not _canary_hits(), "canary files left over from an earlier run: delete them first"
    return {"solutions": _tree_digest(ROOT / "solutions"), "content": _tree_digest(ROOT / "content")}


@pytest.fixture(scope="module", params=["spawn", "fork"])
def runs(request, listeners, before) -> dict[str, Run]:
    """Every file graded with a fresh-interpreter child (the app) and a forked one (the CLI)."""
    ports = listeners[0]
    started = time.monotonic()
    if request.param == "fork":
        results = _run_fork_driver(ports)
    else:
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            # Longest first, so the slow time-limit cases overlap the quick ones.
            order = sorted(FILES, key=lambda p: _header(p).get("expect") != "time_limit_exceeded")
            futures = {p.name: pool.submit(_grade_file, p, ports) for p in order}
            results = {name: f.result() for name, f in futures.items()}
    print(f"\nhostile suite ({request.param}): {len(results)} files graded in {time.monotonic() - started:.1f} s")
    return results


def _run_fork_driver(ports: dict[str, int]) -> dict[str, Run]:
    driver = Path(__file__).with_name("hostile_fork_driver.py")
    result = subprocess.run(
        [sys.executable, str(driver), json.dumps(ports)], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return {name: Run(**fields) for name, fields in json.loads(result.stdout.splitlines()[-1]).items()}


SECRETS = _secret_fragments()


def test_enough_hostile_files() -> None:
    assert len(FILES) >= 30
    for path in FILES:
        assert "expect" in _header(path), f"{path.name} has no '# expect:' header"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_hostile_submission(path: Path, runs: dict[str, Run]) -> None:
    run = runs[path.name]
    expected = _header(path)["expect"]
    assert not run.error, f"grade raised: {run.error}"
    report = run.report
    text = json.dumps(report, ensure_ascii=False)
    # The contract's verdict, decided from measured facts.
    assert run.verdict == expected, f"{path.name}: {run.verdict} != {expected}\n{report.get('message')}\n" + (
        "\n".join(f"  {c['verdict']}: {c['message'][:300]}" for c in report["cases"][:4])
    )
    assert all(c["verdict"] != "judge_error" for c in report["cases"])
    # The grader stayed healthy and in time.
    assert run.wall < CONTRACT_WALL, f"grade took {run.wall:.1f} s"
    # Nothing of the submission survives the run.
    assert run.leftovers == [], f"processes left behind: {run.leftovers}"
    # Nothing of the oracle or the exercise's content reached the report.
    leaked = [s for s in SECRETS if s in text]
    assert not leaked, f"report contains oracle/content text: {leaked[:3]}"
    # The sandbox says what was active.
    sandbox = report.get("sandbox", {})
    if run.verdict not in ("syntax_error",):
        assert {"landlock", "seccomp", "net_namespace"} <= set(sandbox), sandbox


def test_no_escape_after_all_runs(runs: dict[str, Run], listeners, before) -> None:
    _, tcp, udp = listeners
    assert not _canary_hits(), "a submission wrote outside its scratch folder"
    with pytest.raises(BlockingIOError):
        tcp.accept()
    with pytest.raises(BlockingIOError):
        udp.recv(64)
    assert _tree_digest(ROOT / "solutions") == before["solutions"]
    assert _tree_digest(ROOT / "content") == before["content"]


def test_grader_healthy_afterwards(runs: dict[str, Run]) -> None:
    source = (HOSTILE / "correct.py").read_text(encoding="utf-8")
    report = grade(_exercise("bn2d-forward"), source, seed=777).to_json()
    assert report["verdict"] == "accepted", report["message"]
    sandbox = report["sandbox"]
    if os.uname().machine in ("x86_64", "aarch64"):
        assert sandbox["seccomp"] is True, sandbox
