"""A cache of parsed YAML, so start-up does not re-parse unchanged content.

Parsing YAML dominates `quizapp list` and the app's start; the cache keeps
each file's plain data and key positions as JSON (not pickle: the data folder
must never become a way to run code) under `$QUIZAPP_HOME/cache/`, keyed by
path, size and mtime. A damaged or stale cache is ignored and rewritten; a
read-only data folder just means no cache.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from quizapp.content.yamlpos import Located, load_located

# Bump when the shape of cached entries, or how YAML is turned into data, changes.
CACHE_FORMAT = 1


def _cache_file() -> Path:
    from quizapp.locations import data_home

    return data_home() / "cache" / f"content-v{CACHE_FORMAT}.json"


def _stamp(path: Path, size: int, mtime_ns: int) -> str:
    return f"{path}|{size}|{mtime_ns}"


def _only_str_keys(value: Any) -> bool:
    """JSON turns every key into a string; an entry that had other keys cannot round-trip."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _only_str_keys(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_only_str_keys(v) for v in value)
    return True


class ParseCache:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or _cache_file()
        self.entries: dict[str, Any] = {}
        self.used: set[str] = set()
        self.dirty = False
        with contextlib.suppress(OSError, ValueError):
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                self.entries = loaded

    def load(self, path: Path, text: str, stat: os.stat_result) -> Located:
        """`load_located(text)`, from the cache when this exact file version was seen."""
        key = _stamp(path, stat.st_size, stat.st_mtime_ns)
        self.used.add(key)
        entry = self.entries.get(key)
        if isinstance(entry, dict):
            try:
                return Located(
                    entry["data"],
                    {tuple(p): (line, col) for p, line, col in entry["positions"]},
                    [(tuple(p), (line, col)) for p, line, col in entry["duplicates"]],
                )
            except (KeyError, TypeError, ValueError):
                pass  # a damaged entry: parse again below
        located = load_located(text)  # may raise YamlSyntaxError: never cached
        if _only_str_keys(located.data):
            self.entries[key] = {
                "data": located.data,
                "positions": [[list(p), line, col] for p, (line, col) in located.positions.items()],
                "duplicates": [[list(p), line, col] for p, (line, col) in located.duplicates],
            }
            self.dirty = True
        return located

    def save(self) -> None:
        """Write back what changed, dropping entries for files no longer seen."""
        stale = set(self.entries) - self.used
        if not self.dirty and not stale:
            return
        keep = {k: v for k, v in self.entries.items() if k in self.used}
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".content-", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(keep, handle, ensure_ascii=False, separators=(",", ":"))
                os.replace(tmp, self.path)  # atomic: a crash leaves the old cache or the new one
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
