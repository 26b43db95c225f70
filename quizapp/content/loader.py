"""Load decks and exercises from YAML folders into frozen models.

Every problem is collected (not just the first) as a `ContentError` naming the
file, line, column and the card or exercise at fault. A file with errors is
left out of the catalog; the rest still loads, so one typo in a user's own
deck does not take the whole app down.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from quizapp.content.cache import ParseCache
from quizapp.content.errors import ContentError, ContentErrors, resolved
from quizapp.content.fields import (
    CARD_FIELDS,
    DECK_FIELDS,
    DTYPES,
    ENTRY_FIELDS,
    EXERCISE_FIELDS,
    ID_PATTERN,
    IDENT_PATTERN,
    TOLERANCE_FIELDS,
    Field,
)
from quizapp.content.length import over_limit
from quizapp.content.limits import MAX_FILE_BYTES
from quizapp.content.messages import say
from quizapp.content.model import LANGUAGES, MODEL_ANSWERS, Entry, Exercise, Origin, Text, Tolerance
from quizapp.content.yamlpos import KeyPath, Located, YamlSyntaxError, load_located
from quizapp.i18n import Bilingual

TYPE_CHECKING = False  # typing.TYPE_CHECKING: cards are imported where decks are loaded
if TYPE_CHECKING:
    from quizapp.content.cards import Card, Catalog, Deck

_ID_RE = re.compile(ID_PATTERN)
_IDENT_RE = re.compile(IDENT_PATTERN)
_MISSING = object()


@dataclass
class LoadResult:
    """What a load found: the catalog of what loaded, every error, and how many files it read."""

    catalog: Catalog
    errors: list[ContentError] = field(default_factory=list)
    files: int = 0


class _FileReader:
    """Typed reads from one YAML file's data, recording errors with positions."""

    def __init__(self, path: Path, located: Located, errors: list[ContentError]) -> None:
        self.path = path
        self.located = located
        self.errors = errors
        self.failed = False
        self.languages: tuple[str, ...] = LANGUAGES
        self.validate_cases = True  # parse exercises' cases now, reporting their errors
        self.parsed_cases: Any = None
        self.source = ""  # the file's text, to point punctuation notes at their own line
        self.notes: list[ContentError] = []  # errors that do not keep the file from loading

    def error(self, key_path: KeyPath, subject: str, message: str) -> None:
        line, col = self.located.position(key_path)
        self.errors.append(ContentError(self.path, line, col, subject, message))
        self.failed = True

    def check_punctuation(self, key_path: KeyPath, subject: str, label: str, text: str) -> None:
        """Note every misplaced half-width mark of a Chinese text (see content/punctuation.py).

        A note is reported by `quizapp check` (which then fails) but does not
        keep the card out: a comma is no reason to lose a deck.
        """
        from quizapp.content.punctuation import find_problems

        problems = find_problems(text)
        if not problems:
            return
        key_line, key_col = self.located.position(key_path)
        lines = self.source.split("\n")
        for problem in problems:
            line, col = key_line, key_col
            for i in range(key_line - 1, min(len(lines), key_line + problem.line + 2)):
                found = lines[i].find(problem.source)
                if found >= 0:
                    line, col = i + 1, found + problem.col + 1
                    break
            message = say("punct_label", label=label, problem=problem.describe())
            self.notes.append(ContentError(self.path, line, col, subject, message))

    def origin(self, key_path: KeyPath) -> Origin:
        return Origin(self.path, *self.located.position(key_path))

    def fields(
        self, data: Any, at: KeyPath, fields: Sequence[Field], subject: str, what: str
    ) -> dict[str, Any] | None:
        """Check a mapping's keys against `fields`; return it, or None if unusable."""
        if not isinstance(data, dict):
            self.error(at, subject, say("expected_mapping", what=what, kind=_kind(data)))
            return None
        known = {f.name for f in fields}
        for key in data:
            if key not in known:
                import difflib  # only for a misspelt key: not worth its import on every load

                close = difflib.get_close_matches(str(key), sorted(known), n=1)
                message = say("unknown_key_close", key=key, close=close[0]) if close else say("unknown_key", key=key)
                self.error((*at, key), subject, message)
        for f in fields:
            if f.required and f.name not in data:
                self.error(at, subject, say("missing_field", name=f.name))
        return data

    def value(self, data: dict[str, Any], at: KeyPath, f: Field, subject: str) -> Any:
        """Read field `f` from `data` as its kind says; `_MISSING` if absent or wrong."""
        if f.name not in data:
            return _MISSING
        raw = data[f.name]
        where = (*at, f.name)
        reader = getattr(self, f"_read_{f.kind}")
        return reader(raw, where, f, subject)

    # --- one reader per field kind -------------------------------------------------

    def _read_id(self, raw: Any, at: KeyPath, f: Field, subject: str) -> Any:
        if not isinstance(raw, str) or not _ID_RE.match(raw):
            self.error(at, subject, say("bad_id", name=f.name, raw=repr(raw)))
            return _MISSING
        return raw

    def _read_ident(self, raw: Any, at: KeyPath, f: Field, subject: str) -> Any:
        if not isinstance(raw, str) or not _IDENT_RE.match(raw):
            self.error(at, subject, say("bad_ident", name=f.name, raw=repr(raw)))
            return _MISSING
        return raw

    def _read_enum(self, raw: Any, at: KeyPath, f: Field, subject: str) -> Any:
        if raw not in f.choices:
            self.error(at, subject, say("bad_enum", name=f.name, choices=", ".join(f.choices), raw=repr(raw)))
            return _MISSING
        return raw

    def _read_code(self, raw: Any, at: KeyPath, f: Field, subject: str) -> Any:
        if not isinstance(raw, str) or not raw.strip():
            self.error(at, subject, say("bad_code", name=f.name, kind=_kind(raw)))
            return _MISSING
        return raw

    def _read_int(self, raw: Any, at: KeyPath, f: Field, subject: str) -> Any:
        if isinstance(raw, bool) or not isinstance(raw, int) or raw <= 0:
            self.error(at, subject, say("bad_int", name=f.name, raw=repr(raw)))
            return _MISSING
        return raw

    def _read_number(self, raw: Any, at: KeyPath, f: Field, subject: str) -> Any:
        # YAML 1.1 reads `1e-4` (no dot) as a string; authors mean a number.
        if isinstance(raw, str):
            with contextlib.suppress(ValueError):
                raw = float(raw)
        # NaN passes `raw < 0` and compares false with everything; inf makes a tolerance void.
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not 0 <= raw < float("inf"):
            self.error(at, subject, say("bad_number", name=f.name, raw=repr(raw)))
            return _MISSING
        return float(raw)

    def _read_text(self, raw: Any, at: KeyPath, f: Field, subject: str) -> Any:
        label = say("field", name=f.name) if isinstance(at[-1], str) else say("field_item", name=at[-2], n=at[-1] + 1)
        if isinstance(raw, str):
            if not raw.strip():
                self.error(at, subject, say("text_empty", label=label))
                return _MISSING
            return Text.plain(raw)
        if not isinstance(raw, dict):
            self.error(at, subject, say("text_type", label=label, kind=_kind(raw)))
            return _MISSING
        values = []
        ok = True
        for lang, text in raw.items():
            if lang not in LANGUAGES:
                message = say("text_unknown_lang", label=label, lang=lang, langs=", ".join(LANGUAGES))
                self.error((*at, lang), subject, message)
                ok = False
            elif not isinstance(text, str) or not text.strip():
                self.error((*at, lang), subject, say("text_lang_empty", label=label, lang=lang))
                ok = False
            else:
                values.append((lang, text))
                if lang == "zh" and self.validate_cases:  # the full check only: it costs a few ms per deck
                    self.check_punctuation((*at, lang), subject, label, text)
        for lang in self.languages:
            if lang not in raw:
                self.error(at, subject, say("text_missing_lang", label=label, lang=lang))
                ok = False
        return Text(tuple(values)) if ok else _MISSING

    def _list(self, raw: Any, at: KeyPath, f: Field, subject: str) -> list[Any] | None:
        if not isinstance(raw, list):
            self.error(at, subject, say("not_list", name=f.name, kind=_kind(raw)))
            return None
        if len(raw) < f.min_items:
            self.error(at, subject, say("too_few", name=f.name, min=f.min_items, n=len(raw)))
        if f.max_items is not None and len(raw) > f.max_items:
            self.error(at, subject, say("too_many", name=f.name, max=f.max_items, n=len(raw)))
        return raw

    def _read_texts(self, raw: Any, at: KeyPath, f: Field, subject: str) -> Any:
        items = self._list(raw, at, f, subject)
        if items is None:
            return _MISSING
        texts = [self._read_text(item, (*at, i), f, subject) for i, item in enumerate(items)]
        return _MISSING if _MISSING in texts else tuple(texts)

    def _read_strs(self, raw: Any, at: KeyPath, f: Field, subject: str) -> Any:
        items = self._list(raw, at, f, subject)
        if items is None:
            return _MISSING
        for i, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                self.error((*at, i), subject, say("item_empty", name=f.name, n=i + 1))
                return _MISSING
        return tuple(items)

    def _read_tags(self, raw: Any, at: KeyPath, f: Field, subject: str) -> Any:
        items = self._read_strs(raw, at, f, subject)
        if items is _MISSING:
            return items
        for i, tag in enumerate(items):
            if not _ID_RE.match(tag):
                self.error((*at, i), subject, say("bad_tag", tag=repr(tag)))
                return _MISSING
        return items

    def _read_langs(self, raw: Any, at: KeyPath, f: Field, subject: str) -> Any:
        items = self._read_strs(raw, at, f, subject)
        if items is _MISSING:
            return items
        unknown = [lang for lang in items if lang not in LANGUAGES]
        if unknown or not items:
            self.error(at, subject, say("bad_languages", langs=", ".join(LANGUAGES), got=list(items)))
            return _MISSING
        return items

    def _read_ints(self, raw: Any, at: KeyPath, f: Field, subject: str) -> Any:
        if isinstance(raw, int) and not isinstance(raw, bool):
            raw = [raw]
        items = self._list(raw, at, f, subject)
        if items is None:
            return _MISSING
        for i, item in enumerate(items):
            if isinstance(item, bool) or not isinstance(item, int) or item < 0:
                self.error((*at, i), subject, say("bad_index", name=f.name, n=i + 1, raw=repr(item)))
                return _MISSING
        if len(set(items)) != len(items):
            self.error(at, subject, say("index_twice", name=f.name))
            return _MISSING
        return tuple(items)

    def _read_entry(self, raw: Any, at: KeyPath, f: Field, subject: str) -> Any:
        data = self.fields(raw, at, ENTRY_FIELDS, subject, say("the_entry"))
        if data is None:
            return _MISSING
        name = self.value(data, at, ENTRY_FIELDS[0], subject)
        kind = self.value(data, at, ENTRY_FIELDS[1], subject)
        return _MISSING if _MISSING in (name, kind) else Entry(name, kind)

    def _read_tolerance(self, raw: Any, at: KeyPath, f: Field, subject: str) -> Any:
        if not isinstance(raw, dict):
            self.error(at, subject, say("bad_tolerance", kind=_kind(raw)))
            return _MISSING
        result = {}
        for dtype in raw:
            if dtype not in DTYPES:
                self.error((*at, dtype), subject, say("tolerance_unknown", dtype=dtype, dtypes=", ".join(DTYPES)))
        for dtype in DTYPES:
            if dtype not in raw:
                self.error(at, subject, say("tolerance_missing", dtype=dtype))
                continue
            where = (*at, dtype)
            data = self.fields(raw[dtype], where, TOLERANCE_FIELDS, subject, f"tolerance '{dtype}'")
            if data is None:
                continue
            atol, rtol = (self.value(data, where, t, subject) for t in TOLERANCE_FIELDS)
            if _MISSING not in (atol, rtol):
                result[dtype] = Tolerance(atol, rtol)
        return result if len(result) == len(DTYPES) else _MISSING

    def _read_cases(self, raw: Any, at: KeyPath, f: Field, subject: str) -> Any:
        if not self.validate_cases:  # parsed on first use (Exercise.cases)
            return raw
        try:
            from quizapp.grading.casespec import CaseSpecErrors, parse_cases
        except ImportError:  # grading not installed in this build: keep the data as written
            return raw
        try:
            self.parsed_cases = parse_cases(raw)
        except CaseSpecErrors as exc:
            for key_path, message in exc.errors:
                self.error((*at, *key_path), subject, say("cases", message=message))
            return _MISSING
        return raw

    def _read_cards(self, raw: Any, at: KeyPath, f: Field, subject: str) -> Any:
        raise AssertionError("cards are read by _load_deck")  # pragma: no cover

    def _read_retired(self, raw: Any, at: KeyPath, f: Field, subject: str) -> Any:
        from quizapp.content.cards import Retirement

        if not isinstance(raw, dict):
            self.error(at, subject, say("retired_type", kind=_kind(raw)))
            return _MISSING
        entries = []
        for old, new in raw.items():
            where = (*at, old)
            if not isinstance(old, str) or not _ID_RE.match(old):
                self.error(where, subject, say("retired_bad_old", old=repr(old)))
            elif not isinstance(new, str) or not _ID_RE.match(new):
                self.error(where, subject, say("retired_bad_new", old=old, new=repr(new)))
            else:
                entries.append(Retirement(old, new, self.origin(where)))
        return tuple(entries) if len(entries) == len(raw) else _MISSING


