"""Shared fixtures: every test runs with its own empty data folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent

# Property and fuzz tests: the default profile is the gate (CI's one run on a clean clone), so it
# draws the same examples every run and never fails at random; `pytest --hypothesis-profile=explore`
# draws new ones each run, to look for bugs (with QUIZAPP_FUZZ_EXAMPLES=2000 for the CLI fuzz test);
# a find becomes a deterministic test (tests/test_content_wrong_types.py came from one).
settings.register_profile("gate", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile("gate")


def pytest_configure(config: pytest.Config) -> None:
    """A venv made before a runtime dependency was added stops here, saying how to fix it.

    Otherwise it fails later and obscurely: an import error in one test, or an editor
    snapshot in one colour (without tree-sitter's grammar) that looks like a change to accept.
    """
    import re
    import tomllib
    from importlib.metadata import PackageNotFoundError, distribution

    missing = []
    for requirement in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]:
        name = re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0]
        try:
            distribution(name)
        except PackageNotFoundError:
            missing.append(name)
    if missing:
        names = ", ".join(missing)
        raise pytest.UsageError(f"runtime dependencies not installed: {names}; run pip install -e '.[test]'")


@pytest.fixture(autouse=True)
def quizapp_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point QUIZAPP_HOME at a fresh temp folder so no test touches the real user data."""
    home = tmp_path_factory.mktemp("quizapp-home")
    monkeypatch.setenv("QUIZAPP_HOME", str(home))
    # The command line speaks the locale's language when nothing else says: pin it to English.
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    return home
