"""Apply every layer, in a fixed order, and say which ones held."""

from __future__ import annotations

import ctypes
import os
import sys
import time
from typing import Any

from .identity import drop_capabilities, drop_root
from .imports import install_import_guard
from .kernel import DEFAULT_SANDBOX_ID, PR_SET_NO_NEW_PRIVS, errno_text, prctl
from .landlock import Ruleset, landlock_abi, plan_paths, stdlib_dir, warm_finders
from .limits import set_rlimits
from .namespaces import enter_namespaces, mount_scratch
from .seccomp import apply_seccomp


def thread_count() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 0


def sandbox_ids(policy: dict[str, Any]) -> tuple[int, int]:
    """The uid and gid a root child becomes (the policy's, else nobody's)."""
    uid = int(policy.get("uid", DEFAULT_SANDBOX_ID))
    return uid, int(policy.get("gid", uid if "uid" in policy else DEFAULT_SANDBOX_ID))


def lock_down(scratch_dir: str, policy: dict[str, Any] | None = None) -> dict[str, Any]:
    """Apply every available layer; never raises; returns what was active.

    ``policy`` keys (all optional):

    - limits: ``cpu_seconds``, ``memory_bytes`` (beyond what is mapped now)
      or ``address_space_bytes``, ``file_size_bytes``, ``open_files``;
    - paths: ``write_paths`` (folders inside the scratch folder that may be
      written; the scratch folder itself then becomes read-only; default:
      the whole scratch folder), ``read_paths`` (extra read-only paths; any
      that would expose a site-packages folder is skipped and noted);
    - ``uid``/``gid`` to become when started as root (default 65534; give
      each run its own so the parent can sweep its processes by uid);
    - ``allow_network``, ``allow_subprocess`` (default False);
    - ``allowed_modules``: more importable top-level names;
    - ``scratch_tmpfs_bytes``: a tmpfs of that size over each write path in a
      mount namespace of its own (none if 0 or absent);
    - per-layer switches ``landlock``, ``seccomp``, ``net_namespace``,
      ``ipc_namespace``, ``mount_namespace``, ``drop_uid``, ``import_guard``
      (default True; tests turn single layers off to check each one alone).
    """
    policy = dict(policy or {})
    report: dict[str, Any] = {
        "landlock": 0,
        "landlock_net": False,
        "landlock_scoped": False,
        "seccomp": False,
        "pid_namespace": False,
        "net_namespace": False,
        "ipc_namespace": False,
        "mount_namespace": False,
        "scratch_tmpfs_bytes": 0,
        "uid_dropped": False,
        "rlimits": False,
        "no_new_privs": False,
        "import_guard": False,
        "errors": [],
        "notes": [],
    }
    errors: list[str] = report["errors"]
    notes: list[str] = report["notes"]
    # Milliseconds spent per layer, so the cost of each is visible in reports.
    timings: dict[str, float] = {}
    report["ms"] = timings
    clock = [time.perf_counter()]

    def lap(name: str) -> None:
        now = time.perf_counter()
        timings[name] = round((now - clock[0]) * 1000, 2)
        clock[0] = now

    scratch_dir = os.path.realpath(scratch_dir)
    allow_network = bool(policy.get("allow_network", False))
    allow_subprocess = bool(policy.get("allow_subprocess", False))
    write_paths = [os.path.realpath(p) for p in policy.get("write_paths") or ()]

    def on(name: str) -> bool:
        return bool(policy.get(name, True))

    # numpy must be imported now: after Landlock its site-packages folder
    # cannot be listed, so a first "import numpy" would fail.
    try:
        import numpy  # noqa: F401
    except Exception as exc:  # noqa: BLE001
        errors.append(f"numpy: {exc}")
    sys.dont_write_bytecode = True
    # tempfile reads TMPDIR on first use; importing it here would cost ~20 ms.
    tmp = next((p for p in write_paths if p != scratch_dir), scratch_dir)
    os.environ["TMPDIR"] = tmp
    if "tempfile" in sys.modules:
        sys.modules["tempfile"].tempdir = tmp

    threads = thread_count()
    if threads > 1:
        # Landlock and capset act on the calling thread only; seccomp uses
        # TSYNC.  The parent sets OPENBLAS_NUM_THREADS=1 to avoid this.
        errors.append(f"{threads} threads at lock-down; Landlock covers only the main one")

    # 1. Namespaces: network and IPC, and a mount namespace whose tmpfs caps the writable
    #    scratch folder in total (issue 14). First, so that the Landlock rules below are
    #    built on the tmpfs, and while this process is alone (a user namespace needs it).
    tmpfs_bytes = int(policy.get("scratch_tmpfs_bytes") or 0)
    tmpfs_paths = [p for p in write_paths if p != scratch_dir]
    want_mount = on("mount_namespace") and tmpfs_bytes > 0 and bool(tmpfs_paths)
    root = os.geteuid() == 0
    if on("net_namespace") and not allow_network:
        try:
            entered = enter_namespaces(ipc=on("ipc_namespace"), mount=want_mount)
            id_map_error = entered.pop("id_map_error", "")
            report.update(entered)
            if id_map_error:
                errors.append(f"scratch tmpfs: no id map in the user namespace: {id_map_error}")
            elif report["mount_namespace"]:
                uid, gid = os.getuid(), os.getgid()
                if root and on("drop_uid"):  # owned by the uid the child is about to become
                    uid, gid = sandbox_ids(policy)
                report["scratch_tmpfs_bytes"] = mount_scratch(tmpfs_paths, tmpfs_bytes, uid, gid)
        except Exception as exc:  # noqa: BLE001
            errors.append(f"{'scratch tmpfs' if report['net_namespace'] else 'net namespace'}: {exc}")
        if not root and report["net_namespace"]:
            try:  # the user namespace's capabilities served the mount; nothing else needs them
                drop_capabilities()
            except Exception as exc:  # noqa: BLE001
                errors.append(f"user namespace capabilities: {exc}")
    if want_mount and not report["scratch_tmpfs_bytes"] and not any(e.startswith("scratch tmpfs") for e in errors):
        errors.append("scratch tmpfs: no mount namespace (work/ is capped file by file only)")
    lap("namespaces")

    # 2. Landlock rules are built now, while every path is reachable (before
    #    the uid drop); they are enforced after no_new_privs.
    ruleset: Ruleset | None = None
    abi = landlock_abi() if on("landlock") else 0
    if abi:
        try:
            ruleset = Ruleset(abi, net=not allow_network)
            plan = plan_paths(scratch_dir, write_paths, policy.get("read_paths") or (), notes)
            for path, dir_access, file_access in plan:
                ruleset.allow(path, dir_access, file_access)
            warm_finders([stdlib_dir()])
        except Exception as exc:  # noqa: BLE001
            errors.append(f"landlock rules: {exc}")
            if ruleset is not None:
                ruleset.close()
            ruleset = None
    elif on("landlock"):
        errors.append("landlock: not offered by this kernel")
    lap("landlock_rules")

    # A pid namespace is not used: unshare(CLONE_NEWPID) moves only future
    # children into it, and the kernel then refuses CLONE_THREAD (EINVAL), so
    # numpy and the threading module would break.  Seccomp forbids children
    # outright and the parent sweeps by uid, which covers the same ground.
    notes.append("pid namespace: not used (seccomp forbids child processes instead)")

    # 3. Drop root.
    if on("drop_uid") and os.geteuid() == 0:
        uid, gid = sandbox_ids(policy)
        try:
            report.update(drop_root(uid, gid, scratch_dir, write_paths))
        except Exception as exc:  # noqa: BLE001
            errors.append(f"drop uid: {exc}")
    elif os.geteuid() != 0:
        notes.append("uid drop: not needed (not running as root)")
    lap("drop_uid")

    # 4. no_new_privs: required for Landlock and seccomp without CAP_SYS_ADMIN.
    if prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0:
        report["no_new_privs"] = True
    else:
        errors.append(f"no_new_privs: {errno_text(ctypes.get_errno())}")

    # 5. Landlock.
    if ruleset is not None:
        try:
            ruleset.restrict_self()
            report["landlock"] = abi
            report["landlock_net"] = ruleset.net
            report["landlock_scoped"] = ruleset.scoped
        except Exception as exc:  # noqa: BLE001
            errors.append(f"landlock: {exc}")
        finally:
            ruleset.close()
    lap("landlock_enforce")

    # 6. Limits: after the rule descriptors are closed, before seccomp.
    try:
        report["rlimits_set"] = set_rlimits(policy)
        report["rlimits"] = True
    except Exception as exc:  # noqa: BLE001
        errors.append(f"rlimits: {exc}")

    if on("import_guard"):
        install_import_guard(policy.get("allowed_modules", ()))
        report["import_guard"] = True
    lap("rlimits_and_import_guard")

    # 7. seccomp, last.
    if on("seccomp"):
        try:
            if allow_network or allow_subprocess:
                notes.append("seccomp: the allowlist has no sockets or processes whatever the policy says")
            report["seccomp_insns"] = apply_seccomp()
            report["seccomp"] = True
        except Exception as exc:  # noqa: BLE001
            errors.append(f"seccomp: {exc}")
    lap("seccomp")
    timings["total"] = round(sum(timings.values()), 2)
    return report
