"""`quizapp export anki`: the package is read back as what it is, a zip holding an SQLite collection."""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.content import load_catalog
from quizapp.content.cards import ChoiceCard, QACard
from quizapp.export.anki import CHOICE_MODEL, QA_MODEL, note_guid, stable_id

QA_FIELDS = ["Question", "Answer", "KeyPoints", "Details", "Refs", "CardId"]
CHOICE_FIELDS = ["Question", "Options", "Answer", "Explanation", "Refs", "CardId"]

MY_DECK = """\
id: my-notes
title: {zh: 我的笔记, en: My notes}
description: {zh: 测试用, en: For the test}
languages: [zh, en]
cards:
  - id: my-eps
    kind: qa
    question: {zh: "ε 放在哪里？", en: "Where does ε go?"}
    answer: {zh: "在根号里面：√(σ² + ε)。", en: "Inside the square root: √(σ² + ε)."}
    key_points:
      - {zh: 根号里面, en: inside the root}
      - {zh: 防止除零, en: avoids dividing by zero}
    details: {zh: "**更多**：ε 也让梯度有界。", en: "**More**: ε also bounds the gradient."}
    tags: [batchnorm, eps]
"""


def read_apkg(path: Path, tmp_path: Path) -> dict:
    """Notes (by CardId), note types and decks of a package, as Anki reads them."""
    with zipfile.ZipFile(path) as package:
        assert set(package.namelist()) == {"collection.anki2", "media"}
        db = tmp_path / f"{path.stem}.anki2"
        db.write_bytes(package.read("collection.anki2"))
        assert json.loads(package.read("media")) == {}
    conn = sqlite3.connect(db)
    try:
        models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0])
        decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
        notes = {}
        for guid, mid, flds, tags in conn.execute("SELECT guid, mid, flds, tags FROM notes"):
            names = [f["name"] for f in models[str(mid)]["flds"]]
            fields = dict(zip(names, flds.split("\x1f"), strict=True))
            notes[fields["CardId"]] = {"guid": guid, "mid": mid, "fields": fields, "tags": tags.split()}
        card_decks = dict(conn.execute("SELECT n.flds, c.did FROM cards c JOIN notes n ON n.id = c.nid").fetchall())
    finally:
        conn.close()
    return {"notes": notes, "models": models, "decks": decks, "card_decks": card_decks}


