"""A Python code editor: Textual's TextArea with a Pygments fallback for colours.

Textual highlights with tree-sitter, which is an optional extra
(`textual[syntax]`) that quizapp does not require. Without it the editor would
be monochrome, so when tree-sitter is missing the highlight map is built from
Pygments tokens instead (Pygments is always present: Rich depends on it). The
map uses the same highlight names as Textual's themes ("keyword", "string",
...) and byte offsets per line, as the TextArea expects.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from textual import events
from textual._tree_sitter import TREE_SITTER
from textual.widgets import TextArea


@lru_cache(maxsize=1)
def _lexer() -> Any:
    from pygments.lexers.python import PythonLexer

    return PythonLexer(stripnl=False, ensurenl=False)


def _highlight_name(token_type: Any) -> str | None:
    from pygments import token as t

    # Most specific first: Name.Function is a Name, String.Doc is a String.
    table = (
        (t.Comment, "comment"),
        (t.String.Doc, "string.documentation"),
        (t.String, "string"),
        (t.Number, "number"),
        (t.Keyword.Constant, "boolean"),
        (t.Keyword, "keyword"),
        (t.Operator.Word, "keyword"),
        (t.Operator, "operator"),
        (t.Name.Function, "function"),
        (t.Name.Class, "type.class"),
        (t.Name.Builtin.Pseudo, "variable.builtin"),
        (t.Name.Builtin, "function.builtin"),
        (t.Name.Decorator, "function"),
        (t.Name.Exception, "type.builtin"),
    )
    for kind, name in table:
        if token_type in kind:
            return name
    return None


def python_highlights(text: str) -> dict[int, list[tuple[int, int | None, str]]]:
    """Line -> [(start byte, end byte, highlight name)], from Pygments' Python lexer."""
    out: dict[int, list[tuple[int, int | None, str]]] = {}
    row, col = 0, 0  # col counts UTF-8 bytes, as TextArea's highlight map does
    for token_type, value in _lexer().get_tokens(text):
        name = _highlight_name(token_type)
        parts = value.split("\n")
        for i, part in enumerate(parts):
            if i:
                row, col = row + 1, 0
            width = len(part.encode("utf-8"))
            if name and width:
                out.setdefault(row, []).append((col, col + width, name))
            col += width
    return out


class CodeEditor(TextArea):
    """`TextArea.code_editor` for Python, coloured with or without tree-sitter."""

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(
            text,
            language="python" if TREE_SITTER else None,
            theme="monokai",
            soft_wrap=False,
            tab_behavior="indent",
            show_line_numbers=True,
            id=id,
        )
        self.indent_type = "spaces"
        self.indent_width = 4

    def _build_highlight_map(self) -> None:
        if TREE_SITTER:
            super()._build_highlight_map()
            return
        self._line_cache.clear()
        self._highlights.clear()
        for row, spans in python_highlights(self.text).items():
            self._highlights[row].extend(spans)

    async def _on_key(self, event: events.Key) -> None:
        # Enter keeps the line's indentation, one level deeper after a colon,
        # as a Python editor should; everything else is TextArea's own.
        if event.key == "enter" and not self.read_only:
            event.stop()
            event.prevent_default()
            row, col = self.cursor_location
            line = self.document.get_line(row)[:col]
            indent = line[: len(line) - len(line.lstrip(" "))]
            if line.rstrip().endswith(":"):
                indent += " " * self.indent_width
            start, end = self.selection
            self._replace_via_keyboard("\n" + indent, start, end)
            return
        await super()._on_key(event)

    def action_delete_left(self) -> None:
        # Backspace in leading spaces removes one indentation level, not one space.
        start, end = self.selection
        row, col = end
        before = self.document.get_line(row)[:col]
        if start == end and col > 0 and not before.strip(" "):
            width = (col - 1) % self.indent_width + 1
            self.delete((row, col - width), (row, col), maintain_selection_offset=False)
            return
        super().action_delete_left()
