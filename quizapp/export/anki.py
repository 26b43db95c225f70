"""The decks as an Anki package (.apkg), built with genanki.

Ids are derived from quizapp's own ids, never from the time or the text, so that
importing a newer export into Anki updates the notes it already has instead of
adding copies: a note's GUID from its card id, a deck's id from the deck id, a note
type's id from its name. Editing a card's text changes its note's fields, not its GUID.
Review history is not exported: it stays in quizapp's database.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import sqlite3
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import genanki

from quizapp.content.cards import Card, ChoiceCard, Deck, QACard
from quizapp.content.model import Text
from quizapp.export.markup import EXPORT_LANGS, code_css, inline_html, per_language

# genanki's convention for ids: between 2**30 and 2**31, so Anki never confuses them
# with the millisecond timestamps it gives its own decks and note types.
_ID_LOW, _ID_SPAN = 1 << 30, 1 << 30

# The words the notes carry around the content, per language.
_LABELS: dict[str, tuple[str, str]] = {  # key: (en, zh)
    "key_points": ("Key points", "要点"),
    "details": ("Details", "详解"),
    "refs": ("References", "参考资料"),
    "explanation": ("Explanation", "解析"),
    "choose_all": ("Choose all that apply.", "多选：选出所有正确的选项。"),
    "choose_one": ("Choose one.", "单选。"),
    "right": ("right", "正确"),
}


def stable_id(*parts: str) -> int:
    """An id for Anki that depends only on `parts`."""
    digest = hashlib.sha256(":".join(("quizapp", *parts)).encode()).digest()
    return _ID_LOW + int.from_bytes(digest[:8], "big") % _ID_SPAN


def note_guid(card: Card) -> str:
    """The note's identity in Anki: the card id, whatever the text or the deck."""
    return genanki.guid_for("quizapp-card", card.id)


def _label(key: str, langs: Sequence[str]) -> str:
    en, zh = _LABELS[key]
    return " · ".join(zh if lang == "zh" else en for lang in langs)


def _section(key: str, body: str, langs: Sequence[str]) -> str:
    return f'<div class="qz-label">{_label(key, langs)}</div>{body}' if body else ""


def _text_title(text: Text, langs: Sequence[str]) -> str:
    titles = list(dict.fromkeys(text.get(lang) for lang in langs))
    return " / ".join(titles)


_CSS = (
    """
.card { font-family: -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC", sans-serif;
        font-size: 18px; text-align: left; line-height: 1.5; max-width: 60em; margin: 0 auto; }
.qz-question { font-size: 1.15em; font-weight: 600; }
.qz-label { margin-top: 1em; font-size: 0.8em; font-weight: 600; text-transform: uppercase; opacity: 0.7; }
.qz-side-by-side { display: flex; flex-wrap: wrap; gap: 0 1.5em; }
.qz-side-by-side > .qz-lang { flex: 1 1 20em; min-width: 0; }
.qz-options li { margin: 0.25em 0; }
.qz-options li.qz-right { color: #1a7f37; font-weight: 600; }
.qz-options li.qz-other { opacity: 0.65; }
.qz-mark { font-size: 0.8em; }
.qz-refs { font-size: 0.8em; opacity: 0.8; }
.qz-hint { font-size: 0.85em; opacity: 0.7; }
"""
    + code_css()
)

# The field lists are part of each note type's identity: change one and its name
# (hence its id) must change too, or Anki refuses to update the notes it holds.
QA_MODEL = genanki.Model(
    stable_id("model", "qa-v1"),
    "quizapp question (v1)",
    fields=[{"name": n} for n in ("Question", "Answer", "KeyPoints", "Details", "Refs", "CardId")],
    templates=[
        {
            "name": "Recall",
            "qfmt": '<div class="qz-question">{{Question}}</div>',
            "afmt": '{{FrontSide}}<hr id="answer"><div class="qz-answer">{{Answer}}</div>'
            "{{#KeyPoints}}<div>{{KeyPoints}}</div>{{/KeyPoints}}"
            "{{#Details}}<div>{{Details}}</div>{{/Details}}"
            '{{#Refs}}<div class="qz-refs">{{Refs}}</div>{{/Refs}}',
        }
    ],
    css=_CSS,
)

