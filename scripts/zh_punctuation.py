"""Find, and with --fix repair, half-width punctuation in the Chinese texts of content files.

    python scripts/zh_punctuation.py content/decks/*.yaml          # list problems
    python scripts/zh_punctuation.py --fix content/decks/*.yaml    # rewrite in place

The rule is quizapp.content.punctuation's (the one `quizapp check` applies).
--fix edits only the lines of `zh:` texts, in the file as written (comments
and layout kept), then reloads the file to prove nothing else changed. Read the
diff afterwards: a sentence that ends on an English word may want rewording.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from quizapp.content.punctuation import find_problems, fix_text
from quizapp.content.yamlpos import KeyPath, load_located


def zh_texts(data: Any, at: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "zh" and isinstance(value, str):
                yield (*at, key), value
            else:
                yield from zh_texts(value, (*at, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from zh_texts(value, (*at, i))


def fix_file(path: Path) -> tuple[int, list[str]]:
    """Rewrite `path`'s Chinese texts; (lines changed, lines that could not be found)."""
    source = path.read_text(encoding="utf-8")
    located = load_located(source)
    lines = source.split("\n")
    changed, missed = 0, []
    for key_path, text in zh_texts(located.data):
        if not find_problems(text):
            continue
        row = located.position(key_path)[0] - 1
        for text_line, fixed in zip(text.split("\n"), fix_text(text).split("\n"), strict=True):
            if fixed == text_line:
                continue
            for i in range(row, len(lines)):
                if text_line in lines[i]:
                    lines[i] = lines[i].replace(text_line, fixed, 1)
                    row, changed = i, changed + 1
                    break
            else:
                missed.append(f"{path}:{row + 1}: {text_line.strip()}")
    new = "\n".join(lines)
    after = dict(zh_texts(load_located(new).data))
    for key_path, text in zh_texts(located.data):  # nothing but the fixes may differ
        if after.get(key_path) != fix_text(text) and after.get(key_path) != text:
            missed.append(f"{path}: {key_path}: reloads differently; left unchanged")
            return 0, missed
    path.write_text(new, encoding="utf-8")
    return changed, missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--fix", action="store_true", help="rewrite the files in place")
    args = parser.parse_args(argv)
    status = 0
    for path in args.files:
        if args.fix:
            changed, missed = fix_file(path)
            print(f"{path}: {changed} line(s) fixed")
            for line in missed:
                print(f"  not fixed: {line}")
                status = 1
            continue
        located = load_located(path.read_text(encoding="utf-8"))
        for key_path, text in zh_texts(located.data):
            for problem in find_problems(text):
                line = located.position(key_path)[0]
                print(f"{path}:{line}: {'.'.join(map(str, key_path))}: {problem.describe()}")
                status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