def _kind(value: Any) -> str:
    names = {dict: "kind_mapping", list: "kind_list", str: "kind_text", bool: "kind_bool", type(None): "kind_nothing"}
    key = names.get(type(value))
    return say(key) if key else type(value).__name__


def _read_all(
    reader: _FileReader, data: dict[str, Any], at: KeyPath, fields: Sequence[Field], subject: str
) -> dict[str, Any] | None:
    values = {f.name: reader.value(data, at, f, subject) for f in fields if f.kind != "cards"}
    if any(v is _MISSING for name, v in values.items() if name in data):
        return None
    return {k: v for k, v in values.items() if v is not _MISSING}


def _load_card(reader: _FileReader, raw: Any, at: KeyPath, deck_id: str) -> Card | None:
    from quizapp.content.cards import ChoiceCard, QACard  # not at the top: see load_exercise

    subject = say("subject_card_n", n=at[-1] + 1)
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        subject = say("subject_card", id=raw["id"])
    kind = raw.get("kind") if isinstance(raw, dict) else None
    # A hostile deck can give any YAML value here (a list is unhashable): test the type first.
    known_kind = isinstance(kind, str) and kind in CARD_FIELDS
    if isinstance(raw, dict) and not known_kind:
        where = (*at, "kind") if "kind" in raw else at
        kinds = ", ".join(CARD_FIELDS)
        message = say("bad_kind_got", kinds=kinds, got=repr(kind)) if "kind" in raw else say("bad_kind", kinds=kinds)
        reader.error(where, subject, message)
        return None
    fields = CARD_FIELDS[kind] if known_kind else CARD_FIELDS["qa"]
    before = len(reader.errors)
    data = reader.fields(raw, at, fields, subject, say("a_card"))
    if data is None:
        return None
    values = _read_all(reader, data, at, fields, subject)
    if values is None or len(reader.errors) > before:
        return None
    values.pop("kind")
    common = {
        "deck_id": deck_id,
        "tags": values.pop("tags", ()),
        "refs": values.pop("refs", ()),
        "origin": reader.origin(at),
    }
    if kind == "choice":
        bad = [i for i in values["correct"] if i >= len(values["options"])]
        if bad:
            count = len(values["options"])
            reader.error((*at, "correct"), subject, say("correct_range", index=bad[0], count=count))
            return None
        return ChoiceCard(**values, **common)
    answer = values["answer"]
    for lang in reader.languages:  # each language's text is timed by that language's rule
        message = over_limit(answer.get(lang), lang)
        if message:
            where = (*at, "answer", lang) if lang in answer.langs else (*at, "answer")
            reader.error(where, subject, message)
    if len(reader.errors) > before:
        return None
    return QACard(**values, **common)


