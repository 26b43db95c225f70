"""The import guard: only numpy and the standard library (backed by Landlock)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any


class ImportGuard:
    """A meta-path finder that refuses every import outside an allow-list.

    It sits first on sys.meta_path.  A submission can remove it (it is plain
    Python in the same process), which is why Landlock also makes everything
    but the stdlib, numpy and the scratch folder unreadable.
    """

    def __init__(self, allowed: Iterable[str]) -> None:
        self.allowed = frozenset(allowed)

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> None:
        top = fullname.partition(".")[0]
        # sysconfig (imported by numpy.testing) loads a generated module whose
        # name, _sysconfigdata_<abi>_<platform>, is not in stdlib_module_names.
        if top in self.allowed or top.startswith("_sysconfigdata_"):
            return None  # let the normal finders locate it
        raise ModuleNotFoundError(
            f"import of {fullname!r} is not allowed here (only numpy and the standard library)",
            name=fullname,
        )


def install_import_guard(extra_allowed: Iterable[str] = ()) -> ImportGuard:
    allowed = set(sys.stdlib_module_names) | {"numpy", *extra_allowed}
    guard = ImportGuard(allowed)
    sys.meta_path.insert(0, guard)
    return guard
