"""Command line: argument parsing and dispatch only.

Everything heavy (numpy, textual, fsrs, the grader) is imported inside the
command that needs it, so `quizapp --help`, `list` and `grade` start fast and
`grade` never loads the TUI.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from quizapp import __version__

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's own exit code 2 is the contract's usage error
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _has_module(name: str) -> bool:
    import importlib.util  # only paid by the commands that ask

    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; a command's own options are only built when that command is named.

    `grade` and `stats` take their options from their own packages, and
    importing those is not free: `quizapp list` should not pay for them.
    """
    words = set(sys.argv[1:] if argv is None else argv)
    parser = _Parser(
        prog="quizapp",
        description="Drills, hand-written normalization layers and mock interviews, in the terminal.",
        epilog="Run `quizapp` with no command to open the app. Data lives in $QUIZAPP_HOME "
        "(default: the platform's user data folder).",
    )
    parser.add_argument("--version", action="version", version=f"quizapp {__version__}")
    parser.add_argument(
        "--content",
        action="append",
        default=[],
        type=Path,
        metavar="DIR",
        help="also load decks/ and exercises/ from DIR (repeatable)",
    )
    # Also accepted after the command (`quizapp check --content DIR`); SUPPRESS keeps
    # the top-level value when the sub-command does not repeat the option.
    content_opt = _Parser(add_help=False)
    content_opt.add_argument(
        "--content", action="append", type=Path, metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    add = commands.add_parser

    def add_command(name: str, help_text: str) -> argparse.ArgumentParser:
        return add(name, help=help_text, parents=[content_opt])


    grade = add_command("grade", "grade a solution file against an exercise's hidden cases")
    if "grade" in words and _has_module("quizapp.grading.commands"):
        from quizapp.grading.commands import add_grade_arguments

        add_grade_arguments(grade)
    else:
        grade.add_argument("exercise_id", metavar="EXERCISE_ID")
        grade.add_argument("file", metavar="FILE", type=Path)
        grade.add_argument("--json", action="store_true", help="print one JSON object")

    check = add_command("check", "validate all content (and exercises against their references)")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.add_argument("--lang", choices=("zh", "en"), default=None, help="language of the summary (default: setting)")
    check.add_argument(
        "--content-only", action="store_true", help="validate the YAML only; skip grading references and mutants"
    )

    listing = add_command("list", "list decks (with their cards) and exercises")
    listing.add_argument("--json", action="store_true", help="print one JSON object")
    listing.add_argument("--lang", choices=("zh", "en"), default=None, help="language of the text (default: setting)")

    stats = add_command("stats", "review and exercise history")
    if "stats" in words and _has_module("quizapp.review.commands"):
        from quizapp.review.commands import add_stats_arguments

        add_stats_arguments(stats)
    else:
        stats.add_argument("--json", action="store_true", help="print one JSON object")
    config = add_command("config", "show or change settings (daily limits, desired retention, language)")
    if "config" in words:
        from quizapp.review.config_command import add_config_arguments

        add_config_arguments(config)

    export = add_command("export", "write the decks for another tool: `export anki FILE.apkg`")
    if "export" in words:
        from quizapp.export.command import add_export_arguments

        add_export_arguments(export, parents=[content_opt])

    serve = add_command("serve", "the app in a browser (needs `pip install 'quizapp[web]'`)")
    if "serve" in words:
        from quizapp.web.command import add_serve_arguments

        add_serve_arguments(serve)

    mock = add_command("mock", "start a timed mock interview, or export the last report")
    mock.add_argument("--export", type=Path, metavar="FILE", help="write the last mock interview's report as Markdown")
    mock.add_argument("--lang", choices=("zh", "en"), default=None, help="language of the export (default: setting)")
    mock.add_argument("--minutes", type=int, default=None, help="total time of a new mock interview (default 30)")
    return parser


def _load(args: argparse.Namespace, *, validate_cases: bool = False):  # -> LoadResult
    """Content for a command; only `check` needs exercises' cases parsed (and their errors) up front."""
    from quizapp.content import load_content

    return load_content(args.content, validate_cases=validate_cases)


def _language(args: argparse.Namespace) -> str:
    """`--lang`, else `quizapp config language`, else the locale (see quizapp/i18n.py)."""
    from quizapp.i18n import cli_language

    return cli_language(getattr(args, "lang", None))


def _warn_content_errors(result: Any, lang: str = "en") -> None:
    if result.errors:
        from quizapp.i18n import tr

        print(tr("cli_content_errors", lang, n=len(result.errors)), file=sys.stderr)
        for error in result.errors[:5]:
            print(f"  {error}", file=sys.stderr)


def cmd_list(args: argparse.Namespace) -> int:
    result = _load(args)
    # `--json` carries both languages: the language (a database read) matters only for warnings.
    lang = _language(args) if result.errors or not args.json else "en"
    _warn_content_errors(result, lang)
    catalog = result.catalog
    if args.json:
        payload = {
            "decks": [
                {
                    "id": deck.id,
                    "title": deck.title.to_json(),
                    "cards": [{"id": c.id, "kind": c.kind, "front": c.front.to_json()} for c in deck.cards],
                }
                for deck in catalog.decks
            ],
            "exercises": [{"id": ex.id, "title": ex.title.to_json()} for ex in catalog.exercises],
        }
        print(json.dumps(payload, ensure_ascii=False))
        return EXIT_OK
    from quizapp.i18n import tr

    for deck in catalog.decks:
        print(tr("cli_deck_line", lang, id=deck.id, title=deck.title.get(lang), n=len(deck.cards)))
        for card in deck.cards:
            first_line = card.front.get(lang).strip().splitlines()[0]
            kind = tr(f"cli_kind_{card.kind}", lang)
            print(f"  {card.id:<36} {kind:<7} {first_line}")
    if catalog.exercises:
        print(tr("cli_exercises", lang))
        for ex in catalog.exercises:
            print(f"  {ex.id:<36} {ex.title.get(lang)}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from quizapp.content.errors import display_path

    result = _load(args, validate_cases=True)
    catalog = result.catalog
    exercise_checks: list[Any] = []
    if not args.content_only and catalog.exercises and _has_module("quizapp.grading.commands"):
        from quizapp.grading.commands import check_exercises
        from quizapp.locations import repo_tests_dir

        exercise_checks = check_exercises(catalog.exercises, repo_tests_dir())
    checks_ok = all(c.ok for c in exercise_checks)
    unloaded = _unloaded(args)
    # A YAML file left out was most likely meant as content: that fails the check; other files are listed.
    misplaced = sum(path.suffix in (".yaml", ".yml") for path, _why in unloaded)
    ok = not result.errors and checks_ok and not misplaced
    from quizapp.i18n import in_lang, tr

    lang = _language(args)
    if args.json:
        # Stable English keys; the human texts (messages, reasons, details) in `lang`, named in "lang".
        payload = {
            "ok": ok,
            "lang": lang,
            "files": result.files,
            "decks": len(catalog.decks),
            "cards": sum(len(d.cards) for d in catalog.decks),
            "exercises": len(catalog.exercises),
            "errors": [e.to_json(lang) for e in result.errors],
            "exercise_checks": [c.to_json(lang) for c in exercise_checks],
            "not_loaded": [{"file": display_path(path), "reason": in_lang(why, lang)} for path, why in unloaded],
        }
        print(json.dumps(payload, ensure_ascii=False))
        return EXIT_OK if ok else EXIT_FAIL
    for error in result.errors:
        print(error.text(lang))
    for path, why in unloaded:
        print(tr("cli_not_loaded", lang, path=display_path(path), why=in_lang(why, lang)))
    for check in exercise_checks:
        print(check.summary(lang))
    cards = sum(len(d.cards) for d in catalog.decks)
    summary = tr(
        "cli_check_summary",
        lang,
        verdict=tr("cli_check_ok" if ok else "cli_check_failed", lang),
        files=result.files,
        decks=len(catalog.decks),
        cards=cards,
        exercises=len(catalog.exercises),
        errors=len(result.errors),
    )
    if unloaded:
        summary += tr("cli_check_unloaded", lang, n=len(unloaded))
    if exercise_checks:
        summary += tr("cli_check_failed_checks", lang, n=sum(not c.ok for c in exercise_checks))
    print(summary, file=sys.stdout if ok else sys.stderr)
    return EXIT_OK if ok else EXIT_FAIL


def _unloaded(args: argparse.Namespace) -> list[tuple[Path, str]]:
    """Files under the content folders (the user's own included) that the load left out."""
    from quizapp.content.loader import content_roots, unloaded_files
    from quizapp.locations import user_content_dir

    return unloaded_files([*content_roots(args.content), user_content_dir()])


def cmd_grade(args: argparse.Namespace) -> int:
    if not _has_module("quizapp.grading.commands"):
        print("quizapp: grading is not available in this build yet", file=sys.stderr)
        return EXIT_USAGE
    from quizapp.grading.commands import prestart, run_grade

    if args.file.is_file() or str(args.file) == "-":
        prestart()  # the child imports numpy while this process finds the exercise
    from quizapp.content import load_exercise

    return run_grade(args, lambda exercise_id: load_exercise(exercise_id, args.content))


def cmd_stats(args: argparse.Namespace) -> int:
    if not _has_module("quizapp.review.commands"):
        print("quizapp: review history is not available in this build yet", file=sys.stderr)
        return EXIT_FAIL
    from quizapp.locations import data_home
    from quizapp.review.commands import run_stats

    result = _load(args)
    catalog = result.catalog
    return run_stats(
        args,
        home=data_home(),
        cards=list(catalog.cards()),
        exercises=list(catalog.exercises),
        retired=catalog.retired(),
    )


def cmd_config(args: argparse.Namespace) -> int:
    from quizapp.locations import data_home
    from quizapp.review.config_command import run_config

    return run_config(args, home=data_home())


def cmd_mock(args: argparse.Namespace) -> int:
    if args.minutes is not None and args.minutes <= 0:
        print("quizapp mock: --minutes must be a positive number", file=sys.stderr)
        return EXIT_USAGE
    if args.export is None:
        return cmd_tui(args, start="mock")
    from quizapp.locations import check_output_file, data_home
    from quizapp.mock.export import export_last_report

    check_output_file(args.export)

    return export_last_report(home=data_home(), catalog=_load(args).catalog, target=args.export, lang=args.lang)


def cmd_export(args: argparse.Namespace) -> int:
    from quizapp.export.command import run_export

    result = _load(args)
    _warn_content_errors(result)
    return run_export(args, result.catalog)


def cmd_serve(args: argparse.Namespace) -> int:
    from quizapp.web.command import run_serve

    return run_serve(args)


def cmd_tui(args: argparse.Namespace, start: str | None = None) -> int:
    if not _has_module("quizapp.tui.app"):
        print("quizapp: the terminal UI is not available in this build yet; try `quizapp --help`", file=sys.stderr)
        return EXIT_FAIL
    # Only here, where the app would take over this terminal: `quizapp serve` and tests
    # (Pilot) run it without one. TEXTUAL_DRIVER set means another driver (textual-serve's) is in charge.
    if not _has_terminal() and not os.environ.get("TEXTUAL_DRIVER"):
        from quizapp.userinput import InputProblem

        raise InputProblem("no_terminal", command="quizapp mock" if start == "mock" else "quizapp")
    from quizapp.tui.app import run_app

    if start is None:
        return run_app(content_dirs=args.content)
    return run_app(content_dirs=args.content, start=start, mock_minutes=getattr(args, "minutes", None))


COMMANDS = {
    "list": cmd_list,
    "check": cmd_check,
    "grade": cmd_grade,
    "stats": cmd_stats,
    "mock": cmd_mock,
    "config": cmd_config,
    "export": cmd_export,
    "serve": cmd_serve,
    None: cmd_tui,
}


# Commands that write to the data folder (the app among them); the others only read it.
_WRITING = {"stats", "config", "mock", "serve", None}


def check_paths(args: argparse.Namespace) -> None:
    """The folders the user named (--content, QUIZAPP_HOME) are what they must be, before any work.

    Raises InputProblem (quizapp/userinput.py) with its one-line message and exit code.
    """
    from quizapp.locations import check_content_dirs, check_data_home

    check_content_dirs(getattr(args, "content", None) or [])
    check_data_home(writing=args.command in _WRITING)


def _has_terminal() -> bool:
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))


def main(argv: Sequence[str] | None = None) -> int:
    from quizapp.userinput import InputProblem, tolerate_undecodable_output

    tolerate_undecodable_output()
    args = build_parser(argv).parse_args(argv)
    try:
        check_paths(args)
        return COMMANDS[args.command](args)
    except InputProblem as exc:
        print(f"quizapp: {exc.message(getattr(args, 'lang', None))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("quizapp: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `quizapp list | head`
        return EXIT_OK
