"""Each sandbox layer, checked alone and together, in real child processes.

A child loads the quizapp/grading/sandbox/ package by path (as the harness does), calls
lock_down with a policy that switches single layers on or off, then runs
named probes and prints what each one did as JSON.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from quizapp.grading import parent_guard, spawn
from quizapp.grading.parent_guard import ResultError, ScratchDir, load_npy

ROOT = Path(__file__).resolve().parents[1]
HARNESS = ROOT / "quizapp" / "grading" / "harness.py"
IS_ROOT = os.geteuid() == 0
ALL_OFF = {
    "landlock": False,
    "seccomp": False,
    "net_namespace": False,
    "drop_uid": False,
    "import_guard": False,
}

CHILD = textwrap.dedent(
    r"""
    import importlib.util, json, os, signal, socket, sys, threading
    cfg = json.loads(sys.argv[1])
    import numpy as np
    spec = importlib.util.spec_from_file_location("qa_harness", cfg["harness"])
    harness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(harness)
    sb = harness.load_sandbox(os.path.dirname(cfg["harness"]))
    report = sb.lock_down(cfg["scratch"], cfg["policy"])
    out = {"report": report}

    def thread_probe():
        box = []
        t = threading.Thread(target=lambda: box.append(np.ones(3).sum()))
        t.start(); t.join()
        return float(box[0])

    def clone3_probe():
        import ctypes, errno
        libc = ctypes.CDLL(None, use_errno=True)
        args = (ctypes.c_uint64 * 11)()  # struct clone_args, flags=0: a fork
        ret = libc.syscall(435, ctypes.byref(args), ctypes.sizeof(args))
        if ret == 0:
            os._exit(0)
        if ret > 0:
            os.waitpid(ret, 0)
            return "forked"
        raise OSError(ctypes.get_errno(), "clone3")

    def tcp_probe():
        s = socket.create_connection(("127.0.0.1", cfg["port"]), timeout=2)
        s.close()
        return "connected"

    def udp_probe():
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        return s.sendto(b"x", ("127.0.0.1", cfg["udp_port"]))

    def write_outside():
        with open(cfg["outside"], "w") as f:
            f.write("escaped")
        return "written"

    def fsize_probe():
        with open("big.bin", "wb") as f:
            f.write(b"\0" * (cfg["policy"]["file_size_bytes"] * 2))
        return "written"

    def fork_probe():
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
        return "forked"

    def raw(x86, arm, *args):
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        ret = libc.syscall(x86 if os.uname().machine == "x86_64" else arm, *args)
        if ret < 0:
            raise OSError(ctypes.get_errno(), "raw syscall")
        return ret

    def scratch_fd():
        return os.open(".", os.O_RDONLY)

    probes = {
        "chmod_scratch": lambda: os.chmod(".", 0o700),
        "fchmod": lambda: os.fchmod(scratch_fd(), 0o700),
        "utime": lambda: os.utime("."),
        "setxattr": lambda: os.setxattr(".", "user.x", b"1"),
        "socketpair": lambda: socket.socketpair(),
        "shmget": lambda: raw(29, 194, 0, 4096, 0o1000 | 0o600),
        "msgget": lambda: raw(68, 186, 0, 0o1000 | 0o600),
        "memfd": lambda: os.memfd_create("x"),
        "fallocate": lambda: raw(285, 47, scratch_fd(), 1, 0, 4096),
        "inotify": lambda: raw(294, 26, 0),
        "prlimit_parent": lambda: __import__("resource").prlimit(os.getppid(), __import__("resource").RLIMIT_NOFILE),
        "prlimit_self": lambda: __import__("resource").prlimit(0, __import__("resource").RLIMIT_NOFILE),
        "setpriority_parent": lambda: os.setpriority(os.PRIO_PROCESS, os.getppid(), 19),
        "setpriority_user": lambda: os.setpriority(os.PRIO_USER, 0, 19),
        "setpriority_self": lambda: os.setpriority(os.PRIO_PROCESS, 0, 1),
        "affinity_parent": lambda: os.sched_setaffinity(os.getppid(), {0}),
        "affinity_self": lambda: sorted(os.sched_getaffinity(0)),
        "tiocsti": lambda: raw(16, 29, 0, 0x5412, 0),
        "mknod_char": lambda: os.mknod("dev", 0o600 | 0o020000, os.makedev(1, 3)),
        "mkfifo": lambda: os.mkfifo("fifo"),
        "sleep": lambda: __import__("time").sleep(0.01),
        "pipe": lambda: len(os.pipe()),
        "fork": fork_probe,
        "exec": lambda: os.execv("/bin/true", ["true"]),
        "subprocess": lambda: __import__("subprocess").run(["/bin/true"]).returncode,
        "clone3": clone3_probe,
        "thread": thread_probe,
        "numpy": lambda: float(np.linalg.solve(np.eye(3) * 2, np.ones(3)).sum()),
        "read_solutions_abs": lambda: os.listdir(cfg["solutions"]),
        "read_pyproject": lambda: open(cfg["pyproject"]).read(10),
        "read_rel": lambda: open("../secret.txt").read(),
        "write_outside": write_outside,
        "write_scratch": lambda: open("ok.txt", "w").write("fine"),
        "tcp": tcp_probe,
        "udp": udp_probe,
        "socket": lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM).fileno() >= 0,
        "kill_parent": lambda: os.kill(os.getppid(), 0),
        "kill_self": lambda: os.kill(os.getpid(), 0),
        "import_torch": lambda: __import__("torch").__name__,
        "import_solutions": lambda: __import__("solutions").__name__,
        "import_json": lambda: __import__("json").dumps([1]),
        "import_decimal_late": lambda: str(__import__("decimal").Decimal("1.5")),
        "uid": lambda: list(os.getresuid()),
        "alloc_2g": lambda: np.ones(2 << 30 >> 3).nbytes,
        "fsize": fsize_probe,
        "tempfile": lambda: __import__("tempfile").mkstemp()[1],
        "devnull": lambda: open(os.devnull, "w").write("x"),
    }
    for name in cfg["probes"]:
        try:
            out[name] = ["ok", probes[name]()]
        except BaseException as exc:  # noqa: BLE001 - report everything
            out[name] = ["err", type(exc).__name__, getattr(exc, "errno", None)]
    sys.stdout.write(json.dumps(out, default=str))
    """
)


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    d = tmp_path / "scratch"
    d.mkdir()
    return d


@pytest.fixture(scope="module")
def listener():
    """A TCP listener and a UDP socket on 127.0.0.1 in the test's own netns."""
    tcp = socket.socket()
    tcp.bind(("127.0.0.1", 0))
    tcp.listen(8)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    udp.setblocking(False)
    yield tcp.getsockname()[1], udp
    tcp.close()
    udp.close()


