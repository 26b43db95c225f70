"""The child's side of grading, and the step protocol both sides share.

Run as a script (`python -I -S harness.py SCRATCH`) it is the child: it limits itself,
imports numpy, locks itself down (sandbox.lock_down with SCRATCH/policy.json), says
"ready", waits for "go" on stdin, then reads SCRATCH/job.json (and the inputs' raw
bytes in SCRATCH/in), runs the submission through every case and writes what it saw to
SCRATCH/out (events.jsonl, plus results.npys: one .npy record per observed array,
located by byte range). It never writes to stdout or stderr: those belong to the
submission; the parent caps them. `quizapp grade` forks its child instead
(spawn.fork): the fork enters through `serve_forked`, which first makes it look like
the script started afresh.

Locking down before "go" keeps it off the critical path of a grade (it runs while the
parent loads content, or while a warm spare waits), and is no weaker: nothing of the
submission exists in the process until after "go".

Imported as `quizapp.grading.harness` the parent uses `run_case` and `split_outputs` to
run the very same steps on the reference. Hence: standard library and numpy only, numpy
imported inside functions (the child must set its limits before importing it), and no
import of quizapp here, ever.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import Any

ALLOWED_TOP_LEVEL = "numpy"
MAX_MESSAGE = 600
MAX_NAME = 200  # type names the child reports (a class name can be any length)
SANDBOX_PACKAGE = "sandbox"  # quizapp/grading/sandbox/, loaded by path


# -- the step protocol (shared) ---------------------------------------------------------


class StepFailed(Exception):
    """The target raised during step `index`; the original exception is __cause__."""

    def __init__(self, index: int) -> None:
        super().__init__(index)
        self.index = index


def take_view(base: Any, view: str) -> Any:
    """Rebuild a non-contiguous input from its base (see generate.InputArray)."""
    if view == "transposed":
        return base.swapaxes(-1, -2)
    if view == "strided":
        return base[..., ::2]
    return base


def decode(value: Any, arrays: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        if "$array" in value:
            return arrays[value["$array"]]
        if "$tuple" in value:
            return tuple(decode(v, arrays) for v in value["$tuple"])
    return value


def _input_names(steps: list[dict[str, Any]]) -> list[str]:
    """The arrays a case passes as arguments (construct or call), in first-use order.

    Arrays only assigned with a "set" step are state handed to the object, which it
    may update in place (running statistics); they are not inputs.
    """
    names: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if "$array" in value and value["$array"] not in names:
                names.append(value["$array"])
            for item in value.get("$tuple", ()):
                walk(item)

    for step in steps:
        if step["op"] in ("construct", "call"):
            for value in [*step.get("args", ()), *step.get("kwargs", {}).values()]:
                walk(value)
    return names


def _unchanged(arr: Any, copy: Any) -> bool:
    # issue 5 (sandbox): bytes, not np.array_equal. A submission can monkeypatch numpy's
    # functions in the child, but not ndarray.tobytes or bytes.__eq__ (C types); and
    # bitwise equality treats NaN == NaN as the rule needs.
    return arr.shape == copy.shape and arr.dtype == copy.dtype and arr.tobytes() == copy.tobytes()


def run_case(
    entry: Any,
    steps: list[dict[str, Any]],
    arrays: dict[str, Any],
    on_result: Callable[[int, dict[str, Any], Any], None],
    on_read: Callable[[int, int, Any], None],
    on_modified: Callable[[int, list[str]], None],
    *,
    check_inputs: bool = True,
) -> None:
    """Run the steps against `entry` (a class or a function), reporting every observable.

    Raises StepFailed(index) from the target's own exception. Every input array of the
    case (see _input_names) is compared with a private copy after each step, and once
    more when the case ends however it ends: code that keeps `x` and writes into it
    on a later call is caught at that call. `on_modified` gets the step and the names
    of the arrays found changed there (each array is reported once).
    """
    watched = {n: arrays[n] for n in _input_names(steps)} if check_inputs else {}
    copies = {n: a.copy() for n, a in watched.items()}

    def check(index: int) -> None:
        changed = [n for n, a in watched.items() if not _unchanged(a, copies[n])]
        for name in changed:
            del watched[name]
        if changed:
            on_modified(index, changed)

    obj: Any = None
    index = -1
    try:
        for index, step in enumerate(steps):
            op = step["op"]
            try:
                if op == "construct":
                    args = [decode(v, arrays) for v in step["args"]]
                    kwargs = {k: decode(v, arrays) for k, v in step["kwargs"].items()}
                    obj = entry(*args, **kwargs)
                elif op == "set":
                    for name, value in step["attrs"].items():
                        setattr(obj, name, decode(value, arrays))
                elif op == "read":
                    for slot, name in enumerate(step["attrs"]):
                        on_read(index, slot, getattr(obj, name))
                elif op == "call":
                    target = getattr(obj, step["method"]) if step.get("method") else entry
                    args = [decode(v, arrays) for v in step["args"]]
                    kwargs = {k: decode(v, arrays) for k, v in step["kwargs"].items()}
                    result = target(*args, **kwargs)
                    check(index)
                    on_result(index, step, result)
                else:  # pragma: no cover - the parent only sends the ops above
                    raise ValueError(f"unknown op {op!r}")
            except Exception as exc:  # the target's error, whatever it is, ends this case
                raise StepFailed(index) from exc
            check(index)
    finally:
        if watched and index >= 0:
            check(index)  # the case ends: once more, whichever way it ends


def split_outputs(result: Any, count: int) -> list[Any] | None:
    """The outputs of a call: the value itself when one is expected, else a tuple/list of `count`."""
    if count == 1:
        return [result]
    if isinstance(result, tuple | list) and len(result) == count:
        return list(result)
    return None


# -- the child --------------------------------------------------------------------------


class _Channel:
    """Events for the parent, one JSON object a line.

    Flushed at every event but the per-value ones: those matter only once their case
    has ended, and `case_end` flushes them (one write per case, not one per value).
    """

    _BUFFERED = frozenset({"obs", "modified", "container"})

    def __init__(self, path: str) -> None:
        # Append mode: a line the submission appends is never overwritten by the next of
        # ours (the parent then sees it and calls it interference), nor ours by it.
        self._file = open(path, "a", encoding="utf-8")  # noqa: SIM115 - lives as long as the child
        self.results: Any = None  # the results file, opened before lock-down

    def send(self, **event: Any) -> None:
        self._file.write(json.dumps(event) + "\n")
        if event["ev"] not in self._BUFFERED:
            if self.results is not None:
                self.results.flush()  # the records an event points to are on disk first
            self._file.flush()


def _set_limit(which: int, soft: int, hard: int | None = None) -> None:
    import resource

    hard = soft if hard is None else hard
    try:
        resource.setrlimit(which, (soft, hard))
    except (ValueError, OSError):
        # The inherited hard limit is lower: lowering is still allowed.
        _, old_hard = resource.getrlimit(which)
        if old_hard != resource.RLIM_INFINITY:
            resource.setrlimit(which, (min(soft, old_hard), old_hard))


def _early_limits() -> None:
    """Limits that cost nothing to set before numpy is imported."""
    import resource
    import signal

    _set_limit(resource.RLIMIT_CORE, 0)
    _set_limit(resource.RLIMIT_NOFILE, 64)
    _set_limit(resource.RLIMIT_FSIZE, 256 * 2**20)
    # An oversized write then fails with EFBIG (an exception the user can read)
    # instead of killing the process with SIGXFSZ.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    if os.geteuid() != 0:
        # No new processes or threads (root ignores RLIMIT_NPROC; the sandbox covers it).
        _set_limit(resource.RLIMIT_NPROC, 0)


def _job_limits(cpu_seconds: float, memory_bytes: int) -> None:
    import resource

    used = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(used.ru_utime + used.ru_stime + cpu_seconds) + 1
    # SIGXCPU at the soft limit, SIGKILL one second later even if it is caught.
    _set_limit(resource.RLIMIT_CPU, soft, soft + 1)
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[0])
    # "1 GiB beyond the interpreter and numpy": the address space now, plus the budget.
    _set_limit(resource.RLIMIT_AS, pages * os.sysconf("SC_PAGE_SIZE") + memory_bytes)


def load_sandbox(here: str) -> Any:
    """The sandbox package beside this file, imported by path under a private name.

    By path, not as quizapp.grading.sandbox: `import quizapp` must keep failing in here.
    Every module of the package is imported now (its __init__ does), while the files
    can still be read; the private name is dropped from sys.modules afterwards.
    """
    import importlib.util

    folder = os.path.join(here, SANDBOX_PACKAGE)
    init = os.path.join(folder, "__init__.py")
    if not os.path.exists(init):
        return None
    name = "_quizapp_grading_sandbox"
    spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[folder])
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its modules import each other relatively through this
    try:
        spec.loader.exec_module(module)
    finally:
        for key in [k for k in sys.modules if k == name or k.startswith(name + ".")]:
            del sys.modules[key]
    return module


class _ImportGate:
    """A meta-path finder that refuses every top-level module but numpy and the stdlib."""

    def __init__(self) -> None:
        self.allowed = set(sys.stdlib_module_names) | {ALLOWED_TOP_LEVEL}

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> None:
        top = fullname.partition(".")[0]
        # issue 5 (sandbox): sysconfig, which numpy.testing imports, loads a
        # generated stdlib module (_sysconfigdata_<abi>_<platform>) that is not
        # listed in sys.stdlib_module_names.
        if top not in self.allowed and not top.startswith("_sysconfigdata_"):
            raise ModuleNotFoundError(
                f"import of '{top}' is not allowed here: only numpy and the standard library", name=fullname
            )
        return None


_BLOCKED_EVENTS = frozenset(
    {
        "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
        "subprocess.Popen", "pty.spawn", "os.kill", "os.killpg", "signal.pthread_kill",
        "socket.__new__", "socket.connect", "socket.bind", "socket.sendto", "socket.getaddrinfo",
        "ctypes.dlopen", "ctypes.dlsym", "ctypes.call_function", "ctypes.cdata",
        "os.symlink", "os.link", "os.chown", "os.setxattr", "os.removexattr",
        "sys.remote_exec", "sys.addaudithook", "os.add_dll_directory",
    }
)  # fmt: skip
_PATH_EVENTS = frozenset({"os.remove", "os.rmdir", "os.rename", "os.chmod", "os.truncate", "os.mkdir", "os.utime"})


def _install_audit_hook(scratch: str, read_roots: list[str]) -> None:
    """Defence in depth, not the boundary (that is the sandbox and the rlimits).

    Audit hooks cannot be removed from Python code, so they stop the obvious escapes
    (spawning, signalling the parent, sockets, ctypes, files outside the scratch folder)
    cheaply even when the kernel offers no landlock or seccomp.
    """
    write_root = os.path.realpath(scratch) + os.sep
    roots = tuple(os.path.realpath(r) + os.sep for r in read_roots) + (write_root,)
    devices = ("/dev/null", "/dev/urandom", "/dev/zero")

    def inside(path: Any, allowed: tuple[str, ...]) -> bool:
        if isinstance(path, int):
            return True  # an already-open descriptor: it was checked when opened
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        if not isinstance(path, str):
            return False
        real = os.path.realpath(path)
        return real in devices or (real + os.sep).startswith(allowed)

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event in _BLOCKED_EVENTS:
            raise PermissionError(f"not allowed while grading: {event}")
        if event == "open":
            path, mode, flags = (tuple(args) + (None, None, None))[:3]
            writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC)
            )
            if not inside(path, (write_root,) if writes else roots):
                raise PermissionError(f"not allowed while grading: opening {path!r}")
        elif event in _PATH_EVENTS:
            for arg in args[:2]:
                if isinstance(arg, str | bytes) and not inside(arg, (write_root,)):
                    raise PermissionError(f"not allowed while grading: {event} {arg!r}")

    sys.addaudithook(hook)


# Python functions whose system call the seccomp allowlist refuses (with EPERM), and
# the call's name for the message. A submission can reach the calls other ways (the
# posix module, ctypes); then it sees the plain EPERM. The refusal is the kernel's.
_REFUSED_CALLS = {
    "os": {
        "chmod": "chmod", "fchmod": "fchmod", "lchmod": "chmod", "chown": "chown", "fchown": "fchown",
        "lchown": "chown", "utime": "utimensat", "setxattr": "setxattr", "getxattr": "getxattr",
        "listxattr": "listxattr", "removexattr": "removexattr", "link": "linkat", "mknod": "mknodat",
        "memfd_create": "memfd_create", "posix_fallocate": "fallocate", "setpriority": "setpriority",
        "sched_setaffinity": "sched_setaffinity", "sched_setscheduler": "sched_setscheduler",
        "sched_setparam": "sched_setparam", "statvfs": "statfs", "fstatvfs": "fstatfs", "eventfd": "eventfd2",
        "pidfd_open": "pidfd_open", "setsid": "setsid", "setpgid": "setpgid", "fork": "clone",
        "forkpty": "clone", "kill": "kill", "killpg": "kill", "chroot": "chroot", "sync": "sync",
        "mkfifo": "mknodat", "getpriority": "getpriority", "sched_getaffinity": "sched_getaffinity",
    },
    "resource": {"prlimit": "prlimit64", "setrlimit": "prlimit64"},
    "socket": {"socketpair": "socketpair", "fromfd": "socket"},
    "signal": {"pthread_kill": "tgkill"},
}  # fmt: skip


def _name_refused_calls() -> None:
    """Wrap the functions above so that an EPERM records the refused call's name, and
    ctypes' foreign functions too (sandbox/refusals.py); the parent words the message."""
    refusals = _REFUSALS[0] if _REFUSALS else None
    if refusals is None:
        return

    def wrap(fn: Callable[..., Any], call: str) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except PermissionError as exc:
                if exc.errno == 1:  # EPERM: the seccomp filter's answer
                    refusals.record(call)
                raise

        wrapper.__name__ = wrapper.__qualname__ = getattr(fn, "__name__", call)
        wrapper.__doc__ = fn.__doc__
        return wrapper

    for module_name, calls in _REFUSED_CALLS.items():
        module = sys.modules.get(module_name)
        if module is None:
            continue  # not imported yet (socket): not worth its import time here
        for attr, call in calls.items():
            fn = getattr(module, attr, None)
            if callable(fn):
                setattr(module, attr, wrap(fn, call))
    import contextlib

    with contextlib.suppress(Exception):  # naming the call is a courtesy; the refusal holds anyway
        refusals.watch_foreign_calls()


