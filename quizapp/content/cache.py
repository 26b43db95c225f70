"""A cache of parsed YAML, so start-up does not re-parse unchanged content.

Parsing YAML dominates `quizapp list` and the app's start; the cache keeps each
file's plain data and key positions as JSON (not pickle: the data folder must never
become a way to run code) under `$QUIZAPP_HOME/cache/content-v2/`, one small file per
content file, keyed inside by path, size and mtime. One file each, so that `quizapp
grade` reads only its exercise's entry. A damaged or stale entry is ignored and
rewritten; a read-only data folder just means no cache.
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from pathlib import Path
from typing import Any

from quizapp.content.yamlpos import Located, load_located
from quizapp.locations import write_text_atomically

# Bump when the shape of cached entries, or how YAML is turned into data, changes.
CACHE_FORMAT = 2


def _cache_dir() -> Path:
    from quizapp.locations import data_home

    return data_home() / "cache" / f"content-v{CACHE_FORMAT}"


def _printable(text: str) -> str:
    """A file name that is not UTF-8 (its bytes escaped by Python as surrogates), as valid text for JSON."""
    return os.fsencode(text).decode("utf-8", "backslashreplace")


def _stamp(path: Path, size: int, mtime_ns: int) -> str:
    return f"{_printable(str(path))}|{size}|{mtime_ns}"


def _entry_name(path: Path) -> str:
    """The entry's file name: readable, and unique enough (the stamp inside decides)."""
    return f"{_printable(path.stem[:60])}-{zlib.crc32(os.fsencode(path)):08x}.json"


def _only_str_keys(value: Any) -> bool:
    """JSON turns every key into a string; an entry that had other keys cannot round-trip."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _only_str_keys(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_only_str_keys(v) for v in value)
    return True


class ParseCache:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or _cache_dir()
        self.fresh: dict[str, dict[str, Any]] = {}  # entry name -> entry to write
        self.used: set[str] = set()

    def load(self, path: Path, text: str, stat: os.stat_result) -> Located:
        """`load_located(text)`, from the cache when this exact file version was seen."""
        stamp = _stamp(path, stat.st_size, stat.st_mtime_ns)
        name = _entry_name(path)
        self.used.add(name)
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError, RecursionError):
            entry = json.loads((self.folder / name).read_text(encoding="utf-8"))
            if entry["stamp"] == stamp:
                return Located(
                    entry["data"],
                    {tuple(p): (line, col) for p, line, col in entry["positions"]},
                    [(tuple(p), (line, col)) for p, line, col in entry["duplicates"]],
                )
        located = load_located(text)  # may raise YamlSyntaxError: never cached
        if _only_str_keys(located.data):
            self.fresh[name] = {
                "stamp": stamp,
                "data": located.data,
                "positions": [[list(p), line, col] for p, (line, col) in located.positions.items()],
                "duplicates": [[list(p), line, col] for p, (line, col) in located.duplicates],
            }
        return located

    def save(self, *, prune: bool = False) -> None:
        """Write the entries parsed afresh; `prune` (after a full load) drops entries not used."""
        with contextlib.suppress(OSError):
            if self.fresh:
                self.folder.mkdir(parents=True, exist_ok=True)
            for name, entry in self.fresh.items():
                text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
                write_text_atomically(self.folder / name, text)
            self.fresh.clear()
            if prune and self.folder.is_dir():
                for old in self.folder.iterdir():
                    # Dot files are other processes' writes in progress: theirs to finish.
                    if old.name not in self.used and not old.name.startswith("."):
                        with contextlib.suppress(OSError):
                            old.unlink()
                # The single-file cache of format 1, if an older version left one.
                with contextlib.suppress(OSError):
                    (self.folder.parent / "content-v1.json").unlink()
