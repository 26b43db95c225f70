"""The exercise editor highlights Python through tree-sitter's grammar (a runtime dependency)."""

from __future__ import annotations

from textual.app import App, ComposeResult

from quizapp.tui.widgets.code_editor import CodeEditor, python_grammar_loads

SOURCE = "def scale(x):\n    return 2 * x  # twice\n"


class EditorApp(App[None]):
    def compose(self) -> ComposeResult:
        yield CodeEditor(SOURCE, id="editor")


def _colours(editor: CodeEditor, y: int) -> dict[str, str]:
    """Each word's foreground colour on line `y` as painted."""
    out: dict[str, str] = {}
    for segment in editor.render_line(y):
        word = segment.text.strip()
        if word and segment.style is not None and segment.style.color is not None:
            out.setdefault(word, segment.style.color.name)
    return out


async def test_python_is_highlighted_by_tree_sitter() -> None:
    assert python_grammar_loads()
    app = EditorApp()
    async with app.run_test(size=(60, 8)) as pilot:
        editor = app.query_one(CodeEditor)
        assert editor.language == "python"
        await pilot.pause()
        first, second = _colours(editor, 0), _colours(editor, 1)  # the cursor sits on line 0's "d"
        keyword, number, comment, plain = second["return"], second["2"], second["# twice"], second["x"]
        assert len({keyword, number, comment, plain}) == 4
        assert first["scale"] not in (keyword, plain)  # a function name has its own colour


HOME_READY = """
import os, sys
from pathlib import Path
from quizapp.tui.app import create_app

app = create_app(home=Path(os.environ["QUIZAPP_HOME"]))

def check():
    if getattr(app.screen, "overview", None) is not None and app.screen.query("#decks"):
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("tree_sitter", "tree_sitter_python", "pygments")))
        app.call_after_refresh(app.exit)

app.call_later(lambda: app.set_interval(0.005, check))
app.run(headless=True)
"""


def test_start_up_loads_no_grammar_before_home_is_ready() -> None:
    """The highlighter costs the first editor, never the start-up (bench/tui.py's target)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", HOME_READY], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = done.stdout.strip().splitlines()[-1]
    assert "tree_sitter" not in loaded and "pygments.lexers" not in loaded, loaded