def _refused_call(exc: BaseException) -> str:
    """The refused system call to name with `exc` ("" none, "*" an EPERM of unknown call)."""
    if _REFUSALS:
        return str(_REFUSALS[0].take(exc))
    return "*" if isinstance(exc, OSError) and exc.errno == 1 else ""


def _trimmed_traceback(exc: BaseException, filename: str) -> str:
    """Only the frames of the user's own file (the parent prints the exception line)."""
    import traceback

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
    text = "".join(traceback.format_list(frames))
    return text if len(text) <= 4 * MAX_MESSAGE else "...\n" + text[-4 * MAX_MESSAGE :]


def _exc_event(exc: BaseException, filename: str) -> dict[str, Any]:
    msg = str(exc)
    return {
        "type": type(exc).__name__[:MAX_NAME],
        "msg": msg[:MAX_MESSAGE],
        "tb": _trimmed_traceback(exc, filename),
        "memory": isinstance(exc, MemoryError),
        "refused": _refused_call(exc),
    }


def _describe(value: Any, results: Any) -> dict[str, Any]:
    """Append one observed value to the results file; say what it is if it cannot be an array."""
    import numpy as np

    if type(value) is np.ndarray:
        if value.dtype.hasobject or value.dtype.kind not in "biufc" or value.dtype.names:
            return {"kind": "bad_dtype", "dtype": str(value.dtype)[:MAX_NAME]}
        start = results.tell()
        try:
            _write_record(results, value)
        except MemoryError:
            raise
        except Exception as exc:  # e.g. the file-size limit
            results.seek(start)
            results.truncate()
            return {"kind": "unsaved", "msg": str(exc)[:MAX_MESSAGE]}
        return {"kind": "array", "start": start, "end": results.tell()}
    if isinstance(value, np.ndarray):
        return {"kind": "subclass", "type": type(value).__qualname__[:MAX_NAME]}
    return {"kind": "other", "type": type(value).__qualname__[:MAX_NAME]}


