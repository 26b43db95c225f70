"""Line breaking that lets Chinese text break between characters.

Rich and Textual break lines only at whitespace, so a run of Chinese with no
spaces is one "word": the wrapper pushes it whole to the next line, leaving a
ragged short line behind (`让 sigmoid/tanh` alone, then the sentence). In
Chinese every ideograph boundary is a break opportunity, except that closing
punctuation must not start a line and opening punctuation must not end one
(the basic kinsoku rules). `install()` swaps this divider into Textual's
Content wrapping; text without CJK takes the original path untouched.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from rich.cells import cell_len, chop_cells

# Ideographs, kana, hangul, CJK punctuation and fullwidth forms.
_CJK_CLASS = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_CJK_FIRST = "\u2e80"  # text whose largest character is below this has no CJK (a check in C, no regex)
# Never at the start of a line.
_NO_START = set("，。、；：！？）】》」』”’…—〕〉,.;:!?)]}%·・ー")
# Never at the end of a line.
_NO_END = set("（【《「『“‘〔〈([{")


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(any CJK character, one token): compiled on first use, not at import.

    Compiling these wide character classes takes ~13 ms, as much as the rest
    of the TUI's own modules; text without CJK (English, `·`, `–`) never needs them.
    """
    cjk = re.compile(f"[{_CJK_CLASS}]")
    # A token is a CJK character, or a run of other non-space characters, each with its trailing spaces.
    token = re.compile(rf"\s+|[{_CJK_CLASS}]\s*|[^\s{_CJK_CLASS}]+\s*")
    return cjk, token


def _tokens(text: str) -> list[tuple[int, str]]:
    """(start, token) pairs, with kinsoku applied by gluing tokens that must not be split."""
    out: list[tuple[int, str]] = []
    for match in _patterns()[1].finditer(text):
        start, token = match.start(), match.group(0)
        if out:
            prev_start, prev = out[-1]
            glue_to_prev = token[0] in _NO_START or (prev and prev.rstrip() and prev.rstrip()[-1] in _NO_END)
            if glue_to_prev and not prev[-1].isspace():
                out[-1] = (prev_start, prev + token)
                continue
        out.append((start, token))
    return out


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """Codepoint offsets at which to break `text` so each line fits in `width` cells."""
    if not text or max(text) < _CJK_FIRST or not _patterns()[0].search(text):
        return _original(text, width, fold)
    breaks: list[int] = []
    offset = 0  # cells used on the current line
    for start, token in _tokens(text):
        if token.isspace() and start == 0:
            offset += cell_len(token)
            continue
        length = cell_len(token.rstrip())
        if offset + length <= width:
            offset += cell_len(token)
            continue
        if length > width:
            if not fold:
                if start:
                    breaks.append(start)
                offset = cell_len(token)
                continue
            pieces = chop_cells(token, width - offset) if offset == 0 else chop_cells(token, width)
            position = start
            if offset and start:
                breaks.append(start)
            for i, piece in enumerate(pieces):
                if i:
                    breaks.append(position)
                position += len(piece)
            offset = cell_len(pieces[-1]) if pieces else 0
            continue
        if offset and start:
            breaks.append(start)
        offset = cell_len(token)
    return breaks


_original: Callable[[str, int, bool], list[int]]


def install() -> None:
    """Use `divide_line` for all of Textual's Content wrapping (idempotent)."""
    global _original
    import textual.content as content_module

    if content_module.divide_line is not divide_line:
        _original = content_module.divide_line
        content_module.divide_line = divide_line


def _join_cjk_softbreaks(state: Any) -> None:
    """A markdown-it core rule: a soft line break touching Chinese joins without a space.

    A Chinese paragraph written over several source lines ("（全 1），" then "形状…")
    would otherwise show a space after the full-width comma (Textual renders each
    soft break as a space, as English wants).
    """
    cjk = re.compile(f"[{_CJK_CLASS}]")
    for block in state.tokens:
        children = block.children or []
        for i, child in enumerate(children):
            if child.type != "softbreak":
                continue
            before = children[i - 1].content[-1:] if i > 0 else ""
            after = children[i + 1].content[:1] if i + 1 < len(children) else ""
            if cjk.match(before) or cjk.match(after):
                child.type, child.content = "text", ""


def install_markdown_joins() -> None:
    """Every Markdown widget's parser gets `_join_cjk_softbreaks` (idempotent). Called where Markdown
    is imported anyway (card views, the exercise screen): importing it at start-up would load pygments."""
    import textual.widgets._markdown as markdown_module

    plain = markdown_module.MarkdownIt
    if getattr(plain, "joins_cjk", False):
        return

    def parser(*args: Any, **kwargs: Any) -> Any:
        md = plain(*args, **kwargs)
        md.core.ruler.push("join_cjk_softbreaks", _join_cjk_softbreaks)
        return md

    parser.joins_cjk = True  # type: ignore[attr-defined]
    markdown_module.MarkdownIt = parser  # type: ignore[assignment]