CHOICE_MODEL = genanki.Model(
    stable_id("model", "choice-v1"),
    "quizapp multiple choice (v1)",
    fields=[{"name": n} for n in ("Question", "Options", "Answer", "Explanation", "Refs", "CardId")],
    templates=[
        {
            "name": "Choose",
            "qfmt": '<div class="qz-question">{{Question}}</div>{{Options}}',
            "afmt": '<div class="qz-question">{{Question}}</div><hr id="answer">{{Answer}}'
            "{{#Explanation}}<div>{{Explanation}}</div>{{/Explanation}}"
            '{{#Refs}}<div class="qz-refs">{{Refs}}</div>{{/Refs}}',
        }
    ],
    css=_CSS,
)


def _refs_html(refs: Sequence[str], langs: Sequence[str]) -> str:
    if not refs:
        return ""
    items = "".join(f"<li>{inline_html(ref)}</li>" for ref in refs)
    return _section("refs", f"<ul>{items}</ul>", langs)


def _qa_fields(card: QACard, langs: Sequence[str]) -> list[str]:
    points = "".join(f"<li>{per_language(p, langs, inline_html)}</li>" for p in card.key_points)
    return [
        per_language(card.question, langs, inline_html),
        per_language(card.answer, langs),
        _section("key_points", f"<ul>{points}</ul>" if points else "", langs),
        _section("details", per_language(card.details, langs) if card.details else "", langs),
        _refs_html(card.refs, langs),
        card.id,
    ]


def _options_html(card: ChoiceCard, langs: Sequence[str], *, marked: bool) -> str:
    items = []
    for i, option in enumerate(card.options):
        body = per_language(option, langs, inline_html)
        if not marked:
            items.append(f"<li>{body}</li>")
        elif i in card.correct:
            mark = f'<span class="qz-mark">✓ {_label("right", langs)}</span>'
            items.append(f'<li class="qz-right">{mark}{body}</li>')
        else:
            items.append(f'<li class="qz-other">{body}</li>')
    how = _label("choose_all" if card.multiple else "choose_one", langs)
    hint = "" if marked else f'<div class="qz-hint">{how}</div>'
    return f'{hint}<ol class="qz-options" type="A">{"".join(items)}</ol>'


def _choice_fields(card: ChoiceCard, langs: Sequence[str]) -> list[str]:
    return [
        per_language(card.question, langs, inline_html),
        _options_html(card, langs, marked=False),
        _options_html(card, langs, marked=True),
        _section("explanation", per_language(card.explanation, langs), langs),
        _refs_html(card.refs, langs),
        card.id,
    ]


def _tag(word: str) -> str:
    return "_".join(word.split())  # Anki separates tags with spaces


def card_note(card: Card, deck: Deck, langs: Sequence[str]) -> genanki.Note:
    if isinstance(card, ChoiceCard):
        model, fields = CHOICE_MODEL, _choice_fields(card, langs)
    else:
        model, fields = QA_MODEL, _qa_fields(card, langs)
    tags = [*(_tag(t) for t in card.tags), f"deck::{_tag(deck.id)}"]
    return genanki.Note(model=model, fields=fields, tags=list(dict.fromkeys(tags)), guid=note_guid(card))


@dataclass(frozen=True)
class Exported:
    decks: int
    notes: int


def build_decks(decks: Sequence[Deck], lang: str) -> list[genanki.Deck]:
    """One Anki deck per quizapp deck, named `quizapp::<title>`."""
    langs = EXPORT_LANGS[lang]
    out = []
    for deck in decks:
        anki_deck = genanki.Deck(
            stable_id("deck", deck.id),
            f"quizapp::{_text_title(deck.title, langs)}",
            description=per_language(deck.description, langs, inline_html),
        )
        for card in deck.cards:
            anki_deck.add_note(card_note(card, deck, langs))
        out.append(anki_deck)
    return out


def write_apkg(decks: Sequence[Deck], target: Path, lang: str) -> Exported:
    """Write the package to `target` whole or not at all.

    genanki's own `write_to_file` leaves its SQLite file behind in the system's temp
    folder; the collection is built in memory instead and zipped straight into a
    temporary file beside the target, which then takes the target's name.
    """
    anki_decks = build_decks(decks, lang)
    now = time.time()
    conn = sqlite3.connect(":memory:")
    try:
        genanki.Package(anki_decks).write_to_db(conn.cursor(), now, itertools.count(int(now * 1000)))
        conn.commit()
        collection = conn.serialize()
    finally:
        conn.close()
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as package:
            package.writestr("collection.anki2", collection)
            package.writestr("media", "{}")
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return Exported(decks=len(anki_decks), notes=sum(len(d.notes) for d in anki_decks))
