"""Running the CLI as a user would, bounded: a subprocess with a timeout, a memory cap, maybe another uid."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MEMORY_CAP = 3 * 2**30  # the alias bomb took 4.7 GB; the app needs a fraction of this
# Root's powers over file permissions (linux/capability.h): without them root meets an unwritable folder.
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3
PR_CAPBSET_DROP = 24


def limits(drop_root_powers: bool = False) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
        if drop_root_powers and os.geteuid() == 0:
            # Taken out of the bounding set, these are gone from the program exec'd next
            # (still uid 0, so it can run this checkout's interpreter wherever it lives).
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
                if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                    os._exit(121)

    return apply


def run_quizapp(
    *args: str,
    home: Path | str | None,
    stdin: int | bytes | None = subprocess.DEVNULL,
    timeout: float = 30,
    unprivileged: bool = False,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m quizapp ARGS`, as the console script runs it (entry.run), bounded in time and memory."""
    environment = {**os.environ, **(env or {})}
    environment.pop("QUIZAPP_HOME", None)
    if home is not None:
        environment["QUIZAPP_HOME"] = str(home)
    data = stdin if isinstance(stdin, bytes) else None
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args],
        input=data.decode("utf-8", "surrogateescape") if data is not None else None,
        stdin=None if data is not None else stdin,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        env=environment,
        cwd=cwd,
        preexec_fn=limits(unprivileged),
    )