def _top_level(
    reader: _FileReader, fields: Sequence[Field], noun: str
) -> tuple[dict[str, Any], str, dict[str, Any] | None] | None:
    """A file's top mapping checked against `fields`, its languages applied, its values read.

    Returns (data, subject, values) or None when the file is not a mapping at all;
    `values` is None when a field was present but wrong.
    """
    raw = reader.located.data
    ident = raw.get("id") if isinstance(raw, dict) else None
    subject = say(f"subject_{noun}", id=ident) if isinstance(ident, str) else say(f"noun_{noun}")
    data = reader.fields(raw, (), fields, subject, say("an_exercise" if noun == "exercise" else f"a_{noun}"))
    if data is None:
        return None
    langs = reader.value(data, (), next(f for f in fields if f.name == "languages"), subject)
    if langs is not _MISSING:
        reader.languages = langs  # every text below must have these languages
    return data, subject, _read_all(reader, data, (), fields, subject)


def _load_deck(reader: _FileReader) -> Deck | None:
    from quizapp.content.cards import Deck  # not at the top: see load_exercise

    top = _top_level(reader, DECK_FIELDS, "deck")
    if top is None:
        return None
    data, subject, values = top
    deck_id = data.get("id")
    raw_cards = data.get("cards", [])
    if not isinstance(raw_cards, list) or not raw_cards:
        reader.error(("cards",), subject, say("cards_empty"))
        return None
    cards = [_load_card(reader, raw, ("cards", i), str(deck_id)) for i, raw in enumerate(raw_cards)]
    if values is None or reader.failed:
        return None
    values.setdefault("retired", ())
    return Deck(cards=tuple(c for c in cards if c is not None), origin=reader.origin(()), **values)


