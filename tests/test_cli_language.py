"""The command line speaks the configured language: list, stats, check (grade: tests/test_grading_*)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.content.punctuation import find_problems, is_chinese
from quizapp.review.store import ReviewStore


def _set_language(home: Path, lang: str) -> None:
    with ReviewStore.open(home) as store:
        store.set_setting("language", lang)


# The English text of `quizapp stats` (ids and tags are names, the same in both languages).
STATS_ENGLISH = re.compile(
    r"(?<![\w-])(Reviews|today|streak|Cards|seen|due now|retention|Exercises|attempts|accepted|solved|Decks|Tags|"
    r"more|Personal|Leeches|Rewritten|Removed|Mock|Due next|Last 30)(?![\w-])"
)


def test_list_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "卡组 batchnorm-basics：BN 基础（" in out and "张卡）" in out
    assert re.search(r"^  bn-what-problem +问答 +BN解决了什么问题？$", out, re.M)
    assert "编程练习：" in out
    assert " cards)" not in out and "deck " not in out and "exercises:" not in out
    frame = "\n".join(line for line in out.splitlines() if not line.startswith("  "))
    assert find_problems(frame) == []


def test_list_follows_the_setting_and_lang_overrides(quizapp_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    assert capsys.readouterr().out.startswith("deck batchnorm-basics: Batch Norm basics (")
    _set_language(quizapp_home, "zh")
    assert main(["list"]) == 0
    assert capsys.readouterr().out.startswith("卡组 batchnorm-basics：BN 基础（")
    assert main(["list", "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("deck batchnorm-basics:")


def test_list_json_keeps_its_keys_whatever_the_language(
    quizapp_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _set_language(quizapp_home, "zh")
    assert main(["list", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {"decks", "exercises"}
    assert payload["decks"][0]["cards"][0]["kind"] == "qa"


def test_stats_in_chinese(quizapp_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _set_language(quizapp_home, "zh")
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("复习：0 次   今天：0 次   连续：0 天\n")
    assert "卡片：见过 0 / " in out and "未来 7 天到期：" in out
    assert STATS_ENGLISH.findall(out) == []
    assert all(not any(is_chinese(c) for c in line) or not find_problems(line) for line in out.splitlines())
    assert main(["stats", "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("Reviews: 0   today: 0")


def test_stats_json_is_the_same_in_both_languages(quizapp_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--json"]) == 0
    english = json.loads(capsys.readouterr().out)
    _set_language(quizapp_home, "zh")
    assert main(["stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out).keys() == english.keys()


def test_check_summary_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--content-only", "--lang", "zh"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert re.fullmatch(r"通过：\d+ 个文件，\d+ 个卡组，\d+ 张卡，\d+ 道练习，0 处内容错误", out[-1])


def test_check_failure_summary_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "bad.yaml").write_text("id: bad\n", encoding="utf-8")
    assert main(["check", "--content-only", "--lang", "zh", "--content", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"^未通过：.*处内容错误", err, re.M)


NO_EPS_RMSNORM = """\
import numpy as np


class RMSNorm:
    def __init__(self, dim, eps=1e-6):
        self.gamma = np.ones(dim)
        self.eps = eps

    def forward(self, x):
        return x / np.sqrt((x * x).mean(axis=-1, keepdims=True)) * self.gamma
"""


def _grade(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": "C.UTF-8"}
    return subprocess.run(
        [sys.executable, "-m", "quizapp", "grade", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_grade_text_report_in_chinese(tmp_path: Path) -> None:
    solution = tmp_path / "rms.py"
    solution.write_text(NO_EPS_RMSNORM, encoding="utf-8")
    run = _grade("rmsnorm", str(solution), "--lang", "zh")
    assert run.returncode == 1, run.stderr
    head, *rest = run.stdout.splitlines()
    assert re.fullmatch(r"rmsnorm：答案错误  通过 \d+/\d+  \d+ ms  种子 \d+", head)  # the verdict's Chinese name
    assert "wrong_answer" not in run.stdout and any(line.startswith("  失败 ") for line in rest)
    assert any(line.strip().startswith("第 ") and "个位置中有" in line for line in rest)
    # The frame and the messages are Chinese; case names are the exercise's own (English) words.
    messages = [line for line in rest if line.startswith("         ")]
    assert messages and all(any(is_chinese(c) for c in line) for line in messages)


def test_grade_follows_the_setting_and_json_says_which_language(quizapp_home: Path, tmp_path: Path) -> None:
    solution = tmp_path / "rms.py"
    solution.write_text(NO_EPS_RMSNORM, encoding="utf-8")
    english = json.loads(_grade("rmsnorm", str(solution), "--json").stdout)
    _set_language(quizapp_home, "zh")
    chinese = json.loads(_grade("rmsnorm", str(solution), "--json").stdout)
    assert (english["lang"], chinese["lang"]) == ("en", "zh")
    assert chinese.keys() == english.keys() and chinese["verdict"] == english["verdict"] == "wrong_answer"
    failed = [c for c in chinese["cases"] if c["verdict"] != "accepted"]
    assert failed and all(c["verdict"] == "wrong_answer" for c in failed)
    assert all(any(is_chinese(ch) for ch in c["message"]) for c in failed)
    assert _grade("rmsnorm", str(solution)).stdout.startswith("rmsnorm：答案错误  通过 ")


def test_grade_usage_errors_follow_the_language(quizapp_home: Path, tmp_path: Path) -> None:
    solution = tmp_path / "rms.py"
    solution.write_text(NO_EPS_RMSNORM, encoding="utf-8")
    latin1 = tmp_path / "latin1.py"
    latin1.write_bytes(b"# caf\xe9\n")
    cases = [("rmsnrm", str(solution)), ("no-such-exercise", str(solution)), ("rmsnorm", str(tmp_path / "gone.py")),
             ("rmsnorm", str(tmp_path)), ("rmsnorm", str(latin1))]  # fmt: skip
    for args in cases:
        english, chinese = _grade(*args, "--lang", "en"), _grade(*args, "--lang", "zh")
        for run in (english, chinese):
            assert run.returncode == 2 and run.stdout == "" and run.stderr.startswith("quizapp grade: "), run
        assert not any(is_chinese(c) for c in english.stderr), english.stderr
        assert any(is_chinese(c) for c in chinese.stderr), chinese.stderr
        assert find_problems(chinese.stderr.removeprefix("quizapp grade: ")) == [], chinese.stderr
    _set_language(quizapp_home, "zh")  # no --lang: the setting
    assert any(is_chinese(c) for c in _grade("rmsnrm", str(solution)).stderr)
