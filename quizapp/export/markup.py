"""Card texts as HTML: Markdown rendered by markdown-it-py, code highlighted by Pygments.

Both libraries already come with Textual (markdown-it-py for its Markdown widget,
Pygments through Rich). Raw HTML inside a card is escaped, not passed through: a
card's text is content, and an Anki card renders in a web view. Unicode (σ², x̂, √)
is written as is, never as entities, so the math in the cards reads the same.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from functools import cache

from markdown_it import MarkdownIt

from quizapp.content.model import Text

CODE_CLASS = "qz-code"
# The languages an export can show, in the order they stand side by side.
EXPORT_LANGS: dict[str, tuple[str, ...]] = {"zh": ("zh",), "en": ("en",), "both": ("zh", "en")}


def _highlight(code: str, lang: str, _attrs: str) -> str:
    """A fenced block as `<pre class="qz-code">` with Pygments' classes (styled by `code_css`)."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_by_name(lang) if lang else None
    except ClassNotFound:
        lexer = None
    body = highlight(code, lexer, HtmlFormatter(nowrap=True)) if lexer else html.escape(code)
    language = f' class="language-{html.escape(lang)}"' if lang else ""
    return f'<pre class="{CODE_CLASS}"><code{language}>{body}</code></pre>\n'


@cache
def _renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "highlight": _highlight}).enable("table")


def markdown_html(source: str) -> str:
    """One Markdown text as HTML."""
    return _renderer().render(source).strip()


def inline_html(source: str) -> str:
    """A short Markdown text (a key point, an option) as HTML without the surrounding paragraph."""
    return _renderer().renderInline(source).strip()


def code_css() -> str:
    """The stylesheet for highlighted code blocks (Pygments' default style, boxed)."""
    from pygments.formatters import HtmlFormatter

    rules = HtmlFormatter().get_style_defs(f".{CODE_CLASS}")
    box = (
        f".{CODE_CLASS} {{ text-align: left; background: #f6f8fa; color: #1f2328; padding: 0.6em 0.8em;"
        " border-radius: 6px; overflow-x: auto; font-size: 0.85em; line-height: 1.4; }\n"
    )
    return box + rules


def per_language(text: Text, langs: Sequence[str], render: Callable[[str], str] = markdown_html) -> str:
    """`text` rendered in each language, side by side when there are several.

    A text written once for every language (a formula, a name) is shown once.
    """
    rendered = [(lang, render(text.get(lang))) for lang in langs]
    if len({body for _, body in rendered}) == 1:
        return rendered[0][1]
    columns = "".join(f'<div class="qz-lang" lang="{lang}">{body}</div>' for lang, body in rendered)
    return f'<div class="qz-side-by-side">{columns}</div>'