def _load_exercise(reader: _FileReader) -> Exercise | None:
    top = _top_level(reader, EXERCISE_FIELDS, "exercise")
    if top is None:
        return None
    _data, subject, values = top
    if values is not None and reader.validate_cases:  # the full check (`quizapp check`, grade)
        from quizapp.oracle import reference_names

        names, name = reference_names(), values.get("reference")
        if names is not None and name is not None and name not in names:
            reader.error(("reference",), subject, say("unknown_reference", name=name, names=", ".join(sorted(names))))
    if values is None or reader.failed:
        return None
    values["cases_data"] = values.pop("cases")
    exercise = Exercise(origin=reader.origin(()), **values)
    if reader.parsed_cases is not None:
        exercise.__dict__["cases"] = reader.parsed_cases  # already parsed while validating
    return exercise


def _read_file(
    path: Path, errors: list[ContentError], cache: ParseCache | None, validate_cases: bool = True
) -> _FileReader | None:
    from quizapp.boundedio import read_bounded
    from quizapp.userinput import InputProblem

    try:
        raw = read_bounded(path, MAX_FILE_BYTES)
        stat = path.stat()
    except InputProblem as exc:  # too large, a FIFO nobody writes to, gone since listed
        the_file = say("the_file")
        message = Bilingual(exc.message("en", path=the_file.en), exc.message("zh", path=the_file.zh))
        errors.append(ContentError(path, 1, 1, "", message))
        return None
    except OSError as exc:
        errors.append(ContentError(path, 1, 1, "", say("cannot_read", reason=exc.strerror or exc)))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        errors.append(ContentError(path, line, 1, "", say("not_utf8", n=exc.start + 1)))
        return None
    try:
        located = cache.load(path, text, stat) if cache else load_located(text)
    except YamlSyntaxError as exc:
        errors.append(ContentError(path, exc.line, exc.col, "", exc.message))
        return None
    reader = _FileReader(path, located, errors)
    reader.validate_cases = validate_cases
    reader.source = text
    for key_path, _pos in located.duplicates:
        reader.located.positions.setdefault(key_path, _pos)
        line, col = _pos
        errors.append(ContentError(path, line, col, "", say("duplicate_key", key=key_path[-1])))
        reader.failed = True
    if located.data is None:
        reader.error((), "", say("file_empty"))
    return reader


