"""`quizapp grade` and the exercise half of `quizapp check`, for quizapp/cli.py.

Light at import time on purpose (no numpy, no engine, not even argparse): `quizapp
--help` imports this module to add the arguments, and a plain `quizapp grade` line goes
from quizapp/entry.py straight here. The engine is imported when a command runs.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from quizapp.grading.checks import CheckResult
    from quizapp.grading.runner import Child
    from quizapp.grading.spawn import Spawned

EXIT_ACCEPTED, EXIT_NOT_ACCEPTED, EXIT_USAGE = 0, 1, 2
MAX_SOURCE_BYTES = 1 * 2**20

_prestarted: Spawned | None = None


def add_grade_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("exercise_id", metavar="EXERCISE_ID", help="the exercise, as `quizapp list` shows it")
    from pathlib import Path

    parser.add_argument("file", metavar="FILE", type=Path, help="your solution, one Python file")
    parser.add_argument("--json", action="store_true", help="print one JSON object (CONTRACT section 1)")
    parser.add_argument(
        "--lang", choices=("zh", "en"), default=None, help="language of the report's text (default: setting)"
    )
    parser.add_argument(
        "--seed", type=_seed, default=None, metavar="N", help="reuse the seed a report printed, to reproduce it"
    )


def _seed(text: str) -> int:
    import argparse  # only with a parser, which has imported it already

    value = _plain_seed(text)
    if value is None:
        try:
            int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
        raise argparse.ArgumentTypeError("the seed must be between 0 and 2**63 - 1")
    return value


def _plain_seed(text: str) -> int | None:
    try:
        value = int(text)
    except ValueError:
        return None
    return value if 0 <= value < 2**63 else None


def plain_grade_args(words: list[str]) -> SimpleNamespace | None:
    """The arguments of `grade ID FILE [--json] [--seed N]`, read without argparse.

    Only this exact, common shape (options spelt out, in any order after `grade`);
    None for anything else (help, abbreviations, `--seed=N`, `--content`, errors), which
    then goes through the full parser. Importing and building that parser costs about
    30 ms, a tenth of a whole grade. tests/test_grading_cli.py checks that both
    readings agree.
    """
    if words[:1] != ["grade"]:
        return None
    positional: list[str] = []
    as_json, seed = False, None
    rest = iter(words[1:])
    for word in rest:
        if word == "--json" and not as_json:
            as_json = True
        elif word == "--seed" and seed is None:
            seed = _plain_seed(next(rest, ""))
            if seed is None:
                return None
        elif (word.startswith("-") and word != "-") or len(positional) == 2:  # `-` is stdin, a FILE
            return None
        else:
            positional.append(word)
    if len(positional) != 2:
        return None
    from pathlib import Path  # not at the top: prestart runs before this module's imports are paid

    return SimpleNamespace(
        content=[], command="grade", exercise_id=positional[0], file=Path(positional[1]), json=as_json, seed=seed,
        lang=None,
    )


def prestart(early: Spawned | None = None) -> None:
    """Start the child now (or adopt `early`), so it imports numpy while we do the rest.

    quizapp/entry.py starts it before even importing this module; run_grade then uses
    the child, and an early exit (a usage error) discards it (discard_prestarted).
    """
    global _prestarted
    if _prestarted is None:
        if early is None:
            from quizapp.grading.spawn import spawn

            early = spawn()
        _prestarted = early


def _take_prestarted() -> Child | None:
    global _prestarted
    spawned, _prestarted = _prestarted, None
    if spawned is None:
        return None
    from quizapp.grading.runner import Child

    return Child(spawned=spawned)


def discard_prestarted() -> None:
    """Kill and clean up a child started for a run that ended early (a usage error)."""
    child = _take_prestarted()
    if child is not None:
        child.discard()


def _usage(message: str, lang: str | None = None) -> int:
    """A usage error on stderr (exit 2) in the command's language; `message` may be bilingual."""
    discard_prestarted()
    from quizapp.i18n import cli_language, in_lang

    print(f"quizapp grade: {in_lang(message, cli_language(lang))}", file=sys.stderr)
    return EXIT_USAGE


