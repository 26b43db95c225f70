"""YAML to plain Python data plus an index of where every value stands.

The model is built from plain dicts and lists (easy to validate), while errors
still need `file:line:col`; so every key path (`("cards", 3, "answer")`) is
mapped to the position of its key (or, for list items and the root, of the
value). Duplicate keys, which PyYAML silently accepts, are reported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# yaml is imported inside load_located: start-up with a warm parse cache skips it.

KeyPath = tuple[str | int, ...]


@dataclass
class Located:
    """Parsed YAML plus where each key was written (line, column), and duplicated keys."""

    data: Any
    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    duplicates: list[tuple[KeyPath, tuple[int, int]]] = field(default_factory=list)

    def position(self, path: KeyPath) -> tuple[int, int]:
        """Position of `path`, or of its nearest ancestor that has one."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))


class YamlSyntaxError(Exception):
    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


def _mark(node: Any) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def load_located(text: str) -> Located:
    import yaml

    # The C composer is several times faster; fall back quietly where libyaml is absent.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or str(exc)
        if exc.context:
            problem = f"{problem} ({exc.context})"
        raise YamlSyntaxError(line, col, f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, 1, f"YAML syntax error: {exc}") from None
    located = Located(None)
    if root is None:
        return located
    constructor = yaml.constructor.SafeConstructor()
    located.positions[()] = _mark(root)
    located.data = _convert(root, (), located, constructor, yaml)
    return located


def _convert(node: Any, path: KeyPath, out: Located, ctor: Any, yaml: Any) -> Any:
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        ctor.flatten_mapping(node)  # resolves `<<:` merge keys
        for key_node, value_node in node.value:
            key = _convert(key_node, path, out, ctor, yaml)
            if not isinstance(key, str | int | float | bool) and key is not None:
                key = str(key)
            child = (*path, key)
            if key in result:
                out.duplicates.append((child, _mark(key_node)))
                continue
            out.positions[child] = _mark(key_node)
            result[key] = _convert(value_node, child, out, ctor, yaml)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            out.positions[(*path, i)] = _mark(item)
            items.append(_convert(item, (*path, i), out, ctor, yaml))
        return items
    return ctor.construct_object(node, deep=True)