_SUFFIXES = (".yaml", ".yml")
_KINDS = ("decks", "exercises")
# Files a content folder may hold beside decks/ and exercises/ without being content.
_KNOWN_EXTRAS = frozenset({"schema.json"})
MAX_LISTED = 10_000  # `check` stops looking for unloaded files after this many entries


def _yaml_files(folder: Path, errors: list[ContentError] | None = None) -> list[Path]:
    """The regular `*.yaml`/`*.yml` files directly in `folder` (a FIFO or device is never opened)."""
    try:
        if not folder.is_dir():
            return []
        entries = list(folder.iterdir())
    except OSError as exc:
        if errors is not None:
            errors.append(ContentError(folder, 1, 1, "", say("cannot_read_folder", reason=exc.strerror or exc)))
        return []
    found = []
    for p in entries:
        with contextlib.suppress(OSError):
            if p.suffix in _SUFFIXES and p.is_file():
                found.append(p)
    return sorted(found)


def unloaded_files(roots: Iterable[Path]) -> list[tuple[Path, str]]:
    """Every file under the content folders that a load leaves out, with why (for `quizapp check`).

    A load reads only `decks/*.yaml` and `exercises/*.yaml` (and `.yml`) directly under
    each root; anything else, which an author may have meant as content, is listed here.
    Folders nested in another root (the user's content folder holds roots) are theirs.
    """
    import os

    # One root named twice (the user's folder is a root and is also walked whole) is walked once.
    roots = list({resolved(Path(r)): Path(r) for r in roots if _is_dir(Path(r))}.values())
    root_set = {resolved(r) for r in roots}
    loaded = {resolved(p) for r in roots for kind in _KINDS for p in _yaml_files(r / kind)}
    # exercises/model/<id>.py is the model answer of exercises/<id>.yaml (Exercise.model_answer).
    loaded |= {p.parent / MODEL_ANSWERS / f"{p.stem}.py" for p in loaded if p.parent.name == "exercises"}
    listed: list[tuple[Path, str]] = []
    seen = 0
    for root in roots:
        for folder, dirs, files in os.walk(root, onerror=lambda exc: listed.append(_unreadable(exc))):
            here = Path(folder)
            # A folder that is a root of its own is walked as that root; Python's byte-code
            # caches (pip compiles the model answers on install) are nobody's content.
            dirs[:] = sorted(d for d in dirs if d != "__pycache__" and resolved(here / d) not in root_set)
            for name in sorted(files):
                seen += 1
                if seen > MAX_LISTED:
                    listed.append((root, say("unloaded_stopped", n=f"{MAX_LISTED:,}")))
                    return listed
                path = here / name
                if resolved(path) in loaded:
                    continue
                if here == root and name in _KNOWN_EXTRAS:
                    continue
                listed.append((path, _why_not_loaded(root, path)))
    return listed


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a folder on the way that cannot be searched: the load said so already
        return False


