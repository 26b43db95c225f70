"""Content files are untrusted: aliases, size, depth, string length and odd files get a located error."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from quizapp.content import load_dirs
from quizapp.content.cache import ParseCache
from quizapp.content.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_STRING_CHARS
from quizapp.content.loader import unloaded_files
from quizapp.content.yamlpos import YamlSyntaxError, load_located

HEAD = "id: demo\ntitle: T\ndescription: D\nlanguages: [en]\n"
CARD = "cards:\n  - id: c1\n    kind: qa\n    question: Q\n    answer: {answer}\n    key_points: [P]\n"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content" / "decks").mkdir(parents=True)
    (tmp_path / "content" / "exercises").mkdir()
    return tmp_path / "content"


def alias_bomb(levels: int = 9) -> str:
    lines = [HEAD.rstrip(), "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n" + CARD.format(answer=f"*a{levels}")


def only_error(root: Path, name: str = "x.yaml") -> str:
    result = load_dirs([root])
    assert result.catalog.decks == () or all(d.id != "demo" for d in result.catalog.decks)
    [error] = [str(e) for e in result.errors if e.path.name == name]
    return error


def test_an_alias_bomb_is_refused_at_its_first_anchor_without_expanding(root: Path) -> None:
    (root / "decks" / "x.yaml").write_text(alias_bomb(), encoding="utf-8")
    assert only_error(root) == (
        "content/decks/x.yaml:5:5: aliases are not allowed in quizapp content (found the anchor &a0)"
    )


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: *nowhere\n", 1, "aliases are not allowed in quizapp content (found *nowhere)"),
        ("a: 1\nb: &lonely x\n", 2, "aliases are not allowed in quizapp content (found the anchor &lonely)"),
        ("a: {x: 1}\nb:\n  <<: {y: 2}\n", 3, "merge keys (<<) are not allowed in quizapp content"),
        ("a:\n  b: !!python/object/apply:os.system [ls]\n", 2, "the tag !!python/object/apply:os.system is not"),
        ("a: !!binary aGVsbG8=\n", 1, "the tag !!binary is not allowed in quizapp content"),
        ("a: !custom {b: 1}\n", 1, "the tag !custom is not allowed in quizapp content"),
        ("a: 1\n" + "b: " + "9" * 5000 + "\n", 2, "cannot read '9999"),
        ("a: 1\n---\nb: 2\n", 2, "a content file holds one YAML document"),
        ("a: 1\nb: {[x]: 2}\n", 2, "a key must be plain text"),
        ("? [x]\n: 2\n", 1, "a key must be plain text"),
    ],
)
def test_what_content_never_needs_is_refused_with_its_line(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlSyntaxError) as refused:
        load_located(text)
    assert refused.value.line == line and refused.value.message.startswith(message)


def test_nesting_deeper_than_the_limit_is_refused_where_it_goes_too_deep() -> None:
    fits = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert load_located(fits).data["a"] is not None
    block = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 1)) + "  " * (MAX_DEPTH + 1) + "leaf\n"
    with pytest.raises(YamlSyntaxError) as refused:
        load_located("top: 1\n" + block)
    assert refused.value.message == f"nested deeper than {MAX_DEPTH} levels"
    assert refused.value.line == MAX_DEPTH + 2  # the line where the mapping one level too deep starts
    flow = "x: " + "[" * 100_000  # unclosed, far deeper than Python's own recursion limit: libyaml stops it
    with pytest.raises(YamlSyntaxError, match="nested deeper|nesting depth"):
        load_located(flow)


def test_a_string_longer_than_the_limit_is_refused_keys_too() -> None:
    assert len(load_located("a: " + "x" * MAX_STRING_CHARS).data["a"]) == MAX_STRING_CHARS
    # A long key must be explicit (`? key`): YAML caps a plain one at 1,024 characters itself.
    for text in ("a: 1\nb: " + "x" * (MAX_STRING_CHARS + 1), "a: 1\n? " + "k" * (MAX_STRING_CHARS + 1) + "\n: 1"):
        with pytest.raises(YamlSyntaxError) as refused:
            load_located(text)
        assert refused.value.line == 2
        assert refused.value.message == f"a text longer than {MAX_STRING_CHARS:,} characters ({MAX_STRING_CHARS + 1:,})"


def test_only_plain_data_comes_out_so_the_cache_can_hold_it() -> None:
    data = load_located("d: 2024-01-01\ne: =\nf: '1'\ng: ~\nh: 1.5\ni: yes\nj: !!str 3\n").data
    assert data == {"d": "2024-01-01", "e": "=", "f": "1", "g": None, "h": 1.5, "i": True, "j": "3"}


def test_a_file_over_the_size_limit_is_refused_unread(root: Path) -> None:
    padding = "#" * 80 + "\n"
    text = HEAD + CARD.format(answer="A") + padding * (MAX_FILE_BYTES // len(padding) + 1)
    (root / "decks" / "x.yaml").write_text(text, encoding="utf-8")
    assert only_error(root) == "content/decks/x.yaml:1:1: the file is larger than 1 MiB"


def test_bytes_that_are_not_utf8_are_located(root: Path) -> None:
    (root / "decks" / "x.yaml").write_bytes(HEAD.encode() + b"cards: [\xff\xfe]\n")
    byte = len(HEAD) + len("cards: [") + 1
    assert only_error(root) == f"content/decks/x.yaml:5:1: not UTF-8 text (byte {byte} of the file)"


def test_bom_crlf_and_tabs(root: Path) -> None:
    deck = HEAD + CARD.format(answer="A")
    (root / "decks" / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + deck.replace("\n", "\r\n").encode())
    (root / "decks" / "tab.yaml").write_text(deck.replace("demo", "tabbed").replace("    kind", "\tkind"))
    result = load_dirs([root])
    assert [d.id for d in result.catalog.decks] == ["demo"]
    [error] = [str(e) for e in result.errors]
    assert error.startswith("content/decks/tab.yaml:7:1: YAML syntax error")


def test_the_parse_cache_never_stores_a_refused_file(root: Path, quizapp_home: Path) -> None:
    good = HEAD + CARD.format(answer="A")
    (root / "decks" / "good.yaml").write_text(good, encoding="utf-8")
    (root / "decks" / "x.yaml").write_text(alias_bomb(), encoding="utf-8")
    (root / "decks" / "deep.yaml").write_text("a: " + "[" * 40 + "]" * 40, encoding="utf-8")
    first = load_dirs([root], cache=ParseCache())
    second = load_dirs([root], cache=ParseCache())
    assert [e.message for e in first.errors] == [e.message for e in second.errors]
    assert len(first.errors) == 2
    names = sorted(p.name.split("-")[0] for p in ParseCache().folder.iterdir())
    assert names == ["good"]


def test_a_fifo_or_a_device_in_decks_is_never_opened_and_check_lists_it(root: Path) -> None:
    os.mkfifo(root / "decks" / "fifo.yaml")  # nobody writes: opening it to read would block
    (root / "decks" / "zero.yaml").symlink_to("/dev/zero")
    (root / "decks" / "good.yaml").write_text(HEAD + CARD.format(answer="A"), encoding="utf-8")
    result = load_dirs([root])
    assert [d.id for d in result.catalog.decks] == ["demo"] and result.errors == []
    reasons = {p.name: why for p, why in unloaded_files([root])}
    assert reasons == {
        "fifo.yaml": "not a regular file (a pipe, device, socket or broken link)",
        "zero.yaml": "not a regular file (a pipe, device, socket or broken link)",
    }


def test_unloaded_files_says_why_for_each(root: Path) -> None:
    (root / "decks" / "good.yaml").write_text(HEAD + CARD.format(answer="A"), encoding="utf-8")
    (root / "decks" / "notes.txt").write_text("x")
    (root / "decks" / "old").mkdir()
    (root / "decks" / "old" / "d.yaml").write_text("x: 1")
    (root / "stray.yml").write_text("x: 1")
    (root / "drafts").mkdir()
    (root / "drafts" / "e.yaml").write_text("x: 1")
    (root / "schema.json").write_text("{}")  # the schema beside decks/ is expected, not content
    (root / "exercises" / "model" / "__pycache__").mkdir(parents=True)  # pip compiles model answers
    (root / "exercises" / "model" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    listed = {str(p.relative_to(root)): why for p, why in unloaded_files([root])}
    assert listed == {
        "decks/notes.txt": "wrong extension '.txt' (content files end in .yaml or .yml)",
        "decks/old/d.yaml": "in a sub-folder of decks/; only files directly in decks/ are read",
        "drafts/e.yaml": "YAML outside decks/ and exercises/ (in drafts/)",
        "stray.yml": "YAML directly in the content folder; put decks in decks/ and exercises in exercises/",
    }


def test_shipped_content_loads_and_leaves_nothing_out() -> None:
    from quizapp.locations import builtin_content_dir

    result = load_dirs([builtin_content_dir()])
    assert result.errors == [] and unloaded_files([builtin_content_dir()]) == []


def test_the_event_builder_matches_safe_load_on_shipped_content() -> None:
    import yaml

    from quizapp.locations import builtin_content_dir

    for path in sorted(builtin_content_dir().glob("*/*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert load_located(text).data == yaml.safe_load(text), path.name


def test_positions_and_duplicates_are_kept() -> None:
    located = load_located(textwrap.dedent("""\
        a: 1
        b:
          - x
          - {c: 2, c: 3}
        b: [1, {d: 4}]
        """))
    assert located.data == {"a": 1, "b": ["x", {"c": 2}]}
    assert located.positions[("b", 1, "c")] == (4, 6) and located.positions[("b", 0)] == (3, 5)
    assert located.duplicates == [(("b", 1, "c"), (4, 12)), (("b",), (5, 1))]
    assert ("b", 1, "d") not in located.positions  # what a duplicate held is dropped with it