def spawn_child(
    scratch: Path,
    policy: dict,
    probes: list[str],
    listener=None,
    timeout: float = 30,
) -> subprocess.CompletedProcess[bytes]:
    outside = scratch.parent / "outside.txt"
    cfg = {
        "harness": str(HARNESS),
        "scratch": str(scratch),
        "policy": policy,
        "probes": probes,
        "solutions": str(ROOT / "solutions"),
        "pyproject": str(ROOT / "pyproject.toml"),
        "outside": str(outside),
        "port": listener[0] if listener else 9,
        "udp_port": listener[1].getsockname()[1] if listener else 9,
    }
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(cfg)],
        cwd=scratch,
        env=env,
        capture_output=True,
        timeout=timeout,
        start_new_session=True,
    )


def run_child(scratch: Path, policy: dict, probes: list[str], listener=None) -> dict:
    proc = spawn_child(scratch, policy, probes, listener)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    return json.loads(proc.stdout)


def denied(result: list) -> bool:
    return result[0] == "err" and result[1] in (
        "PermissionError",
        "OSError",
        "ModuleNotFoundError",
        "ImportError",
        "ConnectionRefusedError",
        "TimeoutError",
    )


def load_sandbox():
    """The sandbox package as the harness loads it (by path, under a private name)."""
    from quizapp.grading import harness

    return harness.load_sandbox(str(HARNESS.parent))


def _landlock_abi() -> int:
    return load_sandbox().landlock_abi()


ABI = _landlock_abi()


