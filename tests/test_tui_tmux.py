"""The tmux smoke test (tests/tmux_smoke.py) as part of the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tmux_smoke import (
    exercise_titles,
    skip_reason,
    smoke,
    smoke_home_exercise_table,
    smoke_quiz_undo,
    smoke_stats_end,
)


@pytest.fixture(autouse=True)
def _needs_tmux() -> None:
    reason = skip_reason()
    if reason:
        pytest.skip(reason)


def test_tmux_smoke(tmp_path: Path) -> None:
    smoke(tmp_path / "home")


def test_tmux_quiz_undo_on_a_choice_card_at_80x24(tmp_path: Path) -> None:
    smoke_quiz_undo(tmp_path / "home")


def test_tmux_stats_end_right_after_opening_at_80x24(tmp_path: Path) -> None:
    smoke_stats_end(tmp_path / "home")


def test_tmux_home_exercise_table_to_its_last_row_at_80x24(tmp_path: Path) -> None:
    smoke_home_exercise_table(tmp_path / "home", exercise_titles())
