"""Issue 20, item by item: bad input outside the grader gets one clear line and exit 1 or 2, never a hang."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.bad_input_helpers import REPO, run_quizapp
from tests.test_content_limits import alias_bomb

SOLUTION = REPO / "tests" / "accepted" / "rmsnorm" / "vectorised_keepdims.py"
# Every command, as the issue lists them: each must answer a bad data folder with a line, not a traceback.
COMMANDS = [
    ["stats"],
    ["list"],
    ["config"],
    ["mock", "--export", "report.md"],
    ["grade", "rmsnorm", str(SOLUTION)],
    [],  # the app itself
]


def one_line_error(result, code: int, *needles: str) -> str:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


# --- 1. a YAML alias bomb in a user deck -------------------------------------------------


@pytest.mark.parametrize("command", [["check", "--content-only"], ["list"]])
def test_1_an_alias_bomb_in_a_user_deck_is_refused_at_once(tmp_path: Path, command: list[str]) -> None:
    home = tmp_path / "home"
    (home / "content" / "decks").mkdir(parents=True)
    (home / "content" / "decks" / "x.yaml").write_text(alias_bomb(), encoding="utf-8")
    result = run_quizapp(*command, home=home, timeout=30)  # 3 GiB cap: expanding the bomb needs 4.7 GB
    assert "Traceback" not in result.stderr
    where = f"{home}/content/decks/x.yaml:5:5: aliases are not allowed in quizapp content"
    if command[0] == "check":
        assert result.returncode == 1 and where in result.stdout
    else:
        assert result.returncode == 0 and where in result.stderr and '"bomb"' not in result.stdout


# --- 2. QUIZAPP_HOME that is a file, under a file, unwritable; quizapp.db a folder ----------


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]) or "app")
def test_2_data_home_that_is_a_file(tmp_path: Path, command: list[str]) -> None:
    home = tmp_path / "passwd"
    home.write_text("root:x:0:0\n")
    result = run_quizapp(*command, home=home, cwd=tmp_path)
    one_line_error(result, 2, f"QUIZAPP_HOME={home} is not a folder")
    assert result.stdout == "" and home.read_text() == "root:x:0:0\n"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]) or "app")
def test_2_data_home_under_a_file(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "file").write_text("x")
    home = tmp_path / "file" / "home"
    result = run_quizapp(*command, home=home, cwd=tmp_path)
    one_line_error(result, 2, f"cannot create the data folder {home}")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]) or "app")
def test_2_database_that_is_a_folder(tmp_path: Path, command: list[str]) -> None:
    home = tmp_path / "home"
    (home / "quizapp.db").mkdir(parents=True)
    result = run_quizapp(*command, home=home, cwd=tmp_path)
    if command[:1] in (["list"], ["grade"]):  # they never open the database
        assert result.returncode == 0 and "Traceback" not in result.stderr
    else:
        one_line_error(result, 1, f"the review database {home / 'quizapp.db'} is a folder")
    assert (home / "quizapp.db").is_dir()


def test_2_a_damaged_or_foreign_database_is_left_untouched(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    database = home / "quizapp.db"
    connection = sqlite3.connect(database)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.commit()
    connection.close()
    before = database.read_bytes()
    for command in (["stats"], ["config"], ["mock", "--export", str(tmp_path / "r.md")]):
        one_line_error(run_quizapp(*command, home=home), 1, "not one quizapp created")
    database.write_bytes(before[:1000])  # truncated mid-page
    one_line_error(run_quizapp("stats", home=home), 1, "is damaged")
    assert database.read_bytes() == before[:1000]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]) or "app")
def test_2_unwritable_data_home(tmp_path: Path, command: list[str]) -> None:
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o555)
    scratch = tmp_path / "work"
    scratch.mkdir()
    # As root, the run drops the powers that override file permissions (bad_input_helpers.limits).
    result = run_quizapp(*command, home=home, unprivileged=True, cwd=scratch)
    if command[:1] in (["list"], ["grade"]):  # read-only commands work from a read-only folder
        # (grade: 0 or 1, as root its sandbox needs the powers dropped here to manage its child)
        assert result.returncode in ((0,) if command == ["list"] else (0, 1)), result.stderr
        assert "Traceback" not in result.stderr and "not writable" not in result.stderr
        assert list(home.iterdir()) == []
    else:
        one_line_error(result, 2, f"the data folder {home} is not writable")


# --- 3. grade's FILE: /dev/zero, a FIFO with no writer, `-` ---------------------------------


def test_3_grade_dev_zero_is_refused_at_once(tmp_path: Path) -> None:
    result = run_quizapp("grade", "rmsnorm", "/dev/zero", home=tmp_path, timeout=20)
    one_line_error(result, 2, "/dev/zero is not a regular file")
    assert result.stdout == ""


def test_3_grade_a_fifo_nobody_writes_to_gives_up(tmp_path: Path) -> None:
    fifo = tmp_path / "solution.py"
    os.mkfifo(fifo)
    result = run_quizapp("grade", "rmsnorm", str(fifo), home=tmp_path, timeout=20)
    one_line_error(result, 2, f"{fifo}: nothing arrived for 5 s")


def test_3_grade_reads_standard_input_for_dash(tmp_path: Path) -> None:
    source = SOLUTION.read_bytes()
    result = run_quizapp("grade", "rmsnorm", "-", "--json", home=tmp_path, stdin=source, timeout=60)
    assert result.returncode == 0, result.stderr
    assert '"verdict": "accepted"' in result.stdout


def test_3_grade_standard_input_is_bounded_too(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zeros:
        result = run_quizapp("grade", "rmsnorm", "-", home=tmp_path, stdin=zeros.fileno(), timeout=20)
    one_line_error(result, 2, "- (standard input) is larger than 1 MiB")


def test_3_grade_a_folder_or_a_missing_file(tmp_path: Path) -> None:
    one_line_error(run_quizapp("grade", "rmsnorm", str(tmp_path), home=tmp_path), 2, "is a folder, not a file")
    one_line_error(run_quizapp("grade", "rmsnorm", str(tmp_path / "nope.py"), home=tmp_path), 2, "no such file")


# --- 4. --content that is missing or a file; check lists what it left out ----------------------


@pytest.mark.parametrize("command", [["list"], ["check", "--content-only"], ["stats"], ["export", "anki", "x.apkg"]])
def test_4_content_folder_missing_or_a_file(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "nope"
    result = run_quizapp("--content", str(missing), *command, home=tmp_path / "home", cwd=tmp_path)
    one_line_error(result, 2, f"--content {missing}: no such folder")
    afile = tmp_path / "deck.yaml"
    afile.write_text("id: x\n")
    result = run_quizapp(*command, "--content", str(afile), home=tmp_path / "home", cwd=tmp_path)
    one_line_error(result, 2, f"--content {afile} is a file")


def test_4_check_lists_yaml_it_did_not_load_and_fails(tmp_path: Path) -> None:
    extra = tmp_path / "extra"
    (extra / "decks").mkdir(parents=True)
    shutil.copy(REPO / "content" / "decks" / "batchnorm-basics.yaml", extra / "misplaced.yaml")
    result = run_quizapp("check", "--content-only", "--content", str(extra), home=tmp_path / "home")
    assert result.returncode == 1
    assert f"{extra / 'misplaced.yaml'}: not loaded: YAML directly in the content folder" in result.stdout
    assert "1 file(s) not loaded" in result.stderr


# --- 5. no terminal -----------------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], ["mock"]])
def test_5_the_app_needs_a_terminal(tmp_path: Path, command: list[str]) -> None:
    result = run_quizapp(*command, home=tmp_path, timeout=20)  # stdin /dev/null, stdout a pipe
    name = " ".join(["quizapp", *command])
    line = one_line_error(result, 2, f"{name} opens a full-screen app and needs a terminal", "quizapp list")
    assert result.stdout == ""  # not one escape code
    assert "mock --export" in line


def test_5_the_message_follows_a_chinese_locale(tmp_path: Path) -> None:
    result = run_quizapp(home=tmp_path, env={"LC_ALL": "zh_CN.UTF-8"}, timeout=20)
    one_line_error(result, 2, "需要标准输入和标准输出都连着终端")


# --- the messages themselves ---------------------------------------------------------------------


def test_every_message_exists_in_both_languages_with_chinese_punctuation() -> None:
    from quizapp.userinput import MESSAGES

    for key, (en, zh) in MESSAGES.items():
        assert en and zh, key
        assert re.findall(r"\{\w+\}", en) == re.findall(r"\{\w+\}", zh), key  # same placeholders
        prose = re.sub(r"\{\w+\}|--[\w-]+|QUIZAPP_HOME=|decks/|exercises/", "", zh)
        assert not set(prose) & set(",;:?()"), (key, zh)  # full-width ，；：？（） in Chinese
        assert re.search(r"[\u4e00-\u9fff]", zh), key


def test_a_folder_named_like_the_database_is_never_opened_as_one(tmp_path: Path) -> None:
    from quizapp.review.errors import StoreError
    from quizapp.review.store import ReviewStore

    os.mkfifo(tmp_path / "quizapp.db")  # opening it would block until someone writes
    with pytest.raises(StoreError, match="is a folder or a special file"):
        ReviewStore.open(tmp_path)
    assert stat.S_ISFIFO((tmp_path / "quizapp.db").stat().st_mode)


def test_file_names_that_are_not_utf8_are_shown_escaped(tmp_path: Path) -> None:
    decks = tmp_path / "home" / "content" / "decks"
    decks.mkdir(parents=True)
    (decks / os.fsdecode(b"bomb\xff.yaml")).write_text(alias_bomb(), encoding="utf-8")
    for command in (["list"], ["list", "--json"], ["check", "--content-only"], ["check", "--content-only", "--json"]):
        result = run_quizapp(*command, home=tmp_path / "home")
        assert result.returncode == (1 if command[0] == "check" else 0), result.stderr
        assert "Traceback" not in result.stderr
        assert "bomb\\udcff.yaml" in result.stdout + result.stderr


def test_a_draft_replaced_by_a_fifo_or_a_device_never_freezes_the_app(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from quizapp.content import load_catalog
    from quizapp.tui.services import Study

    catalog = load_catalog()
    exercise = catalog.exercise("rmsnorm")
    study = Study.open(tmp_path, catalog, lambda: datetime(2026, 1, 1, tzinfo=UTC))
    try:
        study.save_draft("rmsnorm", "# my stored draft\n")
        draft = study.draft_path("rmsnorm")
        draft.unlink()
        os.mkfifo(draft)  # nobody writes: a plain open() would block the app
        assert study.load_draft(exercise) == "# my stored draft\n"
        draft.unlink()
        draft.symlink_to("/dev/zero")
        assert study.load_draft(exercise) == "# my stored draft\n"
        draft.unlink()
        draft.write_text("# edited elsewhere\n")
        assert study.load_draft(exercise) == "# edited elsewhere\n"
    finally:
        study.close()


def test_3_grade_dash_from_a_terminal_says_how_to_finish_and_reads_to_ctrl_d(tmp_path: Path) -> None:
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    env = {**os.environ, "QUIZAPP_HOME": str(tmp_path)}
    child = subprocess.Popen(
        [sys.executable, "-m", "quizapp", "grade", "rmsnorm", "-", "--json"],
        stdin=follower, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
    )
    os.close(follower)
    try:
        for line in SOLUTION.read_text().splitlines():
            os.write(leader, line.encode() + b"\n")
        os.write(leader, b"\x04")  # Ctrl+D at the start of a line: end of input
        out, err = child.communicate(timeout=60)
    finally:
        child.kill()
        os.close(leader)
    assert "end it with Ctrl+D" in err and "Traceback" not in err
    assert child.returncode == 0 and '"verdict": "accepted"' in out


def test_5_the_terminal_check_lives_only_where_the_app_takes_this_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """textual-serve runs the app with TEXTUAL_DRIVER set and no tty: it must start, not be refused."""
    import argparse

    import quizapp.tui.app
    from quizapp import cli
    from quizapp.userinput import InputProblem

    started: list[str | None] = []
    monkeypatch.setattr(quizapp.tui.app, "run_app", lambda content_dirs, start=None, **_: started.append(start) or 0)
    monkeypatch.setattr(cli, "_has_terminal", lambda: False)
    args = argparse.Namespace(content=[], minutes=None)
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    with pytest.raises(InputProblem):
        cli.cmd_tui(args)
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert cli.cmd_tui(args) == 0 and cli.cmd_tui(args, start="mock") == 0
    assert started == [None, "mock"]


def test_2_a_folder_where_sqlite_keeps_its_journal_is_not_called_damage(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_quizapp("config", home=home).returncode == 0  # a sound database
    (home / "quizapp.db-wal").unlink(missing_ok=True)
    (home / "quizapp.db-wal").mkdir()
    before = (home / "quizapp.db").read_bytes()
    line = one_line_error(run_quizapp("stats", home=home), 1, f"cannot use the review database {home / 'quizapp.db'}")
    assert "damaged" not in line and "--move-corrupt-db" not in line
    assert (home / "quizapp.db").read_bytes() == before
