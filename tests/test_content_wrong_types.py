"""A wrong type at any field of a content file is a content error, never an exception.

The CLI fuzz test (tests/test_cli_fuzz.py) samples this space at random; this test walks it
whole and the same way every run: every field shape of the shipped decks and exercises
(list indices folded, so one card of each kind stands for the rest) gets each of a fixed set
of YAML values of the wrong type, and the loader must report it (or accept it) and go on.
A deck's `kind: []` once escaped the loader as a TypeError (an unhashable dict key).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from quizapp.content.loader import load_dirs
from tests.bad_input_helpers import REPO

WRONG_VALUES: list[object] = [None, True, -1, 1.5, "", "x", [], [[]], {}, {"en": []}]


def field_paths(document: object, at: tuple = ()) -> list[tuple]:
    found = [at] if at else []
    children = (
        document.items() if isinstance(document, dict) else enumerate(document) if isinstance(document, list) else ()
    )
    for key, child in children:
        found += field_paths(child, (*at, key))
    return found


def shape(document: dict, path: tuple) -> tuple:
    """A path with list indices and names folded, plus the card's kind: one representative per shape."""
    kind = None
    if len(path) >= 2 and path[0] == "cards" and isinstance(document["cards"][path[1]], dict):
        kind = document["cards"][path[1]].get("kind")
    folded = []
    for i, key in enumerate(path):
        if isinstance(key, int):
            folded.append("*")
        elif path[0] == "cases" and i == 1:
            folded.append("<case set>")  # samples and hidden cases read alike
        elif i and path[i - 1] in ("arrays", "dims") and path[0] == "cases":
            folded.append("<name>")  # an array's or a dimension's name is the author's own
        else:
            folded.append(key)
    return (kind, *folded)


def representatives(folder: str) -> list[tuple[str, tuple]]:
    seen: dict[tuple, tuple[str, tuple]] = {}
    for file in sorted((REPO / "content" / folder).glob("*.yaml")):
        document = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        for path in field_paths(document):
            seen.setdefault(shape(document, path), (file.name, path))
    return list(seen.values())


CASES = [("decks", *rep) for rep in representatives("decks")] + [
    ("exercises", *rep) for rep in representatives("exercises")
]


def with_value(document: object, path: tuple, value: object) -> object:
    holder = document
    for key in path[:-1]:
        holder = holder[key]  # type: ignore[index]
    holder[path[-1]] = value  # type: ignore[index]
    return document


@pytest.mark.parametrize(("folder", "name", "path"), CASES, ids=[f"{c[1]}:{'.'.join(map(str, c[2]))}" for c in CASES])
def test_every_wrong_type_at_every_field_is_reported(tmp_path: Path, folder: str, name: str, path: tuple) -> None:
    source = (REPO / "content" / folder / name).read_text(encoding="utf-8")
    target = tmp_path / folder / name
    target.parent.mkdir()
    for value in WRONG_VALUES:
        document = with_value(yaml.load(source, Loader=yaml.CSafeLoader), path, value)
        target.write_text(yaml.dump(document, Dumper=yaml.CSafeDumper, allow_unicode=True), encoding="utf-8")
        result = load_dirs([tmp_path], validate_cases=False)  # raises on the bug this test is for
        loaded = result.catalog.decks if folder == "decks" else result.catalog.exercises
        assert len(loaded) == 1 or result.errors, (path, value, "dropped without an error")
        for error in result.errors:
            assert error.path == target, (path, value, error)
            assert error.line >= 1, (path, value, error)
