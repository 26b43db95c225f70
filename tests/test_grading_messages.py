"""Grader messages: one bilingual catalogue, every message names its step, said once, never cut mid-word."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.content import load_exercise
from quizapp.grading.engine import grade
from quizapp.grading.messages import CATALOGUE, Text, fields_of, interface_text, shorten, text

ROOT = Path(__file__).resolve().parents[1]
MUTANTS = ROOT / "tests" / "mutants"
SYNTAX = "import numpy as np\nclass BatchNorm2D:\n    def __init__(self, n momentum=0.1):\n        pass\n"


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_message_has_both_languages_with_the_same_fields(key):
    en, zh = CATALOGUE[key]
    assert en.strip() and zh.strip()
    assert fields_of(en) == fields_of(zh)
    # Chinese punctuation is full-width outside code: no ASCII comma, semicolon or
    # question mark, and no ASCII colon right after Chinese text.
    prose = re.sub(r"\{[^}]*\}|`[^`]*`|\([^)]*\.\.\.\)", "", zh)
    assert not re.search(r"[,;?]", prose), zh
    assert not re.search(r"[\u4e00-\u9fff]:", prose), zh


def test_a_text_is_its_english_message_and_carries_the_chinese_one():
    label = text("value_of", step=text("step", n=3, what="forward"), name="output")
    assert isinstance(label, str) and label == "step 3 forward: output" and label.zh == "第 3 步 forward：output"
    message = text("missing", label=label)
    assert message.en == "step 3 forward: output: no value was produced"
    assert message.zh == "第 3 步 forward：output：没有产生任何值"


def test_shorten_cuts_at_a_word_boundary_with_an_ellipsis():
    name = "train: odd spatial sizes H=3 W=5, momentum=0.05 eps=1e-3, float32"
    assert shorten(name, 100) == name
    assert shorten(name, 50) == "train: odd spatial sizes H=3 W=5, momentum=0.05…"
    assert shorten(name, 60) == "train: odd spatial sizes H=3 W=5, momentum=0.05 eps=1e-3…"


@pytest.fixture(scope="module")
def reports():
    def run(ex_id: str, source: str, seed: int = 3):
        return grade(load_exercise(ex_id), source, seed=seed, filename="solution.py")

    read = lambda ex, name: (MUTANTS / ex / name).read_text(encoding="utf-8")  # noqa: E731
    return {
        "alias": run("bn-backward", read("bn-backward", "dout_scaled_in_place.py"), 1),
        "momentum": run("bn1d-forward", read("bn1d-forward", "momentum_backwards.py")),
        "syntax": run("bn2d-forward", SYNTAX),
        "long": run("bn2d-forward", read("bn2d-forward", "eps_outside_sqrt.py"), 11),
    }


def test_aliasing_names_both_parameters(reports):
    case = next(c for c in reports["alias"].cases if c.name == "dout is the same array as x")
    assert case.message == "step 1 batchnorm_backward: dout and x are the same array, and your code wrote into it"
    assert case.message.zh == "第 1 步 batchnorm_backward：dout 和 x 是同一个数组，而你的代码写入了它"


def test_read_backs_name_their_step_as_outputs_do(reports):
    sample = reports["momentum"].cases[0]
    lines = sample.message.splitlines()
    assert lines[0] == "wrong: running_mean, running_var"
    assert lines[1].startswith("step 3 running_mean (after train): wrong at 2 of 2 positions; max abs error 2.4 at [0]")
    assert sample.message.zh.splitlines()[1].startswith("第 3 步 running_mean（训练后）：2 个位置中有 2 个不对")
    eval_case = next(c for c in reports["momentum"].cases if "then eval, L=2" in c.name)
    assert "step 7 running_mean (after eval)" not in eval_case.message  # the first failing step is named
    assert eval_case.message.splitlines()[1].startswith("step 3 running_mean (after train): ")


def test_a_file_level_error_is_reported_once(reports):
    r = reports["syntax"]
    body = r.to_text()
    assert body.count("invalid syntax") == 1
    assert f"  none of the {r.total} cases ran" in body.splitlines()
    assert {c.message for c in r.cases} == {"not run"}
    assert {c.message.zh for c in r.cases} == {"未运行"}
    zh = r.to_text("zh")
    assert zh.splitlines()[1] == "  solution.py，第 3 行，第 26 列：invalid syntax"
    assert f"  {r.total} 个用例都没有运行" in zh.splitlines()


def test_the_hint_is_printed_once_and_case_names_are_never_cut(reports):
    r = reports["long"]
    assert r.hint is not None and r.hint["id"] == "eps-outside-sqrt"
    body = r.to_text()
    assert body.count(r.hint["en"]) == 1 and f"  hint: {r.hint['en']}" in body.splitlines()
    assert r.to_text("zh").count(f"  提示：{r.hint['zh']}") == 1
    for case in r.cases:
        assert re.search(rf"  (ok  |FAIL) {re.escape(case.name)} ", body), case.name


def test_json_keeps_english_keys_and_verdicts_and_follows_lang(reports):
    r = reports["momentum"]
    en, zh = r.to_json(), r.to_json("zh")
    assert en["lang"] == "en" and zh["lang"] == "zh"
    assert set(en) == set(zh) and en["verdict"] == zh["verdict"] == "wrong_answer"
    assert [c["verdict"] for c in en["cases"]] == [c["verdict"] for c in zh["cases"]]
    first = zh["cases"][0]["message"].splitlines()
    assert first[0] == "不对的输出：running_mean, running_var"
    assert first[1].startswith("第 3 步 running_mean（训练后）：")
    json.dumps(zh, ensure_ascii=False)


def test_interface_errors_get_their_chinese_twin():
    message = interface_text("missing.py does not define 'BatchNorm2D' (it defines: BatchNorm, helper)")
    assert message == "missing.py does not define 'BatchNorm2D' (it defines: BatchNorm, helper)"
    assert message.zh == "missing.py 没有定义 BatchNorm2D（它定义了：BatchNorm, helper）"
    odd = interface_text("something the catalogue does not know")
    assert isinstance(odd, Text) and odd.zh == odd == "something the catalogue does not know"


def test_an_unknown_exercise_gets_a_did_you_mean(capsys, tmp_path):
    solution = tmp_path / "s.py"
    solution.write_text("x = 1\n", encoding="utf-8")
    for wrong, expected in (
        ("bn2d-froward", "quizapp grade: unknown exercise 'bn2d-froward' (did you mean 'bn2d-forward'?)\n"),
        ("fold", "quizapp grade: unknown exercise 'fold' (did you mean 'fold-bn'?)\n"),
        ("zzz", "quizapp grade: unknown exercise 'zzz' (see `quizapp list`)\n"),
    ):
        code = main(["grade", wrong, str(solution)])
        out, err = capsys.readouterr()
        assert (code, out, err) == (2, "", expected)
