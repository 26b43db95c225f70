"""YAML to plain Python data plus an index of where every value stands.

The model is built from plain dicts and lists (easy to validate), while errors
still need `file:line:col`; so every key path (`("cards", 3, "answer")`) is
mapped to the position of its key (or, for list items and the root, of the
value). Duplicate keys, which PyYAML silently accepts, are reported here.

The data is built straight from the parser's events, without PyYAML's composer
and constructor, because a content file is untrusted input (decks are shared):
  * anchors and aliases are refused where they are written. An alias bomb (nine
    levels of `&a [*a, *a, ...]`) is a few hundred bytes that expand to gigabytes
    in `yaml.safe_load`; here it stops at its first anchor, having built nothing;
  * nesting depth and string length are checked as each value arrives (limits.py),
    and the walk keeps its own stack, so no input can exhaust Python's;
  * only plain data comes out: text, numbers, true/false, null. A date stays the
    text it was written as, and other tags are refused, so the parse cache (JSON)
    can hold anything this returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quizapp.content.limits import MAX_DEPTH, MAX_STRING_CHARS
from quizapp.content.messages import say

# yaml is imported inside load_located: start-up with a warm parse cache skips it.

KeyPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_TAG}{name}" for name in ("null", "bool", "int", "float")}
_COLLECTION_TAGS = {None, "!", f"{_TAG}map", f"{_TAG}seq"}


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
    """The file cannot be used as content: a syntax error or something refused, with where."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _refuse(event: Any, message: str) -> YamlSyntaxError:
    return YamlSyntaxError(*_mark(event), message)


class _Open:
    """A mapping or list being filled, and where it hangs in the document."""

    __slots__ = ("value", "path", "key", "key_mark", "kept")

    def __init__(self, value: dict[Any, Any] | list[Any], path: KeyPath, kept: bool) -> None:
        self.value = value
        self.path = path
        self.key: Any = _NO_KEY  # a mapping's key, read and waiting for its value
        self.key_mark = (1, 1)
        self.kept = kept  # False under a duplicated key: built, then dropped


_NO_KEY = object()


def load_located(text: str) -> Located:
    import yaml

    # The C parser is several times faster; fall back quietly where libyaml is absent.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        return _build(loader, yaml)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or str(exc)
        if exc.context:
            problem = f"{problem} ({exc.context})"
        raise YamlSyntaxError(line, col, say("yaml_syntax", problem=problem)) from None
    except yaml.reader.ReaderError as exc:  # a control character, or bytes that are not text
        line = text.encode("utf-8", "replace")[: max(exc.position, 0)].count(b"\n") + 1
        raise YamlSyntaxError(line, 1, say("yaml_syntax", problem=exc.reason)) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, 1, say("yaml_syntax", problem=exc)) from None
    finally:
        loader.dispose()


def _build(loader: Any, yaml: Any) -> Located:
    events = yaml.events
    scalar_event, alias_event = events.ScalarEvent, events.AliasEvent
    opening = (events.MappingStartEvent, events.SequenceStartEvent)
    closing = (events.MappingEndEvent, events.SequenceEndEvent)
    resolve = yaml.resolver.Resolver().resolve
    scalar_node = yaml.ScalarNode
    constructor = yaml.constructor.SafeConstructor()
    construct = constructor.yaml_constructors

    located = Located(None)
    positions = located.positions
    stack: list[_Open] = []
    documents = 0

    def place(value: Any, event: Any, is_key_able: bool) -> tuple[KeyPath, bool] | None:
        """Put `value` where the document is; its path and whether it is kept, or None for a key."""
        mark = _mark(event)
        if not stack:
            positions[()] = mark
            located.data = value
            return (), True
        top = stack[-1]
        if isinstance(top.value, list):
            path = (*top.path, len(top.value))
            if top.kept:
                positions[path] = mark
            top.value.append(value)
            return path, top.kept
        if top.key is _NO_KEY:
            if not is_key_able:
                raise _refuse(event, say("yaml_key_collection"))
            if not isinstance(value, str):
                # A key as written (`1:`, `true:`, `null:`): every key quizapp reads is text,
                # and as values `1` and `true` are equal, so one would pass for the other's duplicate.
                value = event.value
            top.key, top.key_mark = value, mark
            return None
        key, top.key = top.key, _NO_KEY
        path = (*top.path, key)
        if key in top.value:
            if top.kept:
                located.duplicates.append((path, top.key_mark))
            return path, False
        if top.kept:
            positions[path] = top.key_mark
        top.value[key] = value
        return path, top.kept

    event = loader.get_event()
    while event is not None and not isinstance(event, events.StreamEndEvent):
        kind = type(event)
        if kind is scalar_event:
            if event.anchor is not None:
                raise _refuse(event, say("yaml_anchor", anchor=event.anchor))
            value = event.value
            if len(value) > MAX_STRING_CHARS:
                raise _refuse(event, say("yaml_long", limit=f"{MAX_STRING_CHARS:,}", n=f"{len(value):,}"))
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(scalar_node, value, event.implicit) if event.implicit[0] else None  # plain, untagged
            elif tag != f"{_TAG}str" and tag not in _PLAIN_TAGS:
                raise _refuse(event, say("yaml_tag", tag=tag.replace(_TAG, "!!")))
            if tag == f"{_TAG}merge":
                raise _refuse(event, say("yaml_merge"))
            if tag in _PLAIN_TAGS:
                try:
                    value = construct[tag](constructor, scalar_node(tag, value))
                except (ValueError, yaml.YAMLError) as exc:  # `!!int x`; 5,000 digits
                    problem = say("yaml_scalar", value=repr(value[:40]), tag=tag[len(_TAG) :], error=exc)
                    raise _refuse(event, problem) from None
            place(value, event, True)
        elif kind in opening:
            if event.anchor is not None:
                raise _refuse(event, say("yaml_anchor", anchor=event.anchor))
            if event.tag not in _COLLECTION_TAGS:
                raise _refuse(event, say("yaml_tag", tag=event.tag.replace(_TAG, "!!")))
            if len(stack) >= MAX_DEPTH:
                raise _refuse(event, say("yaml_deep", limit=MAX_DEPTH))
            container: dict[Any, Any] | list[Any] = {} if kind is opening[0] else []
            placed = place(container, event, False)
            assert placed is not None  # a collection is never taken as a key
            stack.append(_Open(container, *placed))
        elif kind in closing:
            stack.pop()
        elif kind is alias_event:
            raise _refuse(event, say("yaml_alias", anchor=event.anchor))
        elif kind is events.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _refuse(event, say("yaml_second"))
        event = loader.get_event()
    return located
