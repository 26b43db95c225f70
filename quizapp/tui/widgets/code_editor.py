"""A Python code editor: Textual's TextArea, coloured by tree-sitter's Python grammar.

quizapp depends on tree-sitter and tree-sitter-python (the Python part of
`textual[syntax]`; wheels for Python 3.11-3.13 on Linux and macOS), so the editor
highlights with Textual's own queries and themes, incrementally as you type. The
grammar is loaded when the first editor is built (an exercise or a solution
opens), never during start-up. Where it cannot load (a broken install), the
editor still works, in one colour.
"""

from __future__ import annotations

from functools import lru_cache

from textual import events
from textual.widgets import TextArea


@lru_cache(maxsize=1)
def python_grammar_loads() -> bool:
    """Whether tree-sitter's Python grammar loads here.

    Textual has no public call for this; TextArea(language="python") raises when
    tree-sitter is importable but the grammar is not, so ask its loader first.
    """
    from textual._tree_sitter import get_language

    return get_language("python") is not None


class CodeEditor(TextArea):
    """`TextArea.code_editor` for Python, with Python's indentation on enter and backspace."""

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(
            text,
            language="python" if python_grammar_loads() else None,
            theme="monokai",
            soft_wrap=False,
            tab_behavior="indent",
            show_line_numbers=True,
            id=id,
        )
        self.indent_type = "spaces"
        self.indent_width = 4

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
