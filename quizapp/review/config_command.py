"""`quizapp config [KEY [VALUE]]`: show or change the settings kept in the database.

Only the standard library at module level: cli.py builds its parser from here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import IO


def add_config_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("key", nargs="?", metavar="KEY", help="a setting's name (omit to list them all)")
    parser.add_argument("value", nargs="?", metavar="VALUE", help="a new value for KEY")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _parse_value(text: str) -> object:
    """Numbers as numbers, anything else as text (the setting's own check decides)."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def run_config(
    args: argparse.Namespace, *, home: Path, out: IO[str] | None = None, err: IO[str] | None = None
) -> int:
    # Streams looked up at call time (see run_stats): an import-time default outlives a closed capture.
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    from quizapp.review.errors import StoreError
    from quizapp.review.settings import SETTINGS
    from quizapp.review.store import ReviewStore

    if args.key is not None and args.key not in SETTINGS:
        print(f"quizapp config: unknown setting '{args.key}'; known: {', '.join(SETTINGS)}", file=err)
        return 2
    try:
        with ReviewStore.open(home) as store:
            if args.value is not None:
                try:
                    store.set_setting(args.key, _parse_value(args.value))
                except ValueError as exc:
                    print(f"quizapp config: {args.key}: {exc}", file=err)
                    return 2
            keys = [args.key] if args.key else list(SETTINGS)
            values = {key: store.get_setting(key) for key in keys}
    except StoreError as exc:
        print(f"quizapp config: {exc}", file=err)
        return 1
    if args.json:
        print(json.dumps(values, ensure_ascii=False), file=out)
        return 0
    for key, value in values.items():
        print(f"{key:<22} {value!s:<8} {SETTINGS[key].help}", file=out)
    return 0
