"""Chinese punctuation: the rule (content/punctuation.py), the loader's notes, and every text we ship."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.content import load_dirs
from quizapp.content.punctuation import find_problems, fix_text
from quizapp.locations import builtin_content_dir

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("text", "marks"),
    [
        ("0 张待复习,20 张新卡", [","]),
        ("(按 e) 和（含 running 统计量)", ["(", ")", ")"]),
        ("BN能防止过拟合吗?", ["?"]),
        ("1）， 形状", [" "]),
        ("**原论文的说法**:Ioffe 提出", [":"]),
        ("方差 σ²_c;", [";"]),
        ("均值 μ,x̂ = (x − μ)/s", [","]),
        ("约定为 PyTorch:running = (1 − m)·running", [":"]),
        ("Santurkar 等人(NeurIPS 2018)做了两件事", ["(", ")"]),
        ("训练时累计的 running_var(指数滑动平均)。", ["(", ")"]),
        ("参见 torch.nn.BatchNorm2d.", ["."]),
        ("什么是 DyT(Dynamic Tanh)?Transformer 呢", ["?"]),
        ("用 `x.mean()`,然后", [","]),
        ("下一道练习：{title}(按 [b]e[/b])", ["(", ")"]),
    ],
)
def test_half_width_marks_in_chinese_sentences_are_flagged(text: str, marks: list[str]) -> None:
    assert [p.found for p in find_problems(text)] == marks
    assert find_problems(fix_text(text)) == []  # the fixer's output passes its own check


@pytest.mark.parametrize(
    "text",
    [
        "以输入为 (N, C, H, W) 的 BatchNorm2d 为例。",
        "形状是(C,)，共 2C 个。",
        "BN 在 (N,H,W) 上统计。",
        "eps 默认 1e-5，动量 0.1，比例 1:1。",
        "调用 `model.eval()`，再用 `x[:, None]`。",
        "时间 O(元素数)，用 mean(x_组) 和 conv(x, 某个 w2)。",
        "dμ = −(1/s)·Σᵢ dx̂ᵢ，其中 s = √(σ² + ε)。",
        "Santurkar et al. 的实验。",
        "按 [b]r[/b] 开始今天的复习。",
        "代码如下：\n```python\nx = a, b  # 注释,照旧\n```\n结束。",
        "y = (x - mean) / sqrt(var + eps), then return y.",  # no Chinese on the line: a formula
    ],
)
def test_code_formulas_and_numbers_keep_half_width(text: str) -> None:
    assert find_problems(text) == []


def test_problems_name_the_mark_and_where_it_is() -> None:
    [problem] = find_problems("第一行。\n很长的一句话,后面还有")
    assert (problem.line, problem.col, problem.found, problem.want) == (1, 6, ",", "，")
    assert "'，'" in problem.describe() and "话,后" in problem.describe()


DECK = """\
id: demo
title: {zh: 演示, en: Demo}
description: {zh: 演示卡组, en: A demo deck}
languages: [zh, en]
cards:
  - id: demo-q
    kind: qa
    question: {zh: "BN能防止过拟合吗?", en: "Can BN prevent overfitting?"}
    answer:
      zh: |
        第一行没问题。
        可以一点(按 e)。
      en: A bit.
    key_points: [{zh: 要点, en: Point}]
"""


def test_loader_notes_point_at_file_line_and_column_and_keep_the_deck(tmp_path: Path) -> None:
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "demo.yaml").write_text(DECK, encoding="utf-8")
    result = load_dirs([tmp_path])
    where = [(e.line, e.col) for e in result.errors]
    assert where == [(8, 30), (12, 13), (12, 17)]
    assert "'question' (zh): half-width '?'" in str(result.errors[0])
    assert result.catalog.card("demo-q") is not None  # a comma is no reason to lose a deck
    # The app's fast load (no full validation) skips the check, as it skips case parsing.
    assert load_dirs([tmp_path], validate_cases=False).errors == []


def test_quizapp_check_fails_on_mixed_punctuation(tmp_path: Path) -> None:
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "demo.yaml").write_text(DECK, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "quizapp", "check", "--content-only", "--content", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "demo.yaml:8:30: card 'demo-q'" in run.stdout


def test_every_shipped_deck_and_exercise_passes() -> None:
    result = load_dirs([builtin_content_dir()])
    assert [str(e) for e in result.errors] == []


def test_the_fixer_script_leaves_a_fixed_file_loading_the_same(tmp_path: Path) -> None:
    target = tmp_path / "decks" / "demo.yaml"
    target.parent.mkdir()
    target.write_text(DECK, encoding="utf-8")
    script = REPO / "scripts" / "zh_punctuation.py"
    run = subprocess.run([sys.executable, str(script), "--fix", str(target)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout
    result = load_dirs([tmp_path])
    assert result.errors == []
    card = result.catalog.card("demo-q")
    assert card.question.get("zh") == "BN能防止过拟合吗？"
    assert card.answer.get("zh") == "第一行没问题。\n可以一点（按 e）。\n"
    assert card.answer.get("en") == "A bit."


def test_the_apps_own_chinese_words_pass() -> None:
    from quizapp.i18n import WORDS as _WORDS

    bad = {key: [p.describe() for p in find_problems(zh)] for key, (_en, zh) in _WORDS.items() if find_problems(zh)}
    assert bad == {}