def test_all_layers_together(scratch: Path, listener) -> None:
    probes = [
        "fork", "exec", "subprocess", "clone3", "thread", "numpy", "read_solutions_abs",
        "read_pyproject", "read_rel", "write_outside", "write_scratch", "tcp", "udp",
        "kill_parent", "kill_self", "import_torch", "import_solutions", "import_json",
        "import_decimal_late", "tempfile", "devnull",
    ]  # fmt: skip
    (scratch.parent / "secret.txt").write_text("oracle")
    out = run_child(scratch, {"cpu_seconds": 10, "memory_bytes": 1 << 30}, probes, listener)
    rep = out["report"]
    assert rep["seccomp"] is True, rep
    assert rep["rlimits"] is True and rep["no_new_privs"] is True
    assert rep["landlock"] == ABI
    # Only a missing network namespace is excusable (unprivileged user namespaces
    # are off in some CI containers); everything else must have worked.
    assert [e for e in rep["errors"] if IS_ROOT or not e.startswith("net namespace")] == []
    for name in ("fork", "exec", "subprocess", "read_solutions_abs", "read_pyproject"):
        assert denied(out[name]), (name, out[name])
    assert out["clone3"] == ["err", "OSError", 38], out["clone3"]  # ENOSYS
    for name in ("write_outside", "tcp", "udp", "kill_parent"):
        assert denied(out[name]), (name, out[name])
    assert out["read_rel"][1] == "PermissionError", out["read_rel"]
    assert not (scratch.parent / "outside.txt").exists()
    assert out["import_torch"][1] == "ModuleNotFoundError"
    assert out["import_solutions"][1] == "ModuleNotFoundError"
    assert out["thread"] == ["ok", 3.0]
    assert out["numpy"] == ["ok", 1.5]
    assert out["import_json"][0] == "ok" and out["import_decimal_late"] == ["ok", "1.5"]
    assert out["kill_self"][0] == "ok"
    assert out["write_scratch"][0] == "ok" and (scratch / "ok.txt").read_text() == "fine"
    assert out["tempfile"][0] == "ok" and out["tempfile"][1].startswith(str(scratch))
    assert out["devnull"][0] == "ok"


@pytest.mark.skipif(ABI < 1, reason="kernel without Landlock")
def test_landlock_alone(scratch: Path, listener) -> None:
    probes = [
        "read_solutions_abs", "read_pyproject", "write_outside", "write_scratch", "tcp",
        "kill_parent", "numpy", "import_decimal_late", "fork",
    ]  # fmt: skip
    out = run_child(scratch, {**ALL_OFF, "landlock": True}, probes, listener)
    assert out["report"]["landlock"] == ABI and out["report"]["seccomp"] is False
    for name in ("read_solutions_abs", "read_pyproject", "write_outside"):
        assert out[name][1] == "PermissionError", (name, out[name])
    assert out["write_scratch"][0] == "ok"
    assert out["numpy"] == ["ok", 1.5] and out["import_decimal_late"][0] == "ok"
    if ABI >= 4:
        assert out["tcp"][1] == "PermissionError", out["tcp"]
    if ABI >= 6:
        assert out["kill_parent"][1] == "PermissionError", out["kill_parent"]
    # Landlock does not stop fork: that is seccomp's job.
    assert out["fork"][0] == "ok"


def test_seccomp_alone(scratch: Path, listener) -> None:
    probes = ["fork", "exec", "subprocess", "clone3", "thread", "socket", "kill_parent"]
    probes += ["kill_self", "numpy"]
    out = run_child(scratch, {**ALL_OFF, "seccomp": True}, probes, listener)
    assert out["report"]["seccomp"] is True and out["report"]["landlock"] == 0
    for name in ("fork", "exec", "subprocess", "socket", "kill_parent"):
        assert denied(out[name]), (name, out[name])
    assert out["clone3"][2] == 38
    assert out["thread"] == ["ok", 3.0] and out["numpy"] == ["ok", 1.5]
    assert out["kill_self"][0] == "ok"


REVIEW_CALLS = [
    "chmod_scratch", "fchmod", "utime", "setxattr", "socketpair", "shmget", "msgget", "memfd", "fallocate",
    "inotify", "prlimit_parent", "setpriority_parent", "setpriority_user", "affinity_parent", "tiocsti",
    "mknod_char", "fork", "exec", "clone3",
]  # fmt: skip
HONEST_CALLS = ["thread", "numpy", "prlimit_self", "setpriority_self", "affinity_self", "mkfifo", "sleep", "pipe",
                "import_decimal_late", "tempfile", "kill_self"]  # fmt: skip


