"""The app's word tables: every key in both languages, the same placeholders, Chinese punctuation."""

from __future__ import annotations

import re
import string
import subprocess
import sys

import pytest

from quizapp.content.punctuation import find_problems, is_chinese
from quizapp.i18n import ACTIONS, WORDS, action_text, catalogues, cli_language, stored_language, tr

TABLES = dict(catalogues())
# Texts that are the same in both languages on purpose: a key's own label.
SAME_IN_BOTH = {"中/En", "/"}
_RICH_TAG = re.compile(r"\[/?[a-z ]*\]")


def _fields(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def _entries() -> list[tuple[str, str, str, str]]:
    return [(table, key, en, zh) for table, words in TABLES.items() for key, (en, zh) in words.items()]


def test_the_catalogues_are_found() -> None:
    assert {"quizapp.i18n.WORDS", "quizapp.i18n.ACTIONS", "quizapp.userinput.MESSAGES"} <= set(TABLES)


@pytest.mark.parametrize(("table", "key", "en", "zh"), _entries(), ids=lambda v: v if len(v) < 40 else v[:40])
def test_every_key_in_both_languages(table: str, key: str, en: str, zh: str) -> None:
    assert en.strip() and zh.strip(), f"{table}[{key!r}] has an empty text"
    assert _fields(en) == _fields(zh), f"{table}[{key!r}]: placeholders differ"
    assert _RICH_TAG.findall(en) == _RICH_TAG.findall(zh), f"{table}[{key!r}]: markup differs"
    assert not any(is_chinese(c) for c in en.replace("中/En", "").replace("中文", "")), f"{table}[{key!r}]: en"
    if zh not in SAME_IN_BOTH:
        assert any(is_chinese(c) for c in zh), f"{table}[{key!r}]: the zh text has no Chinese"
    assert [p.describe() for p in find_problems(zh)] == [], f"{table}[{key!r}]"


def test_tr_formats_and_picks_the_language() -> None:
    assert tr("card_n", "zh", i=2, n=9) == "第 2 / 9 张"
    assert tr("card_n", "en", i=2, n=9) == "Card 2 of 9"
    assert tr("card_n", "fr", i=2, n=9) == "Card 2 of 9"  # an unknown language falls back to English


def test_actions_are_keyed_by_their_english_text() -> None:
    assert all(key == en for key, (en, _zh) in ACTIONS.items())
    assert action_text("Review today", "zh") == "今日复习"
    assert action_text("Something new", "zh") == "Something new"


def test_the_report_labels_come_from_the_catalogue() -> None:
    from quizapp.mock import report

    for key in report._LABEL_KEYS:
        assert f"report_{key}" in WORDS


def test_the_catalogue_needs_no_textual() -> None:
    code = "import sys, quizapp.i18n; assert 'textual' not in sys.modules, 'textual imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cli_language_order(tmp_path, monkeypatch) -> None:
    from quizapp.review.store import ReviewStore

    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert stored_language(tmp_path) is None and cli_language(None, tmp_path) == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert cli_language(None, tmp_path) == "zh"  # no setting: the locale
    with ReviewStore.open(tmp_path) as store:
        store.set_setting("language", "en")
    assert cli_language(None, tmp_path) == "en"  # the setting beats the locale
    assert cli_language("zh", tmp_path) == "zh"  # --lang beats both
    (tmp_path / "quizapp.db").write_bytes(b"not a database")
    assert cli_language(None, tmp_path) == "zh"  # a broken database is no reason to fail


class _Chinese(str):
    """A placeholder's value as Chinese text, whatever its format spec (`{n:>2}`)."""

    def __format__(self, spec: str) -> str:
        return "中文"


@pytest.mark.parametrize(("table", "key", "en", "zh"), _entries(), ids=lambda v: v if len(v) < 40 else v[:40])
def test_chinese_punctuation_holds_once_the_placeholders_are_chinese(table: str, key: str, en: str, zh: str) -> None:
    """`{label}: …` passes on its own but shows `标签: …` once filled: fill every field with Chinese, check again.

    The allowance for code and identifiers is the rule's own (content/punctuation.py):
    text in backticks, formulas, numbers and ASCII-only stretches keep half-width marks.
    """
    filled = zh.format(**{name: _Chinese() for name in _fields(zh)})
    assert [p.describe() for p in find_problems(filled)] == [], f"{table}[{key!r}]: {filled}"