def _write_record(results: Any, value: Any) -> None:
    """Append a plain numeric array as one .npy record (format 1.0, C order).

    The format np.lib.format.write_array writes (always in C order here), without its
    general machinery (a tenth of the cost, paid for every observed value on the clock).
    The parent trusts none of it (npyfile checks every header against the byte count).
    """
    import numpy as np

    header = f"{{'descr': {value.dtype.str!r}, 'fortran_order': False, 'shape': {value.shape!r}, }}".encode()
    # Pad so that data starts on a 64-byte boundary: magic (6) + version (2) + length (2),
    # the header, spaces, and a final newline.
    pad = 64 - (10 + len(header) + 1) % 64
    header += b" " * (pad % 64) + b"\n"
    results.write(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header)
    # A view of the array's own memory, not a copy: the child runs under a memory limit.
    results.write(memoryview(np.ascontiguousarray(value)).cast("B"))


def _check_interface(module: Any, job: dict[str, Any]) -> str | None:
    """Why the entry point cannot be used as the cases will use it, or None."""
    import inspect

    name, kind = job["entry"]["name"], job["entry"]["kind"]
    filename = job["filename"]
    if not hasattr(module, name):
        defined = sorted(k for k, v in vars(module).items() if not k.startswith("_") and callable(v))
        listing = f" (it defines: {', '.join(defined[:12])})" if defined else ""
        return f"{filename} does not define '{name}'{listing}"
    entry = getattr(module, name)
    if kind == "class" and not inspect.isclass(entry):
        return f"'{name}' must be a class, got {type(entry).__name__}"
    if kind == "function" and (inspect.isclass(entry) or not callable(entry)):
        return f"'{name}' must be a function, got {'a class' if inspect.isclass(entry) else type(entry).__name__}"

    def bind(fn: Any, nargs: int, kwargs: list[str], shown: str, skip_self: bool) -> str | None:
        try:
            sig = inspect.signature(fn)
        except (TypeError, ValueError):
            return None  # not introspectable (a builtin, say): the call itself will tell
        try:
            sig.bind(*([None] * (nargs + skip_self)), **dict.fromkeys(kwargs))
        except TypeError as exc:
            return f"'{shown}' cannot be called as the grader calls it ({shown}{_pattern(nargs, kwargs)}): {exc}"
        return None

    for nargs, kwargs in job["interface"].get("construct", []):
        problem = bind(entry, nargs, kwargs, name, False)
        if problem:
            return problem
    for method, patterns in job["interface"].get("methods", {}).items():
        fn = inspect.getattr_static(entry, method, None)
        if fn is None:
            return f"class '{name}' has no method '{method}'"
        if not callable(fn) and not isinstance(fn, staticmethod | classmethod):
            return f"'{name}.{method}' must be a method, got {type(fn).__name__}"
        skip_self = inspect.isfunction(fn)
        for nargs, kwargs in patterns:
            problem = bind(fn, nargs, kwargs, f"{name}.{method}", skip_self)
            if problem:
                return problem
    for nargs, kwargs in job["interface"].get("calls", []):
        problem = bind(entry, nargs, kwargs, name, False)
        if problem:
            return problem
    return None