def unknown_exercise(exercise_id: str, content: Iterable[Any] = ()) -> str:
    """The usage error for an id no exercise has, with the closest ids when some are close."""
    import difflib

    from quizapp.content.loader import load_content
    from quizapp.grading.messages import text

    try:
        ids = [e.id for e in load_content(content, validate_cases=False).catalog.exercises]
        if exercise_id in ids:  # it loads, but not with its cases and reference checked: say why
            where = f"'{exercise_id}'"
            errors = [e for e in load_content(content).errors if where in e.subject]
            if errors:
                return text("exercise_has_errors", id=exercise_id, first=str(errors[0]))
    except Exception:  # the content is broken: `quizapp check` says how; the id is still unknown
        ids = []
    close = difflib.get_close_matches(exercise_id, ids, n=1, cutoff=0.6)
    if not close:  # a prefix or a part of an id ("bn2d", "fold") is a strong enough guess too
        close = [i for i in ids if exercise_id and exercise_id.lower() in i][:3]
    if close:
        return text("unknown_exercise_close", id=exercise_id, close=", ".join(f"'{c}'" for c in close))
    return text("unknown_exercise", id=exercise_id)


def run_grade(args: argparse.Namespace | SimpleNamespace, exercise_lookup: Callable[[str], Any]) -> int:
    """Grade args.file against args.exercise_id; print the report; 0 accepted, 1 not, 2 usage."""
    import json

    started = time.monotonic()
    path: Path = args.file
    from quizapp.boundedio import STDIN_NAME, read_bounded
    from quizapp.grading.messages import text
    from quizapp.i18n import Bilingual
    from quizapp.userinput import InputProblem

    try:
        # Bounded whatever the file claims (/dev/zero, a FIFO nobody writes to); `-` is stdin.
        raw = read_bounded(path, MAX_SOURCE_BYTES)
    except InputProblem as exc:
        return _usage(Bilingual(exc.message("en"), exc.message("zh")), getattr(args, "lang", None))
    shown = STDIN_NAME if str(path) == "-" else str(path)
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _usage(text("not_utf8", path=shown), getattr(args, "lang", None))
    if _prestarted is None:
        # numpy starts loading in the child while we look the exercise up. If it cannot
        # start (no temp folder to write, no processes left), grade() tries again and
        # reports a judge_error: a verdict, not a traceback.
        with contextlib.suppress(OSError):
            prestart()
    exercise = exercise_lookup(args.exercise_id)
    if exercise is None:
        unknown = unknown_exercise(args.exercise_id, getattr(args, "content", None) or ())
        return _usage(unknown, getattr(args, "lang", None))

    from quizapp.grading.engine import grade
    from quizapp.grading.report import CaseResult, GradeReport

    child = _take_prestarted()
    try:
        filename = "solution.py" if str(path) == "-" else path.name
        report = grade(exercise, source, seed=args.seed, filename=filename, child=child)
    except Exception as exc:  # a bug of ours: say so in the contract's words, never crash
        if child is not None:
            child.discard()
        report = GradeReport(
            args.exercise_id, "judge_error", [], seed=args.seed, message=f"{type(exc).__name__}: {exc}"
        )
        report.cases = [CaseResult("grader", "judge_error", True, report.message)]
    report.time_ms = round((time.monotonic() - started) * 1000)
    from quizapp.i18n import cli_language  # after grading: reading the setting costs nothing then

    lang = cli_language(getattr(args, "lang", None))
    if getattr(args, "json", False):
        print(json.dumps(report.to_json(lang), ensure_ascii=False))
    else:
        print(report.to_text(lang))
    return EXIT_ACCEPTED if report.accepted else EXIT_NOT_ACCEPTED


def check_exercises(exercises: Iterable[Any], repo_tests_dir: Path | None) -> list[CheckResult]:
    """Reference accepted, starter rejected, variants recognised, mutants rejected, alternatives accepted."""
    from quizapp.grading.checks import check_exercises as run_checks

    return run_checks(exercises, repo_tests_dir)