def test_seccomp_allowlist_alone(scratch: Path) -> None:
    """Issue 14: everything the review used is refused (EPERM; clone3 ENOSYS), with no
    other layer on; what honest code does still works."""
    out = run_child(scratch, {**ALL_OFF, "seccomp": True}, REVIEW_CALLS + HONEST_CALLS)
    assert out["report"]["seccomp"] is True and out["report"]["seccomp_insns"] > 100
    for name in REVIEW_CALLS:
        assert out[name][0] == "err", (name, out[name])
        assert out[name][2] == (38 if name == "clone3" else 1), (name, out[name])  # ENOSYS / EPERM
    for name in HONEST_CALLS:
        assert out[name][0] == "ok", (name, out[name])


def test_net_namespace_alone(scratch: Path, listener) -> None:
    out = run_child(scratch, {**ALL_OFF, "net_namespace": True}, ["tcp", "udp"], listener)
    if not out["report"]["net_namespace"]:
        pytest.skip(f"no network namespace here: {out['report']['errors']}")
    # Only a down loopback exists in the new namespace.
    assert out["tcp"][0] == "err" and out["udp"][0] == "err", out
    time.sleep(0.05)
    with pytest.raises(BlockingIOError):
        listener[1].recv(16)


@pytest.mark.skipif(not IS_ROOT, reason="uid drop applies only when the grader runs as root")
def test_uid_drop_alone(scratch: Path, listener) -> None:
    uid = spawn.pick_sandbox_uid()
    out = run_child(scratch, {**ALL_OFF, "drop_uid": True, "uid": uid, "gid": uid}, ["uid", "kill_parent"])
    assert out["report"]["uid_dropped"] is True, out["report"]
    assert out["uid"] == ["ok", [uid, uid, uid]]
    assert out["kill_parent"][1] == "PermissionError"
    assert scratch.stat().st_uid == uid


