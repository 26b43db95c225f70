"""The tmux smoke test (tests/tmux_smoke.py) as part of the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tmux_smoke import skip_reason, smoke


def test_tmux_smoke(tmp_path: Path) -> None:
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    smoke(tmp_path / "home")
