"""The loader: every class of authoring error is reported with file:line:col and field."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from quizapp.content import ChoiceCard, ContentErrors, QACard, load_catalog, load_dirs

GOOD_DECK = """\
# yaml-language-server: $schema=../schema.json
id: demo
title: {zh: 演示, en: Demo}
description: {zh: 一个演示卡组, en: A demo deck}
languages: [zh, en]
cards:
  - id: demo-qa
    kind: qa
    question: {zh: 问题？, en: Question?}
    answer:
      zh: 答案
      en: Answer
    key_points:
      - {zh: 要点, en: Point}
    tags: [demo]
    refs: ["Someone, A paper, 2020"]
  - id: demo-choice
    kind: choice
    question: {zh: 选哪个？, en: Which one?}
    options:
      - {zh: 甲, en: A}
      - {zh: 乙, en: B}
    correct: [1]
    explanation: {zh: 因为乙, en: Because B}
"""


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content" / "decks").mkdir(parents=True)
    (tmp_path / "content" / "exercises").mkdir()
    return tmp_path / "content"


def write(root: Path, name: str, text: str) -> None:
    (root / "decks" / name).write_text(textwrap.dedent(text), encoding="utf-8")


def messages(root: Path) -> list[str]:
    return [str(e) for e in load_dirs([root]).errors]


def test_good_deck_loads_into_frozen_models(root: Path) -> None:
    write(root, "demo.yaml", GOOD_DECK)
    result = load_dirs([root])
    assert result.errors == []
    (deck,) = result.catalog.decks
    qa, choice = deck.cards
    assert isinstance(qa, QACard) and isinstance(choice, ChoiceCard)
    assert qa.question.get("zh") == "问题？" and qa.answer.get("en") == "Answer"
    assert qa.deck_id == "demo" and qa.tags == ("demo",) and qa.refs == ("Someone, A paper, 2020",)
    assert choice.correct == (1,) and choice.options[1].get("en") == "B"
    with pytest.raises(AttributeError):
        qa.id = "other"  # type: ignore[misc]


def test_unknown_key_names_line_column_card_and_suggests(root: Path) -> None:
    write(root, "x.yaml", GOOD_DECK.replace("    answer:\n", "    anwser:\n"))
    assert messages(root) == [
        "content/decks/x.yaml:7:5: card 'demo-qa': missing required field 'answer'",
        "content/decks/x.yaml:10:5: card 'demo-qa': unknown key 'anwser' (did you mean 'answer'?)",
    ]


def test_yaml_syntax_error_has_position(root: Path) -> None:
    write(root, "x.yaml", GOOD_DECK.replace("languages: [zh, en]", "languages: [zh, en"))
    (msg,) = messages(root)
    assert msg.startswith("content/decks/x.yaml:6:6: YAML syntax error: did not find expected ',' or ']'")


def test_wrong_type(root: Path) -> None:
    write(root, "x.yaml", GOOD_DECK.replace("tags: [demo]", "tags: demo"))
    assert messages(root) == ["content/decks/x.yaml:15:5: card 'demo-qa': 'tags' must be a list, got text"]


def test_missing_required_field_on_deck(root: Path) -> None:
    write(root, "x.yaml", GOOD_DECK.replace("description: {zh: 一个演示卡组, en: A demo deck}\n", ""))
    assert messages(root) == ["content/decks/x.yaml:2:1: deck 'demo': missing required field 'description'"]


def test_missing_language(root: Path) -> None:
    write(root, "x.yaml", GOOD_DECK.replace("explanation: {zh: 因为乙, en: Because B}", "explanation: {zh: 因为乙}"))
    assert messages(root) == [
        "content/decks/x.yaml:24:5: card 'demo-choice': 'explanation': missing language 'en'"
    ]


def test_plain_string_text_serves_every_language(root: Path) -> None:
    write(root, "x.yaml", GOOD_DECK.replace("explanation: {zh: 因为乙, en: Because B}", "explanation: B = 2"))
    catalog = load_dirs([root]).catalog
    card = catalog.card("demo-choice")
    assert card is not None and card.explanation.get("zh") == card.explanation.get("en") == "B = 2"


def test_unknown_language_and_empty_text(root: Path) -> None:
    write(root, "x.yaml", GOOD_DECK.replace("{zh: 问题？, en: Question?}", "{zh: '', en: Q, fr: Quoi}"))
    assert messages(root) == [
        "content/decks/x.yaml:9:16: card 'demo-qa': 'question': the 'zh' text is empty or not a string",
        "content/decks/x.yaml:9:31: card 'demo-qa': 'question': unknown language 'fr' (use zh, en)",
    ]


def test_duplicate_ids_across_files(root: Path) -> None:
    write(root, "a.yaml", GOOD_DECK)
    write(root, "b.yaml", GOOD_DECK.replace("id: demo\n", "id: other\n").replace("demo-choice", "fresh-choice"))
    result = load_dirs([root])
    assert [str(e) for e in result.errors] == [
        "content/decks/b.yaml:7:5: card 'demo-qa': duplicate id 'demo-qa' (first at a.yaml:7)"
    ]
    # the first use keeps the id; the rest of the second deck still loads
    assert [c.id for c in result.catalog.deck("other").cards] == ["fresh-choice"]


def test_duplicate_key_in_one_mapping(root: Path) -> None:
    write(root, "x.yaml", GOOD_DECK.replace("    tags: [demo]\n", "    tags: [demo]\n    tags: [again]\n"))
    assert messages(root) == ["content/decks/x.yaml:16:5: duplicate key 'tags'"]


def test_choice_correct_index_out_of_range(root: Path) -> None:
    write(root, "x.yaml", GOOD_DECK.replace("correct: [1]", "correct: [2]"))
    assert messages(root) == [
        "content/decks/x.yaml:23:5: card 'demo-choice': 'correct' index 2 is out of range for 2 options"
    ]


def test_unknown_card_kind(root: Path) -> None:
    write(root, "x.yaml", GOOD_DECK.replace("kind: qa", "kind: essay"))
    assert messages(root) == ["content/decks/x.yaml:8:5: card 'demo-qa': 'kind' must be one of qa, choice, got 'essay'"]


def test_bad_id(root: Path) -> None:
    write(root, "x.yaml", GOOD_DECK.replace("id: demo-qa", "id: Demo_QA"))
    assert messages(root) == [
        "content/decks/x.yaml:7:5: card 'Demo_QA': 'id' must be lowercase letters, digits and hyphens, got 'Demo_QA'"
    ]


def test_all_errors_reported_at_once_and_bad_file_left_out(root: Path) -> None:
    write(root, "good.yaml", GOOD_DECK)
    bad = GOOD_DECK.replace("id: demo\n", "id: bad\n").replace("demo-", "bad-")
    bad = bad.replace("    answer:\n", "    anwser:\n").replace("correct: [1]", "correct: [-1]")
    write(root, "bad.yaml", bad)
    result = load_dirs([root])
    assert len(result.errors) == 3
    assert [d.id for d in result.catalog.decks] == ["demo"]
    with pytest.raises(ContentErrors) as info:
        load_catalog([root], include_user=False)
    assert len(info.value.errors) == 3


def test_empty_file(root: Path) -> None:
    write(root, "x.yaml", "# nothing here\n")
    assert messages(root) == ["content/decks/x.yaml:1:1: the file is empty"]


def test_user_content_folder_is_loaded_beside_builtin(quizapp_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own = quizapp_home / "content" / "mine" / "decks"
    own.mkdir(parents=True)
    (own / "demo.yaml").write_text(GOOD_DECK, encoding="utf-8")
    monkeypatch.chdir(quizapp_home)
    catalog = load_catalog()
    assert catalog.deck("demo") is not None
    assert catalog.deck("batchnorm-basics") is not None  # built-in content too


def test_content_hash_follows_meaning_not_tags(root: Path) -> None:
    write(root, "x.yaml", GOOD_DECK)
    before = load_dirs([root]).catalog.card("demo-qa")
    write(root, "x.yaml", GOOD_DECK.replace("tags: [demo]", "tags: [demo, more]"))
    retagged = load_dirs([root]).catalog.card("demo-qa")
    write(root, "x.yaml", GOOD_DECK.replace("en: Answer", "en: A different answer"))
    rewritten = load_dirs([root]).catalog.card("demo-qa")
    assert before.content_hash == retagged.content_hash != rewritten.content_hash


def test_parse_cache_serves_unchanged_files_and_notices_edits(root: Path, quizapp_home: Path) -> None:
    from quizapp.content.cache import ParseCache

    write(root, "x.yaml", GOOD_DECK)
    first = load_dirs([root], cache=ParseCache())
    folder = ParseCache().folder
    [entry] = list(folder.iterdir())  # one entry per content file
    assert folder.is_relative_to(quizapp_home) and entry.name.startswith("x-")
    again = load_dirs([root], cache=ParseCache())
    assert again.catalog == first.catalog and again.errors == []
    write(root, "x.yaml", GOOD_DECK.replace("en: Answer", "en: Edited answer and longer"))
    edited = load_dirs([root], cache=ParseCache())
    assert edited.catalog.card("demo-qa").answer.get("en") == "Edited answer and longer"
    # a damaged cache entry is ignored, not fatal
    entry.write_text("{not json", encoding="utf-8")
    assert load_dirs([root], cache=ParseCache()).catalog == edited.catalog


def test_loading_one_exercise_keeps_the_other_cache_entries(quizapp_home: Path) -> None:
    from quizapp.content import load_catalog, load_exercise
    from quizapp.content.cache import ParseCache

    full = load_catalog()
    folder = ParseCache().folder
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert len(before) == len(full.decks) + len(full.exercises)
    assert load_exercise("bn2d-forward") == full.exercise("bn2d-forward")
    # `quizapp grade` reads one entry and must not drop (or rewrite) the others
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before


def test_a_full_load_drops_entries_of_files_gone(root: Path, quizapp_home: Path) -> None:
    from quizapp.content.cache import ParseCache

    write(root, "x.yaml", GOOD_DECK)
    write(root, "y.yaml", GOOD_DECK.replace("demo", "other"))
    load_dirs([root], cache=ParseCache())
    folder = ParseCache().folder
    assert len(list(folder.iterdir())) == 2
    (root / "decks" / "y.yaml").unlink()
    load_dirs([root], cache=ParseCache())
    assert [p.name[:2] for p in folder.iterdir()] == ["x-"]


def test_cases_are_parsed_on_first_use_unless_validating(root: Path) -> None:
    import shutil

    from quizapp.locations import builtin_content_dir

    shutil.copy(builtin_content_dir() / "exercises" / "rmsnorm.yaml", root / "exercises" / "rmsnorm.yaml")
    lazy = load_dirs([root], validate_cases=False).catalog.exercise("rmsnorm")
    assert lazy is not None and "cases" not in lazy.__dict__
    assert lazy.cases.samples  # parsed now, on first use
    eager = load_dirs([root]).catalog.exercise("rmsnorm")
    assert "cases" in eager.__dict__ and eager.cases == lazy.cases
    # a broken case is an error with its position when validating, and only then
    path = root / "exercises" / "rmsnorm.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("steps:", "stepz:", 1), encoding="utf-8")
    errors = load_dirs([root]).errors
    assert errors and errors[0].subject == "exercise 'rmsnorm'" and "cases:" in errors[0].message
    assert load_dirs([root], validate_cases=False).errors == []


def test_exercises_follow_the_course_order() -> None:
    catalog = load_catalog(include_user=False)
    ids = [e.id for e in catalog.exercises]
    assert ids[:4] == ["bn2d-forward", "bn1d-forward", "bn2d-fix-the-bugs", "bn-backward"]
    assert [e.order for e in catalog.exercises] == sorted(e.order for e in catalog.exercises)


def test_loading_one_exercise_leaves_the_card_classes_undefined(quizapp_home: Path) -> None:
    """`quizapp grade` needs one exercise: cards.py (decks, cards, catalog) stays unimported."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from quizapp.content import load_exercise\n"
        "assert load_exercise('bn2d-forward') is not None\n"
        "print('quizapp.content.cards' in sys.modules)\n"
        "from quizapp.content import QACard\n"  # and yet everything is still importable by name
        "from quizapp.content.model import Catalog\n"
        "print(QACard.__module__, Catalog.__module__)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["False", "quizapp.content.cards", "quizapp.content.cards"], result.stderr
