"""Issue 20, second pass: the classes of bad input found after the first fix, each at its cause.

* a database whose tables, columns, triggers or values are not what quizapp writes (a table
  dropped, a user_version set by hand, text where a time should be, a time past year 9999):
  refused when opened, naming table, row and column, the file untouched; before, each ended in
  a traceback wherever the value was first read (the drill screen, `mock --export`, `stats`);
* an exercise's `cases:` asking for what the parent cannot afford or use: arrays of any size,
  any number of cases, NaN or infinite numbers (a NaN cpu limit was blamed on the submission),
  `values` that do not fill their shape, a name template with a format spec;
* a content file's keys that are not text (`1:` and `true:` were called duplicates of each
  other) and tolerances that are NaN or infinite (every answer accepted).
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from fsrs import Rating

from quizapp.content.loader import load_dirs
from quizapp.grading.casespec import CaseSpecErrors, parse_cases
from quizapp.review import ReviewStore
from quizapp.review.errors import CorruptDatabase
from tests.bad_input_helpers import REPO, run_quizapp
from tests.review_fakes import T0, FakeExercise

# --- the database ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with a little of everything: reviews, attempts, a draft, a finished mock."""
    home = tmp_path_factory.mktemp("history")
    with ReviewStore.open(home) as store:
        for key in ("bn-what-problem", "bn-train-vs-eval"):
            store.review(key, Rating.Good, when=T0)
        store.record_attempt(
            FakeExercise("bn2d-forward", time_limit_minutes=20), verdict="wrong_answer", passed=9, total=14,
            time_used_ms=60_000, timed=True, hints_used=1, code="class BatchNorm2D: ...", failed_submissions=1,
            gave_up=False, when=T0,
        )  # fmt: skip
        store.save_draft("bn2d-forward", "draft")
        sid = store.start_mock(title="round", when=T0)
        store.record_mock_item(sid, item_kind="card", item_key="bn-what-problem", score=3, max_score=4, time_used_ms=1)
        store.finish_mock(sid, when=T0 + timedelta(minutes=30))
    return home / "quizapp.db"


# Each: SQL a hand edit or another program could run, and what the message must name.
DAMAGE = {
    "table dropped": ("DROP TABLE settings", "'settings' is missing"),
    "table replaced by a view": (
        "ALTER TABLE items RENAME TO items_old; CREATE VIEW items AS SELECT * FROM items_old", "'items' is missing"
    ),
    "column renamed": ("ALTER TABLE items RENAME COLUMN due_ms TO due", "no column 'due_ms'"),
    "column dropped": ("ALTER TABLE attempts DROP COLUMN mode", "no column 'mode'"),
    "trigger dropped": ("DROP TRIGGER review_log_summary_insert", "'review_log_summary_insert'"),
    "foreign trigger": (
        "CREATE TRIGGER t AFTER INSERT ON review_log BEGIN SELECT RAISE(ABORT, 'no'); END", "did not make: 't'"
    ),
    "user_version reset": ("PRAGMA user_version = 0", "already exists"),
    "text for a number": ("UPDATE items SET stability = 'abc'", "'items', row 1: 'stability' holds 'abc'"),
    "bytes for text": ("UPDATE drafts SET code = x'ff00'", "'drafts', row 1: 'code' holds bytes"),
    "time before 1970": ("UPDATE items SET due_ms = -9223372036854775808", "'due_ms' holds -9223372036854775808"),
    "time past year 9999": ("UPDATE mock_sessions SET started_ms = 1e300", "'started_ms' holds 1.0e+300"),
    "state out of range": ("UPDATE items SET state = 99", "'state' holds 99"),
    "rating out of range": (
        "PRAGMA ignore_check_constraints = 1; UPDATE review_log SET rating = 9", "'review_log', row 1: 'rating'"
    ),
    "log row of a card that is gone": ("UPDATE review_log SET item_id = 999", "'item_id' holds 999"),
    "undo snapshot not JSON": ("UPDATE review_log SET prev = '{'", "'prev' holds '{'"),
    "infinite score": ("UPDATE mock_items SET score = 1e999", "'score' holds Inf"),
    "setting as bytes": ("INSERT OR REPLACE INTO settings VALUES ('language', x'ff')", "'value' holds bytes"),
    "counter as text": ("UPDATE counters SET n = 'x'", "'counters', row 1: 'n' holds 'x'"),
}


