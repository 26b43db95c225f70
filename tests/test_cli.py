"""The command line: exit codes, JSON shapes, lazy imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp import __version__
from quizapp.cli import main
from quizapp.content.schema import render_schema
from quizapp.locations import builtin_content_dir


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=os.environ.copy(),
        timeout=120,
    )


def test_version_and_help() -> None:
    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"quizapp {__version__}"
    helped = run_cli("--help")
    assert helped.returncode == 0
    for command in ("grade", "check", "list", "stats"):
        assert command in helped.stdout


def test_list_json_follows_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {"decks", "exercises"}
    basics = next(d for d in payload["decks"] if d["id"] == "batchnorm-basics")
    assert set(basics["title"]) == {"zh", "en"}
    first = next(c for c in basics["cards"] if c["id"] == "bn-what-problem")
    assert first["kind"] == "qa"
    assert first["front"]["zh"].startswith("BN解决了什么问题")
    assert first["front"]["en"] == "What problems does BN solve?"
    for exercise in payload["exercises"]:
        assert set(exercise) == {"id", "title"}


def test_list_text_mentions_every_deck(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "卡组 batchnorm-basics" in out and "bn-what-problem" in out


def test_check_passes_on_shipped_content(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--content-only", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is True and payload["errors"] == [] and payload["cards"] > 0


def test_check_fails_with_located_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    decks = tmp_path / "extra" / "decks"
    decks.mkdir(parents=True)
    (decks / "broken.yaml").write_text("id: broken\ntitle: T\nlanguages: [en]\ncards: []\n", encoding="utf-8")
    assert main(["check", "--content-only", "--json", "--content", str(tmp_path / "extra")]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is False
    messages = {(e["line"], e["message"]) for e in payload["errors"]}
    assert (1, "missing required field 'description'") in messages
    assert (4, "'cards' must be a non-empty list") in messages


def test_usage_errors_exit_2() -> None:
    unknown = run_cli("frobnicate")
    assert unknown.returncode == 2 and unknown.stdout == "" and "invalid choice" in unknown.stderr


def test_grade_missing_file_is_usage_error(tmp_path: Path) -> None:
    result = run_cli("grade", "bn2d-forward", str(tmp_path / "nope.py"))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip()


def test_list_and_help_do_not_import_textual() -> None:
    probe = (
        "import sys; from quizapp.cli import main; "
        "main(['list', '--json']); "
        "sys.stdout.flush(); "
        "print('TEXTUAL' if any(m == 'textual' or m.startswith('textual.') for m in sys.modules) else 'CLEAN')"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout.strip().splitlines()[-1] == "CLEAN"
    probe_help = (
        "import sys\nfrom quizapp.cli import build_parser\nbuild_parser().format_help()\n"
        "print(sorted(m for m in ('textual', 'numpy', 'fsrs') if m in sys.modules))"
    )
    helped = subprocess.run([sys.executable, "-c", probe_help], capture_output=True, text=True, timeout=60)
    assert helped.stdout.strip() == "[]"


def test_nothing_written_outside_quizapp_home(quizapp_home: Path, tmp_path: Path) -> None:
    result = run_cli("list", cwd=tmp_path)
    assert result.returncode == 0
    assert list(tmp_path.iterdir()) == []


def test_schema_json_is_up_to_date() -> None:
    shipped = (builtin_content_dir() / "schema.json").read_text(encoding="utf-8")
    assert shipped == render_schema(), "run: python -m quizapp.content.schema --write"


def test_every_content_file_starts_with_the_schema_line() -> None:
    files = sorted(builtin_content_dir().glob("*/*.yaml"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema.json", path


def test_config_lists_sets_and_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "--json"]) == 0
    settings = json.loads(capsys.readouterr().out)
    assert settings["desired_retention"] == 0.9 and settings["daily_new_limit"] == 20
    assert main(["config", "desired_retention", "0.85"]) == 0
    capsys.readouterr()
    assert main(["config", "desired_retention", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"desired_retention": 0.85}
    assert main(["config", "desired_retention", "1.5"]) == 2
    assert "between 0.70 and 0.99" in capsys.readouterr().err
    assert main(["config", "no_such_thing"]) == 2
    assert "unknown setting" in capsys.readouterr().err