@pytest.mark.skipif(ABI < 1, reason="kernel without Landlock")
def test_write_paths_make_the_scratch_root_read_only(scratch: Path) -> None:
    work, out = scratch / "work", scratch / "out"
    work.mkdir()
    out.mkdir()
    (scratch / "job.json").write_text("{}")
    code = textwrap.dedent(
        f"""
        import importlib.util, json, os, sys
        spec = importlib.util.spec_from_file_location("h", {str(HARNESS)!r})
        h = importlib.util.module_from_spec(spec); spec.loader.exec_module(h)
        sb = h.load_sandbox({str(HARNESS.parent)!r})
        rep = sb.lock_down({str(scratch)!r}, {{"write_paths": [{str(work)!r}, {str(out)!r}],
                                               "read_paths": [sys.base_prefix]}})
        res = {{"notes": rep["notes"], "landlock": rep["landlock"]}}
        for name, fn in [("job", lambda: open("../job.json").read()),
                         ("out", lambda: open("../out/r.bin", "wb").write(b"x")),
                         ("rewrite_job", lambda: open("../job.json", "w").write("evil")),
                         ("swap_out", lambda: os.rename("../out", "../out2")),
                         ("new_in_root", lambda: open("../planted", "w").write("x"))]:
            try:
                res[name] = ["ok", fn()]
            except OSError as exc:
                res[name] = ["err", exc.errno]
        print(json.dumps(res))
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=work, capture_output=True, timeout=30)
    out_json = json.loads(proc.stdout)
    assert out_json["landlock"] == ABI
    assert out_json["job"] == ["ok", "{}"] and out_json["out"] == ["ok", 1]
    for name in ("rewrite_job", "swap_out", "new_in_root"):
        assert out_json[name][0] == "err", (name, out_json[name])
    assert (scratch / "job.json").read_text() == "{}" and out.is_dir()
    # sys.base_prefix holds the base site-packages: it is not granted whole.
    assert any("contains site-packages" in n for n in out_json["notes"])


def _userns_available() -> bool:
    """Can an ordinary user have a user namespace here (and so a mount namespace)?"""
    probe = "import ctypes, sys; sys.exit(ctypes.CDLL(None).unshare(0x10000000 | 0x20000) != 0)"
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=30).returncode == 0


@pytest.mark.parametrize("mount", [True, False], ids=["tmpfs", "no_mount_namespace"])
def test_the_writable_scratch_is_a_size_capped_tmpfs(scratch: Path, mount: bool) -> None:
    """Issue 14 (disk): work/ is a tmpfs of `scratch_tmpfs_bytes` in a mount namespace of
    the child's own: the total is capped (bytes and files), nothing reaches the disk under
    it, nothing propagates to the host's mounts. Without it (the layer off, or refused by
    the kernel), the report says so."""
    work = scratch / "work"
    work.mkdir()
    policy = {"write_paths": [str(work)], "scratch_tmpfs_bytes": 1 << 20, "mount_namespace": mount,
              "read_paths": [sys.base_prefix]}  # fmt: skip
    code = textwrap.dedent(
        f"""
        import importlib.util, json, os, sys
        spec = importlib.util.spec_from_file_location("h", {str(HARNESS)!r})
        h = importlib.util.module_from_spec(spec); spec.loader.exec_module(h)
        sb = h.load_sandbox({str(HARNESS.parent)!r})
        rep = sb.lock_down({str(scratch)!r}, json.loads(sys.argv[1]))
        res = {{"report": rep, "cwd": os.getcwd()}}
        def fill():
            with open("fill.bin", "wb") as f:
                for _ in range(4):
                    f.write(b"x" * (1 << 19))
                    f.flush()
        def many():
            for i in range(10000):
                open(f"e{{i}}", "wb").close()
        for name, fn in [("fill", fill), ("many", many)]:
            try:
                res[name] = ["ok", fn()]
            except OSError as exc:
                res[name] = ["err", exc.errno]
            for f in os.listdir("."):
                os.unlink(f)
        res["listing"] = os.listdir(".")
        open("left.txt", "w").write("only on the tmpfs")
        print(json.dumps(res, default=str))
        """
    )
    proc = subprocess.run([sys.executable, "-c", code, json.dumps(policy)], cwd=work, capture_output=True,
                          timeout=60, env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    out = json.loads(proc.stdout)
    report = out["report"]
    on_tmpfs = report["mount_namespace"] and report["scratch_tmpfs_bytes"] == 1 << 20
    if mount and (IS_ROOT or _userns_available()):
        assert on_tmpfs and not report["errors"], report
        assert out["fill"] == ["err", 28] and out["many"] == ["err", 28], out  # ENOSPC both
        # The child wrote on its tmpfs, not in the folder under it (which the host sees).
        assert list(work.iterdir()) == []
    else:
        assert not on_tmpfs
        assert out["fill"][0] == "ok" and out["many"][0] == "ok", out
        assert (work / "left.txt").read_text() == "only on the tmpfs"  # on the disk, as before
        if mount:
            assert any(e.startswith(("scratch tmpfs", "net namespace")) for e in report["errors"]), report


def test_rlimits_memory_and_file_size(scratch: Path) -> None:
    policy = {**ALL_OFF, "memory_bytes": 512 << 20, "file_size_bytes": 1 << 20}
    out = run_child(scratch, policy, ["alloc_2g", "numpy"], None)
    assert out["alloc_2g"][1] == "MemoryError"
    assert out["numpy"] == ["ok", 1.5]
    # Python ignores SIGXFSZ, so writing past RLIMIT_FSIZE fails with EFBIG.
    out = run_child(scratch, {**policy, "file_size_bytes": 1 << 16}, ["fsize"])
    assert out["fsize"] == ["err", "OSError", 27]
    assert (scratch / "big.bin").stat().st_size <= 1 << 16


def test_cpu_limit_kills_even_when_sigxcpu_is_ignored(scratch: Path) -> None:
    code = textwrap.dedent(
        f"""
        import importlib.util, signal
        spec = importlib.util.spec_from_file_location("h", {str(HARNESS)!r})
        h = importlib.util.module_from_spec(spec); spec.loader.exec_module(h)
        sb = h.load_sandbox({str(HARNESS.parent)!r})
        sb.lock_down({str(scratch)!r}, {{"cpu_seconds": 1}})
        signal.signal(signal.SIGXCPU, signal.SIG_IGN)
        while True:
            pass
        """
    )
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", code], timeout=20, capture_output=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()[-1000:]
    assert time.monotonic() - start < 30  # SIGKILL at 2 s of CPU; wall time depends on load


# -- parent side -------------------------------------------------------------


def _npy(arr: np.ndarray) -> bytes:
    import io

    buf = io.BytesIO()
    np.save(buf, arr, allow_pickle=False)
    return buf.getvalue()


def test_load_npy_accepts_plain_arrays() -> None:
    a = np.arange(12, dtype=np.float32).reshape(3, 4)
    b = load_npy(_npy(a), max_elements=100)
    assert b.dtype == np.float32 and np.array_equal(a, b)
    f = np.asfortranarray(np.arange(6.0).reshape(2, 3))
    assert np.array_equal(load_npy(_npy(f), max_elements=100), f)


def test_load_npy_rejects_hostile_images() -> None:
    obj = b"\x93NUMPY\x01\x00" + _header("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }")
    with pytest.raises(ResultError, match="dtype"):
        load_npy(obj + b"\0" * 8, max_elements=10)
    big = b"\x93NUMPY\x02\x00" + (1 << 30).to_bytes(4, "little") + b"{"
    with pytest.raises(ResultError, match="too large"):
        load_npy(big, max_elements=10)
    huge_shape = b"\x93NUMPY\x01\x00" + _header(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000), }"
    )
    with pytest.raises(ResultError, match="elements"):
        load_npy(huge_shape, max_elements=10**6)
    short = _npy(np.zeros(4))[:-8]
    with pytest.raises(ResultError, match="size"):
        load_npy(short, max_elements=10)
    structured = _npy(np.zeros(2, dtype=[("a", "<f8")]))
    with pytest.raises(ResultError):
        load_npy(structured, max_elements=10)
    with pytest.raises(ResultError):
        load_npy(b"not numpy at all", max_elements=10)


def _header(text: str) -> bytes:
    raw = text.encode("latin-1") + b"\n"
    return len(raw).to_bytes(2, "little") + raw


def test_read_result_refuses_symlinks_fifos_and_big_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("oracle")
    d = tmp_path / "s"
    d.mkdir()
    (d / "link.npy").symlink_to(secret)
    os.mkfifo(d / "fifo.npy")
    (d / "big.npy").write_bytes(b"x" * 100)
    (d / "good.npy").write_bytes(b"data")
    os.link(secret, d / "hard.npy")
    with ScratchDir(str(d)) as sd:
        for name, why in [
            ("link.npy", "cannot open"),
            ("fifo.npy", "not a regular"),
            ("big.npy", "limit"),
            ("hard.npy", "links"),
            ("missing.npy", "missing"),
            ("../secret.txt", "bad result name"),
        ]:
            with pytest.raises(ResultError, match=why):
                sd.read_result(name, max_bytes=50)
        assert sd.read_result("good.npy", max_bytes=50) == b"data"


def test_sweep_kills_a_setsid_grandchild() -> None:
    token = parent_guard.new_token()
    env = {**os.environ, parent_guard.TOKEN_ENV: token}
    code = "import os,time\nif os.fork()==0:\n os.setsid()\n time.sleep(60)\nos._exit(0)"
    subprocess.run([sys.executable, "-c", code], env=env, timeout=10)
    time.sleep(0.1)
    left = parent_guard.find_processes(token=token)
    assert left, "the grandchild should still be running before the sweep"
    killed = parent_guard.sweep(token=token)
    assert set(left) <= set(killed)
    assert [p for p in parent_guard.find_processes(token=token) if not parent_guard._is_zombie(p)] == []


def test_make_non_dumpable_in_a_child() -> None:
    code = (
        "import ctypes\nfrom quizapp.grading import parent_guard\n"
        "assert parent_guard.make_non_dumpable()\n"
        "print(ctypes.CDLL(None).prctl(3, 0, 0, 0, 0))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=10)
    assert out.stdout.strip() == b"0", out.stderr


# -- cleanup (issue 14) -------------------------------------------------------

REMOVE_TREE = textwrap.dedent(
    r"""
    import json, os, sys
    from quizapp.grading.parent_guard import remove_tree
    if os.geteuid() == 0:  # an ordinary user from here on (imports are done)
        os.setgroups([])
        os.setresgid(65534, 65534, 65534)
        os.setresuid(65534, 65534, 65534)
    root, outside = sys.argv[1], sys.argv[2]
    os.mkdir(root)
    fd = os.open(root, os.O_RDONLY)
    cur = fd
    for _ in range(1500):  # deeper than Python's recursion limit
        os.mkdir("d", dir_fd=cur)
        nxt = os.open("d", os.O_RDONLY, dir_fd=cur)
        if cur != fd:
            os.close(cur)
        cur = nxt
    os.symlink(outside, "link", dir_fd=cur)
    os.symlink(os.path.dirname(outside), "dirlink", dir_fd=cur)
    os.mkdir("locked", dir_fd=fd)
    with open(os.path.join(root, "locked", "f"), "w") as f:
        f.write("x")
    os.mkdir(os.path.join(root, "locked", "inner"))
    os.chmod(os.path.join(root, "locked", "inner"), 0)
    os.chmod(os.path.join(root, "locked"), 0)
    os.chmod(root, 0o500)
    print(json.dumps({"gone": remove_tree(root), "uid": os.getuid()}))
    """
)


def test_scratch_removal_survives_deep_chains_locked_folders_and_symlinks() -> None:
    """As an ordinary user (the subprocess drops root itself once its imports are done)."""
    import shutil
    import tempfile

    top = Path(tempfile.mkdtemp(prefix="quizapp-test-rm-"))
    try:
        top.chmod(0o755)
        base = top / "base"
        base.mkdir()
        outside = top / "outside.txt"
        outside.write_text("keep")
        if IS_ROOT:
            os.chown(base, 65534, 65534)
        mode_before = outside.stat().st_mode
        proc = subprocess.run(
            [sys.executable, "-c", REMOVE_TREE, str(base / "scratch"), str(outside)],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-2000:]
        out = json.loads(proc.stdout)
        assert out["gone"] is True and not (base / "scratch").exists()
        assert out["uid"] == (65534 if IS_ROOT else os.getuid())
        assert outside.read_text() == "keep" and outside.stat().st_mode == mode_before
    finally:
        shutil.rmtree(top, ignore_errors=True)
        assert "Traceback" not in proc.stderr


# -- fork hygiene (issue 14) --------------------------------------------------

CANARY = "zqcanary" + os.urandom(4).hex() + "zq"


def _child_of(parent: int, timeout: float = 20.0) -> int:
    """The grading child of `parent` once it has locked down (Seccomp: 2)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            status = parent_guard.read_status(int(name))
            try:
                with open(f"/proc/{name}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == parent and status.get("Seccomp") == "2":
                return int(name)
        time.sleep(0.05)
    raise AssertionError("no locked-down child appeared")


def _memory_hits(pid: int, needles: list[bytes]) -> dict[str, int]:
    """Occurrences of each needle in every readable mapping of `pid` (/proc/<pid>/mem)."""
    hits: dict[str, int] = {}
    with open(f"/proc/{pid}/maps") as f:
        maps = f.read().splitlines()
    fd = os.open(f"/proc/{pid}/mem", os.O_RDONLY)
    try:
        for line in maps:
            parts = line.split()
            if not parts[1].startswith("r") or (len(parts) > 5 and parts[5] in ("[vvar]", "[vvar_vclock]")):
                continue
            start, end = (int(x, 16) for x in parts[0].split("-"))
            try:
                data = os.pread(fd, end - start, start)
            except OSError:
                continue
            for needle in needles:
                if needle in data:
                    key = f"{parts[5] if len(parts) > 5 else 'anon'} {needle[:4]!r}"
                    hits[key] = hits.get(key, 0) + data.count(needle)
    finally:
        os.close(fd)
    return hits


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the CLI forks its child on Linux only")
def test_the_fork_forgets_the_command_line_and_environment(tmp_path: Path) -> None:
    folder = tmp_path / CANARY
    folder.mkdir()
    sol = folder / "sol.py"
    # Sleeps (without the canary in its source) while the test reads the child's memory.
    sol.write_text("import time\ntime.sleep(4)\nraise SystemExit('done')\n")
    env = {**os.environ, "QUIZAPP_TEST_SECRET": CANARY, "QUIZAPP_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "quizapp", "grade", "bn2d-forward", str(sol), "--json"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        child = _child_of(proc.pid)
        needles = [CANARY.encode(e) for e in ("utf-8", "utf-16-le", "utf-32-le")]
        hits = _memory_hits(child, needles)
    finally:
        out, err = proc.communicate(timeout=60)
    assert json.loads(out)["verdict"] == "runtime_error", err[-2000:]
    assert hits == {}, f"the parent's command line or environment is still in the fork's memory: {hits}"


HYGIENE = textwrap.dedent(
    r"""
    import importlib.util, json, os, sys
    spec = importlib.util.spec_from_file_location("qa_harness", sys.argv[1])
    harness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(harness)
    canary = sys.argv[2]
    if sys.argv[3] == "argv":
        # Two equal str objects of one word: sys.orig_argv's and sys.argv's.
        copies = [w for w in (*sys.orig_argv, *sys.argv) if w == canary]
        harness._forget_command_line([*sys.orig_argv, *sys.argv])
        print(json.dumps({"copies": len({id(w) for w in copies}), "left": [w != "\0" * len(w) for w in copies]}))
    else:
        decoded = []
        original = os.environ.decodevalue
        os.environ.decodevalue = lambda value: decoded.append(value) or original(value)
        harness._replace_environment({"ONLY": "this"})
        print(json.dumps({"decoded": [canary.encode() in v for v in decoded], "environ": dict(os.environ)}))
    """
)


def _hygiene(what: str) -> dict:
    env = {**os.environ, "QUIZAPP_TEST_SECRET": CANARY}
    args = [sys.executable, "-c", HYGIENE, str(HARNESS), CANARY, what]
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60, check=True)
    return json.loads(proc.stdout)


def test_every_equal_copy_of_a_command_line_word_is_overwritten() -> None:
    """Issue 14 (the hostile suite's 1-in-5 canary): sys.argv's word and sys.orig_argv's
    are two equal objects; once the first was zeroed, the second no longer compared equal
    to the word and was left whole, then freed with its characters when sys.argv went."""
    out = _hygiene("argv")
    assert out["copies"] == 2 and out["left"] == [False, False], out


def test_the_fork_never_decodes_the_parents_environment() -> None:
    """Issue 14: os.environ.clear() decodes every value into a str freed at once, whose
    characters stay in the allocator's free block: the environment is forgotten without
    ever decoding a value of the parent's."""
    out = _hygiene("environ")
    assert out["environ"] == {"ONLY": "this"}
    assert out["decoded"] == [], out


# Switches off the harness's Python-level guards (as tests/hostile/ does) so that ctypes
# can be used at all: only seccomp stands in the way, and its refusal must be named.
_DISARM = textwrap.dedent(
    """
    import ctypes, gc, os, sys
    _main = sys.modules.get("__main__")
    for _name in ("_BLOCKED_EVENTS", "_PATH_EVENTS"):
        if _main is not None and hasattr(_main, _name):
            setattr(_main, _name, frozenset())
    for _obj in gc.get_objects():
        _code, _cells = getattr(_obj, "__code__", None), getattr(_obj, "__closure__", None)
        if _code is not None and _cells:
            for _var, _cell in zip(_code.co_freevars, _cells):
                if _var == "inside":
                    _cell.cell_contents = lambda *a, **k: True
    libc = ctypes.CDLL(None, use_errno=True)
    # chmod(".", 0o777) by number: x86_64 has chmod (90), aarch64 only fchmodat (53).
    RAW_CHMOD = (90, b".", 0o777) if os.uname().machine == "x86_64" else (53, -100, b".", 0o777)
    """
)


@pytest.mark.parametrize(
    ("attack", "named"),
    [
        ("os.chmod('.', 0o777)", "chmod"),
        ("libc.chmod(b'.', 0o777)\nraise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))", "chmod"),
        ("ctypes.CDLL(None).socket(2, 1, 0)\nraise RuntimeError('no socket')", "socket"),
        ("libc.syscall(*RAW_CHMOD)\nraise RuntimeError('raw chmod failed')",
         "chmod" if os.uname().machine == "x86_64" else "fchmodat"),
        # A bare function pointer escapes the wrapper: the refusal holds, unnamed.
        ("f = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_char_p, ctypes.c_int)(ctypes.cast(libc.chmod, ctypes.c_void_p)"
         ".value)\nf(b'.', 0o777)\nraise PermissionError(1, 'Operation not permitted')", None),
    ],
    ids=["os_function", "ctypes_function", "ctypes_plain_cdll", "raw_syscall_number", "bare_pointer"],
)
@pytest.mark.skipif(os.uname().machine not in ("x86_64", "aarch64"), reason="the seccomp allowlist needs them")
def test_a_refused_call_is_named_in_both_languages(attack: str, named: str | None) -> None:
    """Issue 14: seccomp's EPERM reaches the report as "the grader does not allow <call>"
    and its Chinese twin, worded by the parent from the catalogue; the call is named when
    the harness saw it fail (a Python function, a ctypes.CDLL function, syscall(N))."""
    from quizapp.content import load_content
    from quizapp.grading.engine import grade

    exercise = load_content(include_user=False).catalog.exercise("bn2d-forward")
    report = grade(exercise, _DISARM + attack + "\n", seed=5)
    assert report.verdict == "runtime_error", report.message
    if named:
        assert f"(the grader does not allow {named})" in report.message, report.message
        assert f"（评测程序不允许系统调用 {named}）" in report.message.zh, report.message.zh
    else:
        assert "(the grader does not allow this system call)" in report.message, report.message
        assert "（评测程序不允许这个系统调用）" in report.message.zh, report.message.zh