def _pattern(nargs: int, kwargs: list[str]) -> str:
    parts = [f"arg{i + 1}" for i in range(nargs)] + [f"{k}=..." for k in kwargs]
    return "(" + ", ".join(parts) + ")"


# The sandbox package's `refusals` module, once loaded (names refused system calls).
_REFUSALS: list[Any] = []


def _lock_down(scratch: str, policy: dict[str, Any]) -> dict[str, Any]:
    module = load_sandbox(os.path.dirname(os.path.abspath(__file__)))
    if module is None or not hasattr(module, "lock_down"):
        return {}
    if hasattr(module, "refusals"):
        _REFUSALS[:] = [module.refusals]
    active = module.lock_down(scratch, policy)
    return dict(active) if isinstance(active, dict) else {"active": bool(active)}


def _run_job(scratch: str, channel: _Channel, policy: dict[str, Any]) -> None:
    import time

    import numpy as np

    go = time.perf_counter()

    with open(os.path.join(scratch, "job.json"), encoding="utf-8") as f:
        job = json.load(f)
    limits = job["limits"]
    inputs = []
    with open(os.path.join(scratch, "in", "inputs.npys"), "rb") as f:
        raw = f.read()  # every input's bytes, as engine._cases_job wrote them
    for case in job["cases"]:
        arrays = {}
        for name, ref in case["arrays"].items():
            dtype, shape = np.dtype(ref["dtype"]), tuple(ref["shape"])
            count = 1
            for n in shape:
                count *= n
            base = np.frombuffer(raw, dtype=dtype, count=count, offset=ref["start"]).reshape(shape).copy()
            arrays[name] = take_view(base, ref["view"])
        inputs.append(arrays)
    # The submission gets no stdin (the parent's "go" line was ours).
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)

    # Lower (never raise) the spare's limits to this exercise's budget.
    _job_limits(float(limits["cpu_seconds"]), int(limits["memory_bytes"]))
    channel.send(ev="started", t=round(time.perf_counter() - go, 4))

    sys.meta_path.insert(0, _ImportGate())  # type: ignore[arg-type]
    # Before the audit hook, which refuses ctypes.dlsym (the errno reader needs one).
    _name_refused_calls()
    _install_audit_hook(scratch, policy["read_paths"])

    filename = job["filename"]
    source = job["source"]
    try:
        code = compile(source, filename, "exec", dont_inherit=True)
    except SyntaxError as exc:
        channel.send(ev="syntax_error", msg=exc.msg, line=exc.lineno, col=exc.offset, text=(exc.text or "")[:200])
        return
    except ValueError as exc:  # e.g. NUL bytes in the source
        channel.send(ev="syntax_error", msg=str(exc)[:MAX_MESSAGE], line=None, col=None, text="")
        return

    import linecache
    import types

    # Tracebacks show the user's lines although the file was never on disk here.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    module = types.ModuleType("submission")
    module.__file__ = filename
    sys.modules["submission"] = module
    try:
        exec(code, module.__dict__)
    except BaseException as exc:  # SystemExit too: leaving is not loading
        channel.send(ev="load_error", **_exc_event(exc, filename))
        return

    channel.send(ev="loaded", t=round(time.perf_counter() - go, 4))
    problem = _check_interface(module, job)
    if problem:
        channel.send(ev="interface_error", msg=problem[:MAX_MESSAGE])
        return
    entry = getattr(module, job["entry"]["name"])
    for i, case in enumerate(job["cases"]):
        channel.send(ev="case", case=i)
        _run_one(i, case, inputs[i], entry, channel, filename)
    channel.send(ev="done", t=round(time.perf_counter() - go, 4))


