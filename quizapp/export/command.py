"""`quizapp export anki FILE.apkg [--deck ID ...] [--lang zh|en|both]`: arguments and checks.

Usage errors (exit 2, a message on stderr, nothing written): an unknown deck id, a
target that is not an .apkg file in an existing folder. genanki is imported only once
the arguments are known good.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_OK, EXIT_USAGE = 0, 2

_MESSAGES: dict[str, tuple[str, str]] = {  # key: (en, zh)
    "unknown_deck": (
        "unknown deck '{deck}'{hint}; `quizapp list` shows the ids",
        "没有卡组“{deck}”{hint}；`quizapp list` 列出所有卡组",
    ),
    "did_you_mean": (" (did you mean '{close}'?)", "（是不是“{close}”？）"),
    "suffix": ("{file}: the file name must end in .apkg", "{file}：文件名必须以 .apkg 结尾"),
    "no_folder": ("{file}: the folder {folder} does not exist", "{file}：文件夹 {folder} 不存在"),
    "is_folder": ("{file}: is a folder, not a file", "{file}：这是一个文件夹，不是文件"),
    "cannot_write": ("cannot write {file}: {why}", "无法写入 {file}：{why}"),
    "no_decks": ("no decks to export", "没有可导出的卡组"),
    "wrote": (
        "wrote {file}: {notes} notes in {decks} deck(s). In Anki: File > Import. Importing a newer export "
        "updates these notes; review history stays in quizapp.",
        "已写入 {file}：{decks} 个卡组，共 {notes} 条笔记。在 Anki 中选择“文件 > 导入”。"
        "再次导入新的导出文件会更新这些笔记；复习记录保留在 quizapp 中。",
    ),
}


def add_export_arguments(export: argparse.ArgumentParser, parents: Sequence[argparse.ArgumentParser] = ()) -> None:
    formats = export.add_subparsers(dest="format", metavar="FORMAT", required=True, parser_class=type(export))
    anki = formats.add_parser("anki", help="an Anki package (.apkg) with every deck, or those named", parents=parents)
    anki.add_argument("file", metavar="FILE.apkg", type=Path, help="where to write the package")
    anki.add_argument(
        "--deck", action="append", default=[], metavar="ID", help="export only this deck (repeatable; default: all)"
    )
    anki.add_argument(
        "--lang",
        choices=("zh", "en", "both"),
        default="both",
        help="language of the notes (default: both, side by side)",
    )


def _say(key: str, lang: str, **values: object) -> str:
    en, zh = _MESSAGES[key]
    return (zh if lang == "zh" else en).format(**values)


def _target_problem(target: Path, lang: str) -> str | None:
    """Why `target` cannot take the package, checked before anything is built."""
    if target.suffix.lower() != ".apkg":
        return _say("suffix", lang, file=target)
    if target.is_dir():
        return _say("is_folder", lang, file=target)
    from quizapp.locations import check_output_file
    from quizapp.userinput import InputProblem

    try:
        check_output_file(target)  # also a FIFO or a device in the way (shared with mock --export)
    except InputProblem as exc:
        return exc.message(lang)
    folder = target.parent
    if not folder.is_dir():
        return _say("no_folder", lang, file=target, folder=folder)
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        return _say("cannot_write", lang, file=target, why=os.strerror(13))
    return None


def run_export(args: argparse.Namespace, catalog) -> int:  # catalog: quizapp.content.cards.Catalog
    lang = args.lang
    msg_lang = "zh" if lang == "zh" else "en"
    known = [deck.id for deck in catalog.decks]
    for deck_id in args.deck:
        if deck_id not in known:
            close = difflib.get_close_matches(deck_id, known, n=1)
            hint = _say("did_you_mean", msg_lang, close=close[0]) if close else ""
            print(f"quizapp export: {_say('unknown_deck', msg_lang, deck=deck_id, hint=hint)}", file=sys.stderr)
            return EXIT_USAGE
    chosen = [d for d in catalog.decks if d.id in args.deck] if args.deck else list(catalog.decks)
    if not chosen:
        print(f"quizapp export: {_say('no_decks', msg_lang)}", file=sys.stderr)
        return EXIT_USAGE
    target: Path = args.file
    problem = _target_problem(target, msg_lang)
    if problem:
        print(f"quizapp export: {problem}", file=sys.stderr)
        return EXIT_USAGE

    from quizapp.export.anki import write_apkg

    try:
        done = write_apkg(chosen, target, lang)
    except OSError as exc:
        why = exc.strerror or str(exc)
        print(f"quizapp export: {_say('cannot_write', msg_lang, file=target, why=why)}", file=sys.stderr)
        return EXIT_USAGE
    print(_say("wrote", msg_lang, file=target, notes=done.notes, decks=done.decks))
    return EXIT_OK