def _unreadable(exc: OSError) -> tuple[Path, str]:
    return Path(exc.filename or "?"), say("unloaded_unreadable", reason=exc.strerror or exc)


def _why_not_loaded(root: Path, path: Path) -> str:
    relative = path.relative_to(root).parts
    is_yaml = path.suffix in _SUFFIXES
    with contextlib.suppress(OSError):
        if not path.is_file():
            return say("unloaded_special")
    if is_yaml and len(relative) == 1:
        return say("unloaded_top")
    if is_yaml and relative[0] in _KINDS:
        return say("unloaded_subfolder", folder=relative[0])
    if is_yaml:
        return say("unloaded_outside", folder=relative[0])
    if relative[:2] == ("exercises", MODEL_ANSWERS) and len(relative) == 3 and path.suffix == ".py":
        return say("unloaded_model", stem=path.stem)
    if relative[0] in _KINDS and len(relative) == 2:
        return say("unloaded_extension", suffix=path.suffix)
    return say("unloaded_other")


def load_dirs(roots: Iterable[Path], *, cache: ParseCache | None = None, validate_cases: bool = True) -> LoadResult:
    """Load every `decks/*.yaml` and `exercises/*.yaml` under each root, collecting errors.

    `validate_cases=False` leaves exercises' cases unparsed until first used and
    skips the Chinese punctuation check: the app starts faster, and `quizapp
    check` (which validates) reports both.
    """
    from quizapp.content.cards import Catalog  # not at the top: see load_exercise

    errors: list[ContentError] = []
    decks: list[Deck] = []
    exercises: list[Exercise] = []
    files = 0
    for root in roots:
        for path in _yaml_files(root / "decks", errors):
            files += 1
            reader = _read_file(path, errors, cache, validate_cases)  # a deck's full check: punctuation
            deck = _load_deck(reader) if reader and not reader.failed else None
            if deck is not None:
                decks.append(deck)
            if reader:
                errors.extend(reader.notes)
        for path in _yaml_files(root / "exercises", errors):
            files += 1
            reader = _read_file(path, errors, cache, validate_cases)
            exercise = _load_exercise(reader) if reader and not reader.failed else None
            if exercise is not None:
                exercises.append(exercise)
            if reader:
                errors.extend(reader.notes)
    if cache is not None:
        cache.save(prune=True)
    decks, exercises = _drop_duplicates(decks, exercises, errors)
    errors.sort(key=lambda e: (str(e.path), e.line, e.col))
    return LoadResult(Catalog(tuple(decks), tuple(exercises)), errors, files)