def _run_one(
    i: int, case: dict[str, Any], arrays: dict[str, Any], entry: Any, channel: _Channel, filename: str
) -> None:
    import time

    start = time.process_time()
    if _REFUSALS:
        _REFUSALS[0].forget()  # a refusal of an earlier case is not this case's story

    def on_result(j: int, step: dict[str, Any], result: Any) -> None:
        outputs = split_outputs(result, len(step["outputs"]))
        if outputs is None:
            n = len(result) if isinstance(result, tuple | list) else None
            channel.send(ev="container", case=i, step=j, type=type(result).__qualname__[:MAX_NAME], len=n)
            return
        for k, value in enumerate(outputs):
            desc = _describe(value, channel.results)
            channel.send(ev="obs", case=i, step=j, slot=k, **desc)

    def on_read(j: int, k: int, value: Any) -> None:
        desc = _describe(value, channel.results)
        channel.send(ev="obs", case=i, step=j, slot=k, **desc)

    def on_modified(j: int, names: list[str]) -> None:
        channel.send(ev="modified", case=i, step=j, arrays=names)

    try:
        run_case(entry, case["steps"], arrays, on_result, on_read, on_modified)
    except StepFailed as failed:
        cause = failed.__cause__ or failed
        channel.send(ev="error", case=i, step=failed.index, **_exc_event(cause, filename))
    except BaseException as exc:  # SystemExit, KeyboardInterrupt raised by the submission
        channel.send(ev="error", case=i, step=None, **_exc_event(exc, filename))
    channel.send(ev="case_end", case=i, cpu=round(time.process_time() - start, 4))