def export(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["export", "anki", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(include_user=False)


def test_every_deck_exports_with_its_notes_fields_and_tags(tmp_path, capsys, catalog) -> None:
    target = tmp_path / "all.apkg"
    code, out, err = export(capsys, str(target))
    assert code == 0, err
    assert str(target) in out and err == ""
    apkg = read_apkg(target, tmp_path)
    notes = apkg["notes"]
    cards = list(catalog.cards())
    assert len(cards) > 40
    assert set(notes) == {c.id for c in cards}

    assert [f["name"] for f in apkg["models"][str(QA_MODEL.model_id)]["flds"]] == QA_FIELDS
    assert [f["name"] for f in apkg["models"][str(CHOICE_MODEL.model_id)]["flds"]] == CHOICE_FIELDS
    deck_names = {d["id"]: d["name"] for d in apkg["decks"].values()}
    for deck in catalog.decks:
        assert deck_names[stable_id("deck", deck.id)] == f"quizapp::{deck.title.get('zh')} / {deck.title.get('en')}"
        for card in deck.cards:
            note = notes[card.id]
            assert note["guid"] == note_guid(card)
            assert note["mid"] == (CHOICE_MODEL if isinstance(card, ChoiceCard) else QA_MODEL).model_id
            assert set(note["tags"]) == {*card.tags, f"deck::{deck.id}"}
            # Both languages, side by side, in the question.
            question = note["fields"]["Question"]
            if card.question.get("zh") != card.question.get("en"):
                assert 'lang="zh"' in question and 'lang="en"' in question
            words = [w for w in re.findall(r"[A-Za-z]{4,}", card.question.get("en"))]
            assert all(w in question for w in words)
            if isinstance(card, QACard):
                assert note["fields"]["KeyPoints"].count("<li>") == len(card.key_points)
                assert note["fields"]["Refs"].count("<li>") == len(card.refs)


def test_code_blocks_are_highlighted_html_and_math_stays_unicode(tmp_path, capsys, catalog) -> None:
    target = tmp_path / "code.apkg"
    assert export(capsys, str(target))[0] == 0
    notes = read_apkg(target, tmp_path)["notes"]
    with_code = [c for c in catalog.cards() if isinstance(c, QACard) and "```python" in c.answer.get("en")]
    assert with_code
    answer = notes[with_code[0].id]["fields"]["Answer"]
    assert '<pre class="qz-code"><code class="language-python">' in answer
    assert '<span class="k">def</span>' in answer  # Pygments' keyword class, styled by the note type's CSS
    assert ".qz-code .k" in read_apkg(target, tmp_path)["models"][str(QA_MODEL.model_id)]["css"]
    assert "```" not in answer and "**" not in answer
    math = next(c for c in catalog.cards() if isinstance(c, QACard) and "σ²" in c.answer.get("en"))
    assert "σ²" in notes[math.id]["fields"]["Answer"]
    assert "&#" not in notes[math.id]["fields"]["Answer"]


def test_choice_back_marks_exactly_the_right_options(tmp_path, capsys, catalog) -> None:
    target = tmp_path / "choice.apkg"
    assert export(capsys, str(target), "--lang", "en")[0] == 0
    notes = read_apkg(target, tmp_path)["notes"]
    choices = [c for c in catalog.cards() if isinstance(c, ChoiceCard)]
    assert any(c.multiple for c in choices)
    for card in choices:
        fields = notes[card.id]["fields"]
        back = fields["Answer"].split("<li")[1:]
        assert len(back) == len(card.options)
        for i, item in enumerate(back):
            right = item.startswith(' class="qz-right"')
            assert right == (i in card.correct), (card.id, i)
            assert ("✓ right" in item) == right
        assert "qz-right" not in fields["Options"] and "✓" not in fields["Options"]
        assert ("Choose all that apply." in fields["Options"]) == card.multiple
        assert card.explanation.get("en").split()[0] in fields["Explanation"]
        assert 'lang="zh"' not in fields["Question"]  # --lang en: one language only


def test_second_export_keeps_guids_and_an_edit_changes_fields_only(tmp_path, capsys) -> None:
    content = tmp_path / "mine"
    (content / "decks").mkdir(parents=True)
    deck_file = content / "decks" / "my-notes.yaml"
    deck_file.write_text(MY_DECK, encoding="utf-8")
    args = ["--content", str(content), "--deck", "my-notes", "--lang", "zh"]

    first, second, edited = tmp_path / "1.apkg", tmp_path / "2.apkg", tmp_path / "3.apkg"
    assert export(capsys, str(first), *args)[0] == 0
    assert export(capsys, str(second), *args)[0] == 0
    deck_file.write_text(MY_DECK.replace("在根号里面", "放在根号之内"), encoding="utf-8")
    assert export(capsys, str(edited), *args)[0] == 0

    a, b, c = (read_apkg(p, tmp_path) for p in (first, second, edited))
    assert set(a["notes"]) == {"my-eps"}
    assert a["notes"]["my-eps"]["guid"] == b["notes"]["my-eps"]["guid"] == c["notes"]["my-eps"]["guid"]
    assert a["notes"]["my-eps"]["fields"] == b["notes"]["my-eps"]["fields"]
    assert "在根号里面" in a["notes"]["my-eps"]["fields"]["Answer"]
    assert "放在根号之内" in c["notes"]["my-eps"]["fields"]["Answer"]
    assert a["notes"]["my-eps"]["fields"]["Answer"] != c["notes"]["my-eps"]["fields"]["Answer"]
    assert set(a["decks"]) == set(c["decks"]) and set(a["models"]) == set(c["models"])
    assert a["notes"]["my-eps"]["tags"] == ["batchnorm", "eps", "deck::my-notes"]
    details = a["notes"]["my-eps"]["fields"]["Details"]
    assert "详解" in details and "<strong>更多</strong>" in details and "Details" not in details  # --lang zh
    assert 'lang="en"' not in a["notes"]["my-eps"]["fields"]["Answer"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{tmp}/x.apkg", "--deck", "batchnorm-basic"], "did you mean 'batchnorm-basics'?"),
        (["{tmp}/x.apkg", "--deck", "zzzz"], "unknown deck 'zzzz'"),
        (["{tmp}/missing/x.apkg"], "does not exist"),
        (["{tmp}"], "must end in .apkg"),
        (["{tmp}/folder.apkg"], "is a folder"),
        (["{tmp}/x.txt"], "must end in .apkg"),
    ],
)
def test_usage_errors_exit_2_with_a_message_and_write_nothing(tmp_path, capsys, args, message) -> None:
    (tmp_path / "folder.apkg").mkdir()
    before = sorted(tmp_path.iterdir())
    code, out, err = export(capsys, *(a.format(tmp=tmp_path) for a in args))
    assert code == 2
    assert out == ""
    assert message in err and err.startswith("quizapp export: ")
    assert sorted(tmp_path.iterdir()) == before


def test_chinese_messages_with_lang_zh(tmp_path, capsys) -> None:
    code, _, err = export(capsys, str(tmp_path / "x.apkg"), "--lang", "zh", "--deck", "batchnorm-basic")
    assert code == 2
    assert "没有卡组“batchnorm-basic”（是不是“batchnorm-basics”？）" in err


def test_unwritable_target_is_a_usage_error(tmp_path, capsys, monkeypatch) -> None:
    """A write that fails midway (here: the rename) leaves no partial package behind."""
    import quizapp.export.anki as anki

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(anki.os, "replace", refuse)
    code, out, err = export(capsys, str(tmp_path / "x.apkg"), "--deck", "batchnorm-basics")
    assert code == 2 and out == ""
    assert "cannot write" in err and "Permission denied" in err
    assert list(tmp_path.iterdir()) == []
