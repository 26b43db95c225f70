"""Fuzzing the command line: any argv, any data folder, any content file ends fast with 0, 1 or 2 and no traceback.

Two layers, to keep the cost near two minutes on two cores:
  * in-process (FUZZ_IN_PROCESS examples): cli.main() under a HANG_S alarm, stdout and
    stderr captured; an exception escaping main() is a traceback the user would see;
  * as a subprocess (FUZZ_SUBPROCESS examples): `python -m quizapp` (entry.run, with the
    grade fast path) under a HANG_S timeout and a 3 GiB address-space cap, stdin /dev/null.
A run takes well under 3 s here (a grade about 1 s); HANG_S only tells a hang from a
machine slowed tenfold by the rest of a CI run.
Left out on purpose: `check` without --content-only (it grades every exercise's
mutants, minutes by design), and `serve` (a server runs until stopped).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import sqlite3
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bad_input_helpers import REPO, run_quizapp
from tests.test_content_limits import alias_bomb

# More with QUIZAPP_FUZZ_EXAMPLES and `--hypothesis-profile=explore` (tests/conftest.py).
FUZZ_IN_PROCESS = int(os.environ.get("QUIZAPP_FUZZ_EXAMPLES", "120"))
FUZZ_SUBPROCESS = max(1, FUZZ_IN_PROCESS // 6)
HANG_S = 45
SOLUTION = REPO / "tests" / "accepted" / "rmsnorm" / "vectorised_keepdims.py"
GOOD_DECK = (REPO / "content" / "decks" / "batchnorm-basics.yaml").read_text(encoding="utf-8")
GOOD_EXERCISE = (REPO / "content" / "exercises" / "rmsnorm.yaml").read_text(encoding="utf-8")


def every_path(value: object, at: tuple = ()) -> list[tuple]:
    """Every key path into a document: each one a field that a fuzzed file gets a wrong value at."""
    found = [at] if at else []
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        found += every_path(child, (*at, key))
    return found


DOCUMENTS = [yaml.safe_load(GOOD_DECK), yaml.safe_load(GOOD_EXERCISE)]
FIELD_PATHS = [(i, path) for i, doc in enumerate(DOCUMENTS) for path in every_path(doc)]

HOME_STATES = [  # the usable ones twice, so that more runs reach the command itself
    "missing", "empty", "empty", "db_foreign", "db_truncated",
    "file", "under_file", "unwritable", "db_dir", "db_truncated", "db_foreign", "db_garbage",
]
# Values: words that mean something to some option, and words that mean nothing.
WORDS = st.sampled_from(
    ["rmsnorm", "bn2d-forward", "nope", "batchnorm-basics", "daily_new", "language", "zh", "en", "both", "-1",
     "0", "5", "999999999999999999999", "1.5", "--json", "--lang", "--seed", "--help", "-h", "--version", "",
     "--content", "--minutes", "--export", "--deck", "anki", "--move-corrupt-db", "--content-only", "\u4e2d\u6587"]
)
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"), max_size=12)


def paths(base: Path) -> st.SearchStrategy[str]:
    return st.sampled_from([
        str(SOLUTION), "/dev/zero", "/dev/null", str(base), str(base / "missing.py"), str(base / "out.md"),
        str(base / "out.apkg"), str(base / "home" / "quizapp.db"), "/etc/passwd", "/etc/passwd/x", "/proc/self/status",
        str(base / "extra"),
    ])


# Per command: its positionals, then options that may each appear (a None value is a flag).
COMMANDS: dict[str, tuple[list[str], list[tuple[str, bool]]]] = {
    "": ([], []),
    "list": ([], [("--json", False), ("--lang", True), ("--lang", True)]),
    "check": ([], [("--json", False)]),  # always with --content-only (module docstring)
    "grade": (["ID", "FILE"], [("--json", False), ("--seed", True)]),
    "stats": ([], [("--json", False), ("--move-corrupt-db", False)]),
    "config": (["KEY", "VALUE"], [("--json", False)]),
    "mock": ([], [("--export", True), ("--lang", True), ("--minutes", True)]),
    "export": (["anki", "FILE"], [("--deck", True), ("--lang", True)]),
}


FITTING = {
    "--lang": st.sampled_from(["zh", "en", "both"]),
    "--seed": st.integers(-5, 2**64).map(str),
    "--minutes": st.integers(-5, 10**6).map(str),
    "--deck": st.sampled_from(["batchnorm-basics", "batchnorm-math", "nope"]),
}


def argv(base: Path, *, stdin_ok: bool) -> st.SearchStrategy[list[str]]:
    value = st.one_of(WORDS, TEXT, paths(base), st.just("-") if stdin_ok else WORDS)
    ids = st.sampled_from(["rmsnorm", "bn2d-forward", "nope", "daily_new", "language"])

    @st.composite
    def build(draw: st.DrawFn) -> list[str]:
        name = draw(st.sampled_from(sorted(COMMANDS)))
        positionals, options = COMMANDS[name]
        words = [name] if name else []
        if name == "check":
            words.append("--content-only")
        for slot in positionals[: draw(st.integers(0, len(positionals)))]:
            words.append(slot if slot == "anki" else draw(ids if slot in ("ID", "KEY") else value))
        for option, takes_value in draw(st.lists(st.sampled_from(options), max_size=3)) if options else []:
            fitting = FITTING.get(option)
            # Mostly a value the option takes, so that runs get past argparse into the command.
            chosen = draw(fitting if fitting is not None and draw(st.integers(0, 3)) else value)
            words += [option, chosen] if takes_value else [option]
        if draw(st.integers(0, 3)) == 0:
            words = ["--content", draw(st.sampled_from([str(base / "extra"), str(base / "missing"), "/etc/passwd"])),
                     *words]
        if draw(st.integers(0, 9)) == 0:  # now and then a word that fits nowhere
            words.insert(draw(st.integers(0, len(words))), draw(value))
        return words

    return build()


def content_file() -> st.SearchStrategy[bytes]:
    def wrong_type(where_and_value: tuple[tuple[int, tuple], object]) -> bytes:
        (which, path), value = where_and_value
        document = yaml.safe_load(GOOD_DECK if which == 0 else GOOD_EXERCISE)
        holder = document
        for key in path[:-1]:
            holder = holder[key]
        holder[path[-1]] = value
        return yaml.safe_dump(document, allow_unicode=True).encode()

    odd_value = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXT, st.lists(TEXT, max_size=3),
                          st.dictionaries(TEXT, TEXT, max_size=2))
    return st.one_of(
        st.integers(1, 9).map(lambda n: alias_bomb(n).encode()),
        st.integers(1, 5000).map(lambda n: ("a: " + "[" * n + "]" * n + "\n").encode()),
        st.integers(1, 200).map(lambda n: "".join("  " * i + f"k{i}:\n" for i in range(n)).encode() + b"x\n"),
        st.sampled_from([2**10, 2**16, 2**16 + 1, 2**20 + 1]).map(lambda n: b"id: big\ntitle: " + b"x" * n + b"\n"),
        st.binary(max_size=512),
        st.sampled_from([
            b"\xef\xbb\xbf" + GOOD_DECK.encode(), GOOD_DECK.replace("\n", "\r\n").encode(),
            GOOD_DECK.replace("  ", "\t").encode(), GOOD_DECK.encode() + b"id: again\n",
            GOOD_DECK.encode().replace(b"kind: qa", b"kind: qa\n    kind: choice", 1),
            b"a: !!python/object/apply:os.system [echo hi]\n", b"a: 2024-01-01\nb: !!binary aGk=\n",
            b"a: " + b"9" * 5000 + b"\n", b"---\na: 1\n---\nb: 2\n", b"\x00\x01\x02", b"",
        ]),
        st.tuples(st.sampled_from(FIELD_PATHS), odd_value).map(wrong_type),  # a wrong type at any field
        st.tuples(st.sampled_from(FIELD_PATHS), odd_value).map(wrong_type),  # (twice as likely)
    )


def make_home(base: Path, state: str) -> Path:
    home = base / "home"
    if state == "missing":
        return home
    if state in ("file", "under_file"):
        home.write_text("not a folder\n")
        return home / "sub" if state == "under_file" else home
    home.mkdir()
    database = home / "quizapp.db"
    if state == "unwritable":
        home.chmod(0o555)  # as root still writable: the subprocess layer meets it without root's powers
    elif state == "db_dir":
        database.mkdir()
    elif state == "db_garbage":
        database.write_bytes(b"my notes, not a database\n" * 50)
    elif state in ("db_truncated", "db_foreign"):
        connection = sqlite3.connect(database)
        connection.execute("CREATE TABLE t (x)")
        connection.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 50)
        connection.commit()
        connection.close()
        if state == "db_truncated":
            database.write_bytes(database.read_bytes()[:5000])
    return home


def lay_out(base: Path, home_state: str, deck: bytes, where: str) -> Path:
    for child in list(base.iterdir()) if base.exists() else []:
        with contextlib.suppress(OSError):
            child.chmod(0o755)
        shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink()
    base.mkdir(exist_ok=True)
    (base / "extra" / where).mkdir(parents=True)
    (base / "extra" / where / "fuzzed.yaml").write_bytes(deck)
    home = make_home(base, home_state)
    if home.is_dir() and home_state not in ("unwritable",):
        (home / "content" / "decks").mkdir(parents=True, exist_ok=True)
        (home / "content" / "decks" / "mine.yaml").write_bytes(deck)
    return home


class _Alarm(Exception):
    pass


def _on_alarm(signum: int, frame: object) -> None:
    raise _Alarm


def run_in_process(words: list[str], home: Path) -> tuple[int, str]:
    from quizapp.cli import main

    out, err = io.StringIO(), io.StringIO()
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    old_home = os.environ.get("QUIZAPP_HOME")
    os.environ["QUIZAPP_HOME"] = str(home)
    signal.alarm(HANG_S)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(words)
            except SystemExit as exc:  # argparse: --help, --version, usage errors
                code = exc.code if isinstance(exc.code, int) else 2
    except _Alarm:
        pytest.fail(f"quizapp {words} still running after {HANG_S} s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        if old_home is None:
            os.environ.pop("QUIZAPP_HOME", None)
        else:
            os.environ["QUIZAPP_HOME"] = old_home
    return code, err.getvalue()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=FUZZ_IN_PROCESS, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data(), home_state=st.sampled_from(HOME_STATES), deck=content_file(),
       where=st.sampled_from(["decks", "exercises", "notes"]))
def test_fuzz_in_process(base: Path, data: st.DataObject, home_state: str, deck: bytes, where: str) -> None:
    home = lay_out(base, home_state, deck, where)
    words = data.draw(argv(base, stdin_ok=False), label="argv")
    code, err = run_in_process(words, home)
    assert code in (0, 1, 2), (words, code, err)
    assert "Traceback" not in err, (words, err)


@settings(max_examples=FUZZ_SUBPROCESS, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data(), home_state=st.sampled_from(HOME_STATES), deck=content_file(),
       where=st.sampled_from(["decks", "exercises"]))
def test_fuzz_as_a_subprocess(base: Path, data: st.DataObject, home_state: str, deck: bytes, where: str) -> None:
    home = lay_out(base, home_state, deck, where)
    words = data.draw(argv(base, stdin_ok=True), label="argv")
    result = run_quizapp(*words, home=home, timeout=HANG_S, unprivileged=home_state == "unwritable", cwd=base)
    assert result.returncode in (0, 1, 2), (words, result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr, (words, result.stderr[-2000:])