def _drop_duplicates(
    decks: list[Deck], exercises: list[Exercise], errors: list[ContentError]
) -> tuple[list[Deck], list[Exercise]]:
    """Ids are identities (review history hangs on them): a second use is an error."""

    seen: dict[tuple[str, str], Origin | None] = {}

    def claim(space: str, ident: str, origin: Origin | None, subject: str) -> bool:
        first = seen.get((space, ident), _MISSING)
        if first is _MISSING:
            seen[(space, ident)] = origin
            return True
        assert origin is not None
        if isinstance(first, Origin):
            message = say("duplicate_id_at", id=ident, where=f"{first.path.name}:{first.line}")
        else:
            message = say("duplicate_id", id=ident)
        errors.append(ContentError(origin.path, origin.line, origin.col, subject, message))
        return False

    kept_decks = []
    for deck in decks:
        if not claim("deck", deck.id, deck.origin, say("subject_deck", id=deck.id)):
            continue
        cards = tuple(c for c in deck.cards if claim("card", c.id, c.origin, say("subject_card", id=c.id)))
        kept_decks.append(replace(deck, cards=cards))
    kept_decks = _check_retired(kept_decks, errors)
    kept_ex = [e for e in exercises if claim("exercise", e.id, e.origin, say("subject_exercise", id=e.id))]
    # The course order (BN forward before AdaIN), not the files' alphabetical one.
    kept_ex.sort(key=lambda e: (e.order is None, e.order or 0, e.id))
    return kept_decks, kept_ex