def _damaged(history: Path, tmp_path: Path, sql: str) -> tuple[Path, str]:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(history, home / "quizapp.db")
    conn = sqlite3.connect(home / "quizapp.db")
    conn.executescript(sql)
    conn.commit()
    conn.close()
    return home, hashlib.sha256((home / "quizapp.db").read_bytes()).hexdigest()


@pytest.mark.parametrize("case", list(DAMAGE))
def test_a_damaged_database_is_refused_at_open_naming_what_and_left_as_it_was(
    history: Path, tmp_path: Path, case: str
) -> None:
    sql, needle = DAMAGE[case]
    home, digest = _damaged(history, tmp_path, sql)
    with pytest.raises(CorruptDatabase) as caught:
        ReviewStore.open(home).close()
    assert needle in str(caught.value)
    assert "--move-corrupt-db" in str(caught.value)
    assert hashlib.sha256((home / "quizapp.db").read_bytes()).hexdigest() == digest


def test_the_sound_history_opens(history: Path, tmp_path: Path) -> None:
    home, _digest = _damaged(history, tmp_path, "SELECT 1")
    with ReviewStore.open(home) as store:
        assert store.load_draft("bn2d-forward") == "draft"  # the rules accept all quizapp writes


@pytest.mark.parametrize("command", [["stats"], ["config", "language", "zh"], ["mock", "--export", "r.md"]])
def test_commands_say_so_in_one_line(history: Path, tmp_path: Path, command: list[str]) -> None:
    home, digest = _damaged(history, tmp_path, "UPDATE mock_sessions SET started_ms = 1e300; DROP TABLE settings")
    result = run_quizapp(*command, home=home, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "'settings' is missing" in result.stderr
    assert hashlib.sha256((home / "quizapp.db").read_bytes()).hexdigest() == digest


def test_the_app_starts_and_shows_why(history: Path, tmp_path: Path) -> None:
    """The TUI's start-up (its loading thread) gets the message to show on the home screen."""
    from quizapp.tui.services import boot

    home, digest = _damaged(history, tmp_path, "UPDATE items SET due_ms = -9223372036854775808")
    result = boot(home, [], lambda: T0, [REPO / "content"])
    assert result.study is None
    assert result.failure is not None and "'due_ms' holds" in result.failure
    assert hashlib.sha256((home / "quizapp.db").read_bytes()).hexdigest() == digest


# --- an exercise's cases ---------------------------------------------------------------------


def _cases(**changes: object) -> dict:
    """A small valid `cases:` value, with `changes` applied to its hidden case."""
    case = {
        "name": "one",
        "dims": {"N": 4, "D": 3},
        "arrays": {"x": {"shape": ["N", "D"]}},
        "steps": [{"construct": {"args": ["D"]}}, {"call": {"method": "forward", "args": ["$x"]}}],
    }
    case.update(changes)
    return {"hidden": [case]}


def test_the_small_case_is_valid() -> None:
    assert len(parse_cases(_cases()).hidden) == 1


BAD_CASES = {
    "a dim of a trillion": (_cases(dims={"N": 10**12, "D": 3}), "dim 'N' is at most"),
    "a dim range up to a trillion": ({"random": [{**_cases()["hidden"][0], "dims": {"N": [1, 10**12], "D": 3}}]},
                                     "dim 'N' is at most"),
    "a shape of 1e20 numbers": (_cases(arrays={"x": {"shape": [10**10, 10**10]}}), "at most 1,048,576"),
    "dims that multiply past the bound": (_cases(dims={"N": 100_000, "D": 100_000}), "holds up to 10,000,000,000"),
    "72 axes": (_cases(arrays={"x": {"shape": [1] * 72}}), "72 axes"),
    "a billion random cases": (
        {"random": [{**_cases()["hidden"][0], "count": 10**9}]}, "1,000,000,000 cases"
    ),
    "NaN mean": (_cases(arrays={"x": {"shape": ["N", "D"], "mean": float("nan")}}), "finite"),
    "infinite std": (_cases(arrays={"x": {"shape": ["N", "D"], "std": float("inf")}}), "finite"),
    "NaN in values": (_cases(arrays={"x": {"shape": [1, 2], "values": [[1.0, float("nan")]]}}), "nested list"),
    "ragged values": (_cases(arrays={"x": {"shape": [2, 2], "values": [[1, 2], [3]]}}), "rectangular"),
    "values not filling the shape": (_cases(arrays={"x": {"shape": [2, 3], "values": [[1, 2], [3, 4]]}}),
                                      "hold 4 numbers, the shape (2, 3) takes 6"),
    "a huge whole number passed in": (
        _cases(steps=[{"construct": {"args": [10**11]}}, {"call": {"method": "forward", "args": ["$x"]}}]),
        "at most 1,048,576",
    ),
    "an infinite number passed in": (
        _cases(steps=[{"construct": {"args": [3], "kwargs": {"eps": float("inf")}}},
                      {"call": {"method": "forward", "args": ["$x"]}}]),
        "must be finite",
    ),
    "a name with a format spec": (_cases(name="{N:>999999999}"), "take no format"),
    "a name with a conversion": (_cases(name="{dtype!r}"), "take no format"),
    "a name with an unknown placeholder": (_cases(name="{Q}"), "unknown placeholder '{Q}'"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_cases_beyond_what_the_parent_can_afford_are_content_errors(case: str) -> None:
    data, needle = BAD_CASES[case]
    with pytest.raises(CaseSpecErrors) as caught:
        parse_cases(data)
    assert needle in str(caught.value)


@pytest.mark.parametrize("limit", [float("nan"), float("inf")])
def test_a_cpu_limit_that_is_not_finite_is_refused(limit: float) -> None:
    with pytest.raises(CaseSpecErrors, match="cpu_seconds must be a finite number"):
        parse_cases({**_cases(), "limits": {"cpu_seconds": limit}})


# --- content files ---------------------------------------------------------------------------

RMSNORM = (REPO / "content" / "exercises" / "rmsnorm.yaml").read_text(encoding="utf-8")


def _user_content(tmp_path: Path, kind: str, text: str) -> Path:
    root = tmp_path / "content"
    (root / kind).mkdir(parents=True)
    (root / kind / "x.yaml").write_text(text, encoding="utf-8")
    return root


def test_keys_that_are_not_text_are_unknown_keys_not_duplicates(tmp_path: Path) -> None:
    deck = (
        "id: x\ntitle: T\ndescription: D\nlanguages: [en]\ncards:\n"
        "  - id: c\n    kind: qa\n    question: Q\n    answer: A\n    key_points: [k]\n"
        "    1: one\n    true: yes\n    null: nothing\n    1.5: half\n"
    )
    errors = [e.message for e in load_dirs([_user_content(tmp_path, "decks", deck)]).errors]
    assert [m.split(": ", 1)[-1] for m in errors] == [f"unknown key '{k}'" for k in ("1", "true", "null", "1.5")]


@pytest.mark.parametrize("value", [".nan", ".inf", "nan", "inf", "-.inf"])
def test_a_tolerance_that_is_not_a_finite_number_is_refused(tmp_path: Path, value: str) -> None:
    exercise = RMSNORM.replace("id: rmsnorm\n", "id: my-rms\n").replace("atol: 1.0e-9", f"atol: {value}")
    assert f"atol: {value}" in exercise
    result = load_dirs([_user_content(tmp_path, "exercises", exercise)])
    assert result.catalog.exercises == ()
    [error] = result.errors
    assert "'atol' must be a finite non-negative number" in error.message and error.line == 97


def test_check_names_file_and_line_of_a_case_too_large(tmp_path: Path) -> None:
    exercise = RMSNORM.replace("id: rmsnorm\n", "id: my-rms\n")
    exercise = exercise.replace("dims: {N: 5, D: 8}", "dims: {N: 5, D: 8000000}")
    root = _user_content(tmp_path, "exercises", exercise)
    result = run_quizapp("check", "--content-only", "--content", str(root), home=tmp_path / "home")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [line] = result.stdout.splitlines()  # one mistake, one message (not one per use of the dim)
    assert "x.yaml:124:20:" in line and "dim 'D' is at most 1,048,576" in line


def test_a_stored_draft_larger_than_a_grade_takes_is_not_loaded_into_the_editor(history: Path, tmp_path: Path) -> None:
    """30 MB of draft (a hand edit) froze the exercise screen; it is left stored and the starter shown."""
    from quizapp.content import load_content
    from quizapp.tui.services import Study

    home, _digest = _damaged(history, tmp_path, "UPDATE drafts SET code = printf('%.*c', 30000000, 'x')")
    exercise = load_content(include_user=False, use_cache=False).catalog.exercise("bn2d-forward")
    assert exercise is not None
    study = Study.open(home, load_content(include_user=False, use_cache=False).catalog, lambda: T0)
    try:
        assert study.load_draft(exercise) == exercise.starter
        assert len(study.store.load_draft("bn2d-forward")) == 30_000_000  # still there, untouched
    finally:
        study.close()


def test_a_link_to_itself_or_dev_zero_in_a_content_folder_is_listed_once_not_a_traceback(tmp_path: Path) -> None:
    home = tmp_path / "home"
    decks = home / "content" / "decks"
    decks.mkdir(parents=True)
    (decks / "loop.yaml").symlink_to(decks / "loop.yaml")  # resolve() raised RuntimeError on it
    (decks / "zero.yaml").symlink_to("/dev/zero")
    (decks / "folder.yaml").mkdir()
    result = run_quizapp("check", "--content-only", home=home, cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    listed = [line for line in result.stdout.splitlines() if "not loaded" in line]
    # Each once: the user's folder is a content root and is also walked whole.
    assert [line.split(":")[0].rsplit("/", 1)[-1] for line in listed] == ["loop.yaml", "zero.yaml"]
    assert all("not a regular file" in line for line in listed)


@pytest.mark.parametrize("reference", ["NoSuch", "np"])
def test_a_reference_the_oracle_does_not_export_is_a_content_error_and_grade_says_so(
    tmp_path: Path, reference: str
) -> None:
    """It passed `check --content-only`; grading then ended in judge_error (AttributeError)."""
    exercise = RMSNORM.replace("id: rmsnorm\n", "id: my-rms\n").replace("reference: RMSNorm", f"reference: {reference}")
    root = _user_content(tmp_path, "exercises", exercise)
    [error] = load_dirs([root]).errors
    assert (error.line, error.col) == (50, 1) and "'reference' must name an entry point" in error.message
    solution = REPO / "tests" / "accepted" / "rmsnorm" / "vectorised_keepdims.py"
    result = run_quizapp("grade", "my-rms", str(solution), "--content", str(root), home=tmp_path / "home")
    assert result.returncode == 2 and result.stdout == ""
    # Not "unknown exercise 'my-rms' (did you mean 'my-rms'?)", as any exercise with an error said.
    assert "cannot be graded: its file has content errors" in result.stderr and "x.yaml:50:1" in result.stderr


@pytest.mark.parametrize("content", [b"x = 1\n" * 300_000, b"# caf\xe9\n"], ids=["over 1 MiB", "not UTF-8"])
def test_a_draft_file_the_editor_cannot_open_is_kept_aside_not_overwritten(tmp_path: Path, content: bytes) -> None:
    """The editor fell back to the stored draft, and its first autosave replaced the user's file."""
    from quizapp.content import load_catalog
    from quizapp.tui.services import Study

    catalog = load_catalog()
    exercise = catalog.exercise("rmsnorm")
    study = Study.open(tmp_path, catalog, lambda: T0)
    try:
        study.save_draft("rmsnorm", "# stored\n")
        draft = study.draft_path("rmsnorm")
        draft.write_bytes(content)
        assert study.load_draft(exercise) == "# stored\n"
        study.save_draft("rmsnorm", "# typed in the editor\n")  # the autosave
        [kept] = draft.parent.glob("rmsnorm.py.unused-*")
        assert kept.read_bytes() == content
    finally:
        study.close()
