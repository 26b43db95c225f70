"""Content errors and `quizapp check` speak the configured language, keeping file:line:col.

Many broken files, one mistake of each kind the loader knows; every error it
reports must carry both languages, the Chinese one with no English words outside
what the user wrote (quoted ids, keys, values) and the identifiers of the format.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.content import load_dirs
from quizapp.content.punctuation import is_chinese
from quizapp.grading.checks import CheckResult
from quizapp.grading.messages import text
from quizapp.i18n import Bilingual

QA = """\
    - id: {id}
      kind: qa
      question: {{en: "Q?", zh: "问？"}}
      answer: {{en: "A.", zh: "答。"}}
      key_points: [{{en: "P", zh: "点"}}]
"""

BROKEN: dict[str, str] = {
    "unknown-key.yaml": "id: d1\ntitle: {en: T, zh: 标题}\ncards:\n" + QA.format(id="c1") + "      anwser: x\n",
    "missing-field.yaml": "id: d2\ncards:\n" + QA.format(id="c2"),
    "bad-id.yaml": "id: Bad_Id\ntitle: {en: T, zh: 标题}\ncards:\n" + QA.format(id="c3"),
    "bad-kind.yaml": "id: d4\ntitle: {en: T, zh: 标题}\ncards:\n  - id: c4\n    kind: essay\n",
    "no-lang.yaml": "id: d5\ntitle: {en: T}\ncards:\n" + QA.format(id="c5"),
    "unknown-lang.yaml": "id: d6\ntitle: {en: T, zh: 标题, fr: Titre}\ncards:\n" + QA.format(id="c6"),
    "empty-text.yaml": "id: d7\ntitle: '  '\ncards:\n" + QA.format(id="c7"),
    "wrong-type.yaml": "id: d8\ntitle: [1, 2]\ncards: {a: 1}\n",
    "bad-tag.yaml": "id: d9\ntitle: {en: T, zh: 标题}\ncards:\n" + QA.format(id="c9") + "      tags: [Bad Tag]\n",
    "correct-range.yaml": (
        "id: d10\ntitle: {en: T, zh: 标题}\ncards:\n  - id: c10\n    kind: choice\n"
        "    question: {en: Q, zh: 问}\n    options: [{en: a, zh: 甲}, {en: b, zh: 乙}]\n    correct: [5]\n"
        "    explanation: {en: E, zh: 解释}\n"
    ),
    "duplicate-key.yaml": "id: d11\nid: d11\ntitle: {en: T, zh: 标题}\ncards:\n" + QA.format(id="c11"),
    "syntax.yaml": "id: d12\ntitle: {en: T, zh: [\n",
    "alias.yaml": "id: &a d13\ntitle: *a\ncards: []\n",
    "yaml-tag.yaml": "id: d14\ntitle: !!binary aGVsbG8=\ncards: []\n",
    "empty.yaml": "",
    "dup-id-1.yaml": "id: d15\ntitle: {en: T, zh: 标题}\ncards:\n" + QA.format(id="same"),
    "dup-id-2.yaml": "id: d16\ntitle: {en: T, zh: 标题}\ncards:\n" + QA.format(id="same"),
    "retired.yaml": "id: d17\ntitle: {en: T, zh: 标题}\nretired: {c17: nowhere}\ncards:\n" + QA.format(id="c17"),
    "punctuation.yaml": (
        "id: d18\ntitle: {en: T, zh: 标题}\ncards:\n  - id: c18\n    kind: qa\n"
        "    question: {en: 'Q?', zh: '为什么?'}\n    answer: {en: A., zh: 答。}\n    key_points: [{en: P, zh: 点}]\n"
    ),
    "long-answer.yaml": "id: d19\ntitle: {en: T, zh: 标题}\ncards:\n  - id: c19\n    kind: qa\n"
    "    question: {en: Q, zh: 问}\n    answer: {en: " + "word " * 200 + ", zh: 答}\n"
    "    key_points: [{en: P, zh: 点}]\n",
}
NOT_UTF8 = b"id: d20\ntitle: \xff\xfe\n"
# Words of the format itself, kept as they are in Chinese: YAML, encodings, field values.
# The YAML parser's own words are quoted “…” (as a submission's exception text is).
FORMAT_WORDS = {"YAML", "UTF", "id", "dtype", "true", "false", "quizapp", "qa", "choice", "zh", "en"}
FORMAT_WORDS |= {"decks", "exercises"}  # the content folders' names
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|“[^”]*”|&\w+|\*\w+|!!\w+")
_WORD = re.compile(r"[A-Za-z][A-Za-z]+")


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    decks = tmp_path / "content" / "decks"
    decks.mkdir(parents=True)
    for name, body in BROKEN.items():
        (decks / name).write_text(body, encoding="utf-8")
    (decks / "not-utf8.yaml").write_bytes(NOT_UTF8)
    (tmp_path / "content" / "stray.yaml").write_text("id: x\n", encoding="utf-8")  # not loaded: a reason
    return tmp_path / "content"


def english_words(zh: str) -> list[str]:
    """English words of a Chinese message, outside what is quoted (the user's own words and ids)."""
    return [w for w in _WORD.findall(_QUOTED.sub(" ", zh)) if w not in FORMAT_WORDS]


def test_every_loader_error_is_bilingual(broken: Path) -> None:
    errors = load_dirs([broken]).errors
    files = {e.path.name for e in errors}
    assert files >= {*BROKEN, "not-utf8.yaml"} - {"dup-id-1.yaml"}, files  # every file reported something
    for error in errors:
        assert isinstance(error.message, Bilingual), error
        zh = error.text("zh")
        assert any(is_chinese(c) for c in error.message.zh), zh
        assert english_words(error.message.zh) == [], zh
        if error.subject:
            assert isinstance(error.subject, Bilingual) and any(is_chinese(c) for c in error.subject.zh), zh
        assert str(error) == error.text("en") and not any(is_chinese(c) for c in _QUOTED.sub("", str(error)))


def test_check_prints_errors_in_the_chosen_language_keeping_the_place(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = {}
    for lang in ("en", "zh"):
        assert main(["check", "--content-only", "--lang", lang, "--content", str(broken)]) == 1
        outputs[lang] = capsys.readouterr().out.splitlines()
    assert len(outputs["en"]) == len(outputs["zh"]) > len(BROKEN)
    place = re.compile(r"^(.+?\.yaml):(\d+):(\d+): ")
    for en, zh in zip(outputs["en"], outputs["zh"], strict=True):
        en_place, zh_place = place.match(en), place.match(zh)
        assert (en_place is None) == (zh_place is None), (en, zh)
        if en_place and zh_place:
            assert en_place.groups() == zh_place.groups()  # file:line:col, unchanged
        assert any(is_chinese(c) for c in zh), zh
        assert not any(is_chinese(c) for c in _QUOTED.sub("", en)), en
    not_loaded = [line for line in outputs["zh"] if "stray.yaml" in line]
    assert not_loaded and english_words(not_loaded[0].split("：", 1)[1]) == []


def test_check_json_keeps_english_keys_and_says_the_language(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    main(["check", "--content-only", "--json", "--lang", "zh", "--content", str(broken)])
    chinese = json.loads(capsys.readouterr().out)
    main(["check", "--content-only", "--json", "--lang", "en", "--content", str(broken)])
    english = json.loads(capsys.readouterr().out)
    assert (chinese["lang"], english["lang"]) == ("zh", "en") and chinese.keys() == english.keys()
    assert [e["line"] for e in chinese["errors"]] == [e["line"] for e in english["errors"]]
    assert all(any(is_chinese(c) for c in e["message"]) for e in chinese["errors"])
    assert not any(is_chinese(c) for e in english["errors"] for c in _QUOTED.sub("", e["message"]))


def test_check_lines_of_exercise_checks_in_both_languages() -> None:
    missing = text("missing", label="out")
    wrong = text("check_run", verdict=Bilingual("wrong_answer", "答案错误"), name="train: N=4", message=missing)
    for result in (
        CheckResult("bn2d-forward", "mutant", "no-eps.py", False, wrong),
        CheckResult("bn2d-forward", "variant", "scalar-gamma", True, text("check_recognised")),
        CheckResult("bn2d-forward", "model", "model/bn2d-forward.py", False, text("check_no_model")),
        CheckResult("bn2d-forward", "reference", "BatchNorm2D", True),
    ):
        en, zh = result.summary("en"), result.summary("zh")
        assert en.startswith(("ok   bn2d-forward: ", "FAIL bn2d-forward: ")), en
        assert zh.startswith(("通过 bn2d-forward：", "失败 bn2d-forward：")), zh
        assert result.subject in en and result.subject in zh
        identifiers = {*_WORD.findall(result.subject), "bn", "forward", "train", "out"}
        assert [w for w in english_words(zh) if w not in identifiers] == [], zh
        assert not any(is_chinese(c) for c in en)
        assert result.to_json("zh")["check"] == result.check  # JSON keys and ids stay English