def main(argv: list[str]) -> None:
    """The child as a fresh interpreter (`python -I -S -B harness.py SCRATCH`)."""
    scratch = argv[1]
    _settle(scratch)
    sys.path.append(os.path.join(scratch, "lib"))  # numpy, via symlinks: nothing else of site-packages
    channel = _Channel(os.path.join(scratch, "out", "events.jsonl"))
    import numpy  # noqa: F401 - the slow part, done while the parent prepares the job

    _serve(scratch, channel)


def serve_forked(scratch: str, env: dict[str, str]) -> None:
    """The child as a fork of `quizapp grade` (spawn.fork), which has imported numpy.

    The fork inherits the parent's interpreter: forget what it knew before anything
    else, so the submission finds the same bare world a fresh interpreter would give
    it (no quizapp or site-packages modules, no user environment, its own session).
    Never returns. `env`: the child's whole environment (spawn.child_env).
    """
    try:
        os.setsid()  # a process group of its own, killed as a whole at the end
        _settle(scratch)
        inherited = [*sys.orig_argv, *sys.argv]
        _replace_environment(env)
        _forget_parent(scratch)
        _forget_command_line(inherited)
        del inherited
        channel = _Channel(os.path.join(scratch, "out", "events.jsonl"))
        _serve(scratch, channel)
    finally:
        os._exit(70)


def _settle(scratch: str) -> None:
    # The parent starts us with posix_spawn or fork (spawn.py), neither of which closes
    # the descriptors the parent had open or changes the directory: do both first.
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))
    os.chdir(os.path.join(scratch, "work"))
    _early_limits()


# Where a bytes object's characters start (CPython: the header before ob_sval).
_BYTES_DATA_OFFSET = sys.getsizeof(b"") - 1