def _check_retired(decks: list[Deck], errors: list[ContentError]) -> list[Deck]:
    """A retired id must be gone from the content, retired once, and point at a live card.

    Review history moves along these entries, so a wrong one would move a
    user's history onto the wrong card: every bad entry is an error and is
    left out (the decks themselves still load).
    """
    live = {c.id for deck in decks for c in deck.cards}
    first: dict[str, Origin | None] = {}
    kept = []
    for deck in decks:
        good = []
        for entry in deck.retired:
            origin = entry.origin or deck.origin
            assert origin is not None
            problem = None
            if entry.old_id in live:
                problem = say("retired_live", old=entry.old_id)
            elif entry.new_id not in live:
                problem = say("retired_no_target", old=entry.old_id, new=entry.new_id)
            elif entry.old_id in first:
                seen = first[entry.old_id]
                if seen:
                    problem = say("retired_twice_at", old=entry.old_id, where=f"{seen.path.name}:{seen.line}")
                else:
                    problem = say("retired_twice", old=entry.old_id)
            if problem:
                subject = say("subject_deck", id=deck.id)
                errors.append(ContentError(origin.path, origin.line, origin.col, subject, problem))
                continue
            first[entry.old_id] = entry.origin
            good.append(entry)
        kept.append(replace(deck, retired=tuple(good)) if len(good) != len(deck.retired) else deck)
    return kept


def content_roots(extra: Iterable[Path] = (), *, include_user: bool = True) -> list[Path]:
    """Built-in content, then every folder under `$QUIZAPP_HOME/content/`, then `extra`."""
    from quizapp.locations import builtin_content_dir, user_content_dir

    roots = [builtin_content_dir()]
    if include_user:
        user = user_content_dir()
        # An unreadable folder is left out here; `quizapp check` says so (unloaded_files).
        with contextlib.suppress(OSError):
            if user.is_dir():
                # Either the folder itself holds decks/ and exercises/, or each sub-folder does.
                if (user / "decks").is_dir() or (user / "exercises").is_dir():
                    roots.append(user)
                roots.extend(sorted(p for p in user.iterdir() if p.is_dir() and p.name not in _KINDS))
    roots.extend(Path(p) for p in extra)
    return roots


def load_content(
    extra: Iterable[Path] = (), *, include_user: bool = True, use_cache: bool = True, validate_cases: bool = True
) -> LoadResult:
    """Built-in, user and `extra` content; parsed YAML is cached in the data folder."""
    cache = ParseCache() if use_cache else None
    return load_dirs(content_roots(extra, include_user=include_user), cache=cache, validate_cases=validate_cases)


def load_catalog(extra: Iterable[Path] = (), *, include_user: bool = True) -> Catalog:
    """The catalog, or `ContentErrors` listing every problem found."""
    result = load_content(extra, include_user=include_user)
    if result.errors:
        raise ContentErrors(result.errors)
    return result.catalog


def load_exercise(exercise_id: str, extra: Iterable[Path] = (), *, include_user: bool = True) -> Exercise | None:
    """One exercise, reading only its own file when it is named after its id (the convention).

    `quizapp grade` needs a single exercise; parsing every deck for it would
    cost more than the grading (and even defining the card classes is measurable,
    so they are imported where decks are loaded, not at the top of this module).
    Falls back to a full load for other layouts.
    """
    roots = content_roots(extra, include_user=include_user)
    cache = ParseCache()
    for root in reversed(roots):  # later roots (user, --content) would win a duplicate id anyway
        for suffix in (".yaml", ".yml"):
            path = root / "exercises" / f"{exercise_id}{suffix}"
            if path.is_file():
                errors: list[ContentError] = []
                reader = _read_file(path, errors, cache)
                exercise = _load_exercise(reader) if reader and not reader.failed else None
                cache.save()
                if exercise is not None and exercise.id == exercise_id:
                    return exercise
    return load_dirs(roots, cache=cache).catalog.exercise(exercise_id)
