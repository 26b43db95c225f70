"""Where the grader's reference layers (the oracle) are imported from.

A wheel ships them inside quizapp's own namespace, as `quizapp._solutions`: a top-level
`solutions` package in site-packages would clash with any other distribution that picked
the same generic name. A source checkout (editable install, tests) keeps them in its
top-level `solutions/`, so `from solutions import ...` still works there.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGED_DIR = PACKAGE_DIR / "_solutions"
CHECKOUT_DIR = PACKAGE_DIR.parent / "solutions"


def oracle_dir() -> Path:
    """The folder holding the reference layers' source (installed copy first)."""
    return PACKAGED_DIR if PACKAGED_DIR.is_dir() else CHECKOUT_DIR


def reference_package() -> ModuleType:
    """The reference layers as a module (imports numpy)."""
    if PACKAGED_DIR.is_dir():
        return importlib.import_module("quizapp._solutions")
    module = importlib.import_module("solutions")
    # Another distribution's `solutions` must never stand in for the oracle.
    found = Path(getattr(module, "__file__", "") or "").resolve().parent
    if found != CHECKOUT_DIR:
        raise ImportError(f"'solutions' was imported from {found}, not from this checkout's {CHECKOUT_DIR}")
    return module


def load_reference(name: str) -> Any:
    """One entry point of the oracle by its exported name."""
    return getattr(reference_package(), name)


def reference_names() -> frozenset[str] | None:
    """The names the reference package exports (its `__all__`), read without importing it.

    An exercise's `reference:` must be one of them; the content loader asks at every
    full check, and importing the package would import numpy. None if it cannot tell.
    """
    import ast

    try:
        tree = ast.parse((oracle_dir() / "__init__.py").read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            try:
                return frozenset(ast.literal_eval(node.value))
            except ValueError:
                return None
    return None