def _replace_environment(env: dict[str, str]) -> None:
    """Give a forked child `env`, and overwrite the parent's environment in its memory.

    Clearing os.environ is not enough: the fork holds copies of the parent's variables
    (which may carry tokens) as os.environ's bytes and in the block the kernel put on
    the stack (what /proc/self/environ shows), and a submission can read any address
    of its own memory (numpy will view one). So both are overwritten with zeros, and
    the parent's command line with them, before anything of the submission exists.
    """
    import ctypes

    data = os.environ._data  # type: ignore[attr-defined] - the encoded (bytes) mapping
    held = [b for item in data.items() for b in item]
    # Not os.environ.clear(): it pops item by item, and each pop *decodes* the value into
    # a new str that is freed at once, its characters left in the allocator's free
    # block (the canary the hostile suite found in 1 run in 5). Forget the bytes instead.
    for key in held[::2]:
        os.unsetenv(key)
    data.clear()
    os.environ.update(env)
    for value in held:
        if len(value) > 1:  # one-byte bytes objects are shared interpreter-wide singletons
            ctypes.memset(id(value) + _BYTES_DATA_OFFSET, 0, len(value))
    del held
    try:
        with open("/proc/self/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        # arg_start, arg_end, env_start, env_end: fields 48 to 51 of proc(5).
        arg_start, arg_end, env_start, env_end = (int(n) for n in fields[45:49])
    except (OSError, ValueError):
        return  # a kernel older than 3.5: the block stays (os.environ's copies are gone)
    if 0 < arg_start < arg_end:
        ctypes.memset(arg_start, 0, arg_end - arg_start)
    if 0 < env_start < env_end:
        ctypes.memset(env_start, 0, env_end - env_start)


def _forget_parent(scratch: str) -> None:
    """Make a forked child look like `python -I -S -B harness.py SCRATCH` started afresh.

    (The environment is _replace_environment's.)
    """
    import io

    stdlib = os.path.dirname(os.__file__)
    bare = {os.path.realpath(stdlib), os.path.realpath(os.path.join(stdlib, "lib-dynload"))}
    archive = f"python{sys.version_info.major}{sys.version_info.minor}.zip"
    # What -I -S leaves on sys.path: the stdlib (and its zip, if any), lib-dynload.
    sys.path[:] = [p for p in sys.path if p and (os.path.realpath(p) in bare or p.endswith(archive))]
    sys.path.append(os.path.join(scratch, "lib"))
    sys.path_importer_cache.clear()
    sys.meta_path[:] = [f for f in sys.meta_path if getattr(f, "__module__", "").startswith("_frozen_importlib")]
    this = sys.modules[__name__]
    allowed = set(sys.stdlib_module_names) | {ALLOWED_TOP_LEVEL}
    for name in list(sys.modules):
        top = name.partition(".")[0]
        if top not in allowed and not top.startswith("_sysconfigdata_"):
            del sys.modules[name]  # quizapp, the parent's site-packages: gone, as in -I -S
    # As in a fresh interpreter, this module is __main__ (and the only one of quizapp).
    this.__name__ = "__main__"
    sys.modules["__main__"] = this
    sys.argv = [os.path.abspath(__file__), scratch]
    sys.dont_write_bytecode = True
    # Fresh standard streams over the pipes now on 0, 1 and 2, buffered as a fresh
    # interpreter buffers them for pipes (the parent's may have been a terminal's).
    sys.stdin = sys.__stdin__ = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")
    sys.stdout = sys.__stdout__ = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8")
    sys.stderr = sys.__stderr__ = io.TextIOWrapper(
        io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace", line_buffering=True
    )


def _scrub_str(text: str) -> None:
    """Overwrite a str object's characters in place (the object itself lives on).

    Only for strings that nothing in the child reads again: the parent's argv words.
    The characters are found inside the object's own memory, in the width CPython
    stores them in, so no layout is assumed.
    """
    import ctypes

    if len(text) < 2:
        return  # one-character strings are shared interpreter-wide singletons
    widest = max(map(ord, text))
    encoding = "latin-1" if widest < 256 else "utf-16-le" if widest < 65536 else "utf-32-le"
    raw = text.encode(encoding)
    blob = ctypes.string_at(id(text), sys.getsizeof(text))
    at = blob.find(raw)
    if at > 0:
        ctypes.memset(id(text) + at, 0, len(raw))
    for copy in (raw, blob):  # our own copies must not outlive this either
        ctypes.memset(id(copy) + _BYTES_DATA_OFFSET, 0, len(copy))


def _forget_command_line(inherited: list[str]) -> None:
    """Forget the parent's command line (issue 14): its words may name private paths.

    `inherited`: sys.orig_argv and sys.argv as the fork found them (the objects). The
    kernel's copy was zeroed with the environment; here: those str objects, overwritten
    in place, and the same words held by the parent's frames still on this stack
    (entry.main's `words`, ...), whose locals are then dropped; and the interpreter's
    wide-character copies (PyConfig.argv and orig_argv, the runtime's orig_argv) in the
    malloc heap, found with memmem (no copy of the heap is made) as UTF-32 text: no
    Python object stores ASCII that way, only C-level wchar_t strings do.
    """
    import ctypes

    secret = {t for t in inherited[1:] if isinstance(t, str) and len(t) >= 2}
    secret.discard(sys.executable)
    # Every str object to overwrite, gathered *before* any is overwritten: once one copy
    # is zeros, an equal copy (sys.argv's word beside sys.orig_argv's) no longer compares
    # equal to the set's member and would be missed, then freed with its characters
    # intact when sys.argv's old list goes (the hostile suite's canary, 1 run in 5).
    targets: dict[int, str] = {}

    def collect(value: Any) -> None:
        items = value if isinstance(value, list | tuple) else (value,)
        for item in items:
            if isinstance(item, str) and item in secret:
                targets[id(item)] = item

    # 1. The interpreter's wchar_t copies in the [heap] mapping (raw malloc); first,
    #    while the words can still be read.
    try:
        with open("/proc/self/maps") as f:
            heaps = [line.split()[0] for line in f if line.rstrip().endswith("[heap]")]
    except OSError:
        heaps = []
    memmem = ctypes.CDLL(None).memmem
    memmem.restype = ctypes.c_void_p
    memmem.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]
    for word in secret:
        needle = word.encode("utf-32-le")  # one object, zeroed below like the rest
        base = id(needle) + _BYTES_DATA_OFFSET
        # The whole word; and its tail from the fifth character on, for freed copies
        # whose first 16 bytes malloc has overwritten with its free-list pointers.
        for offset in (0, 16) if len(word) > 6 else (0,):
            size = len(needle) - offset
            for span in heaps:
                start, end = (int(x, 16) for x in span.split("-"))
                at = memmem(start, end - start, base + offset, size)
                while at:
                    ctypes.memset(at, 0, size)
                    at = memmem(at + size, end - at - size, base + offset, size) if end - at > size else None
        ctypes.memset(base, 0, len(needle))
        del needle
    # 2. The frames of the parent that called spawn.fork (never returned to): function
    #    frames only (CO_OPTIMIZED); a module frame's locals are its globals.
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_filename != __file__ and frame.f_code.co_flags & 1:
            local_vars = frame.f_locals
            for name in list(local_vars):
                collect(local_vars[name])
                local_vars[name] = None
            if sys.version_info < (3, 13):  # 3.13+: f_locals writes through (PEP 667)
                ctypes.pythonapi.PyFrame_LocalsToFast(ctypes.py_object(frame), ctypes.c_int(1))
            del local_vars
        frame = frame.f_back
    # 3. The str objects of the command line; then every one gathered, overwritten.
    collect(inherited)
    for item in targets.values():
        _scrub_str(item)
    targets.clear()
    sys.orig_argv[:] = [sys.executable, "-I", "-S", "-B", *sys.argv]


def _serve(scratch: str, channel: _Channel) -> None:
    """Lock down, say "ready", wait for "go", run the job, exit. Never returns."""
    with open(os.path.join(scratch, "policy.json"), encoding="utf-8") as f:
        policy = json.load(f)
    # The results file is opened now, while out/ may still be written: after lock-down
    # only work/ is writable (issue 14), and this descriptor is how results get out.
    channel.results = open(os.path.join(scratch, "out", "results.npys"), "wb")  # noqa: SIM115
    try:
        sandbox = _lock_down(scratch, policy)
    except Exception as exc:  # the judge's fault, never the submission's: it does not exist yet
        channel.send(ev="judge_error", msg=f"sandbox: {type(exc).__name__}: {exc}"[:MAX_MESSAGE])
        os._exit(0)
    # What lock_down says it did goes with "ready", before the submission exists: the
    # parent snapshots that part of the log at "go" and measures the rest itself.
    channel.send(ev="ready", active=sandbox)
    if sys.stdin.buffer.readline().strip() != b"go":
        os._exit(0)  # a spare that was never used
    try:
        _run_job(scratch, channel, policy)
    except BaseException as exc:  # noqa: BLE001 - whatever happened, tell the parent
        channel.send(ev="crash", type=type(exc).__name__[:MAX_NAME], msg=str(exc)[:MAX_MESSAGE])
    # os._exit: no atexit handlers, no finalizers, no lingering threads of the submission.
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv)
