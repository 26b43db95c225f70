"""Chinese punctuation in Chinese text: full-width marks, half-width only inside code and formulas.

The rule, precisely (the README's "Chinese punctuation" section says the same):

1. Only lines that contain a Chinese character are checked; a line without one
   is a formula or code. Fenced code blocks, inline code spans (`...`), URLs,
   Markdown link targets, `{placeholders}`, Rich tags like `[b]` and ordered-list
   markers (`1. `, `2) `) are left out before checking.
2. A half-width `, . :` is allowed only inside a run of non-Chinese text (the
   nearest character before it and the nearest after it, skipping spaces and
   Markdown `*`, both exist and are not Chinese), and then only as formulas
   and numbers use it: `,` followed by a space or closing a tuple (`N, C, H, W`,
   `(C,)`, `f(c), f(s)`) or between digits (`1,000`); `.` not followed by a
   space (`1e-5`, `x.mean`); `:` between digits (`1:1`) or in a slice (`a[:, 0]`).
   So `复习,20`, `σ²,x̂`, `PyTorch:running` and `**说法**:Ioffe` are flagged.
   `; ? !` are always flagged, unless a mark stands alone between spaces (a
   key name: `按 ? 打开帮助`). Function-call parentheses (rule 3) are formula:
   whatever is inside them is left alone. A `.` that closes an abbreviation such as
   `et al.` or `e.g.` is always allowed.
3. A pair of parentheses may be half-width when it is a function's arguments
   (right after a lowercase or one-letter name: `mean(x_组)`, `O(元素数)`;
   everything nested inside is formula too, and so is a tuple or formula in
   parentheses such as `(N,H,W)`), or when it encloses no Chinese
   character, unless it is a remark (a word or a number, no operator:
   `(ICS)`, `(NeurIPS 2018)`) written right against Chinese text. So
   `形状是(C,)，`, `(N, C, H, W)` and `−(1/s)` pass; `(按 e)`,
   `（含 running 统计量)` and `等人(NeurIPS 2018)做了` do not. An unmatched half-width parenthesis
   touching Chinese text is flagged.
4. No space next to a full-width `，。：；？！、` inside a line (`1）， 形状`).

"Chinese" here means CJK ideographs, full-width forms, CJK punctuation and the
curly quotes “” ‘’ that Chinese text uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quizapp.content.messages import say
from quizapp.i18n import Bilingual

FULL_WIDTH = {",": "，", ".": "。", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_CHINESE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f“”‘’]")
_SKIP = frozenset(" \t*")
_FULL_MARKS = "，。：；？！、"
_ABBREVIATIONS = ("et al.", "e.g.", "i.e.", "etc.", "vs.", "cf.", "Fig.", "Eq.", "No.")
# Spans masked before checking, each by a filler of its own length so columns stay
# true: a symbol (neither Chinese nor a name) for code and placeholders, whose
# marks are their own business; spaces for markup that is not text at all.
_HIDE, _BLANK = "□", " "
_MASKS = (
    (re.compile(r"(`+)(?:(?!\1).)+?\1"), _HIDE),  # inline code spans, any number of backticks
    (re.compile(r"https?://\S+"), _HIDE),
    (re.compile(r"\]\([^)\s]*\)"), _HIDE),  # a Markdown link's target
    (re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}"), _HIDE),  # str.format placeholders
    (re.compile(r"\[/?(?:b|i|u|dim|bold|italic|reverse)?\]"), _BLANK),  # the app's Rich tags: [b], [/b]
    (re.compile(r"^\s*(?:\d+|[a-zA-Z])[.)](?=\s)"), _BLANK),  # ordered-list markers
    # an identifier with a one-character Chinese subscript: x_组, mean_行
    (re.compile(r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*_[\u4e00-\u9fff](?![\u4e00-\u9fff])"), "x"),
)
_OPERATORS = re.compile(r"[=+−*/·^√Σ<>≤≥×⊙]| - ")  # a hyphen alone joins words: WGAN-GP
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Problem:
    """One misplaced mark: where it is in the text and what to write instead."""

    line: int  # 0-based line of the text
    col: int  # 0-based column in that line
    found: str
    want: str
    source: str  # the whole line, as written

    @property
    def excerpt(self) -> str:
        """A few characters either side of the mark, enough to find it."""
        start = max(0, self.col - 12)
        text = self.source[start : self.col + 13].strip()
        return ("…" if start > 0 else "") + text + ("…" if self.col + 13 < len(self.source) else "")

    def describe(self) -> Bilingual:
        if self.found == " ":
            return say("punct_space", excerpt=repr(self.excerpt))
        return say("punct_half", found=repr(self.found), want=repr(self.want), excerpt=repr(self.excerpt))


def is_chinese(char: str) -> bool:
    return bool(_CHINESE.match(char))


def _mask(line: str) -> str:
    for pattern, filler in _MASKS:
        line = pattern.sub(lambda m, filler=filler: filler * len(m.group(0)), line)
    return line


def _neighbour(line: str, i: int, step: int) -> str | None:
    i += step
    while 0 <= i < len(line):
        if line[i] not in _SKIP:
            return line[i]
        i += step
    return None


def _in_latin_run(line: str, i: int) -> bool:
    """Whether the half-width mark at `i` belongs to a formula, a number or code, not to the sentence."""
    mark, nxt = line[i], line[i + 1 : i + 2]
    if mark == "." and (any(line[: i + 1].endswith(a) for a in _ABBREVIATIONS) or re.match(r"[A-Za-z_]", nxt)):
        return True  # `et al.`, or an attribute: `x.mean`, `.shape`
    if line[i - 1 : i] in ("", " ") and line[i + 1 : i + 2] in ("", " ") and mark not in "()":
        return True  # a mark standing alone is a symbol, as the key `?` in "escape / q / ? 关闭"
    if line[i - 1 : i] == "*" and mark != "(":
        return False  # the label after bold text, as in `**Post-LN**:`, is part of the Chinese sentence
    before, after = _neighbour(line, i, -1), _neighbour(line, i, 1)
    if before is None or after is None or is_chinese(before) or is_chinese(after):
        return False
    if mark == ".":
        return not nxt.isspace()  # ". " ends a sentence; `1e-5`, `0.1` do not
    if mark == ",":  # a list of symbols `N, C`, a tuple `(C,)`, a number `1,000`
        return nxt in (" ", ")", "]") or (line[i - 1 : i].isdigit() and nxt.isdigit())
    if mark == ":":  # a ratio or time `1:1`, a slice `a[:, None]`
        return (line[i - 1 : i].isdigit() and nxt.isdigit()) or line[i - 1 : i] == "[" or nxt == "]"
    return mark in "()"  # `;`, `?`, `!` are never part of a formula written in prose


def _is_call(line: str, start: int) -> bool:
    """Whether the parenthesis at `start` opens a function's arguments: `mean(x_组)`, `O(元素数)`.

    A name longer than one letter followed by Chinese words only is a remark:
    `running_var(指数滑动平均)`.
    """
    name = re.search(r"[A-Za-z_][A-Za-z0-9_]*$", line[:start])
    if name is None:
        return False
    word = name.group(0)
    if len(word) == 1:
        return True
    end = line.find(")", start)
    inside = line[start + 1 : end] if end > 0 else line[start + 1 :]
    if not re.search(r"[A-Za-z0-9]", inside):
        return False
    return word[0].islower() or "_" in word


def _is_note(line: str, start: int, end: int) -> bool:
    """Parentheses around a remark (`(ICS)`, `(NeurIPS 2018)`, `(2015)`), not a formula.

    A formula has an operator inside (`(1/s)`, `(dy·x̂)`) or is a tuple of
    symbols (`(C,)`, `(N, C, H, W)`); a remark has a word or is a number.
    """
    inside = line[start + 1 : end]
    if _OPERATORS.search(inside) or re.search(r"[A-Za-z0-9_)\]²√Σ∑∏·\u0370-\u03ff]$", line[:start]) and not (
        re.search(r"[A-Z][a-z]+$", line[:start])  # `Szegedy(2015)`: a name, then a remark
    ):
        return False
    return bool(re.search(r"[A-Za-z]{2}", inside) or re.fullmatch(r"\s*\d+\s*", inside))


def _touches_chinese(line: str, start: int, end: int) -> bool:
    """A remark in parentheses written against Chinese text, as in `等人(NeurIPS 2018)做了`."""
    if not _is_note(line, start, end):
        return False
    before = line[:start].rstrip("*")[-1:]
    after = line[end + 1 :].lstrip("*")[:1]
    return is_chinese(before or " ") or is_chinese(after or " ")


def _parens(line: str) -> tuple[set[int], list[tuple[int, int]]]:
    """Indices of half-width parentheses that enclose, or touch, Chinese text; and formula spans.

    A function call's parentheses (and everything nested in them) are a formula:
    `O(元素数)`, `conv(x, 某个 w2)` keep their half-width marks.
    """
    bad: set[int] = set()
    formulas: list[tuple[int, int]] = []
    stack: list[tuple[int, bool]] = []  # (index, inside a formula)
    for i, char in enumerate(line):
        if char in "(（":
            outer = bool(stack) and stack[-1][1]
            stack.append((i, outer or (char == "(" and _is_call(line, i))))
        elif char in ")）":
            if not stack:
                if char == ")" and not _in_latin_run(line, i):
                    bad.add(i)
                continue
            start, formula = stack.pop()
            inside = line[start + 1 : i]
            if formula or (not any(is_chinese(c) for c in inside) and not _is_note(line, start, i)):
                formulas.append((start, i))  # a call, a tuple `(N,H,W)` or a formula `(x − μ)`
            elif any(is_chinese(c) for c in line[start + 1 : i]) or _touches_chinese(line, start, i):
                bad.update(j for j in (start, i) if line[j] in "()")
    for start, _formula in stack:  # unmatched openers
        if line[start] == "(" and not _in_latin_run(line, start):
            bad.add(start)
    return bad, formulas


def line_problems(line: str) -> list[tuple[int, str]]:
    """(column, mark) of every misplaced mark in one line of Chinese text (not code)."""
    masked = _mask(line)
    if not any(is_chinese(c) for c in masked):
        return []
    bad_parens, formulas = _parens(masked)
    found = [(i, masked[i]) for i in bad_parens]
    for i, char in enumerate(masked):
        if char in ",.:;?!" and not _in_latin_run(masked, i) and not any(a < i < b for a, b in formulas):
            found.append((i, char))
    for match in re.finditer(rf"(?<=[{_FULL_MARKS}]) +(?=\S)|(?<=\S) +(?=[{_FULL_MARKS}])", masked):
        found.append((match.start(), " "))
    return sorted(found)


def find_problems(text: str) -> list[Problem]:
    """Every misplaced mark in a Chinese text (Markdown or plain), per the module's rule."""
    problems: list[Problem] = []
    fenced = False
    for number, line in enumerate(text.splitlines()):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        for col, mark in line_problems(line):
            want = FULL_WIDTH.get(mark, "")
            problems.append(Problem(number, col, mark, want, line))
    return problems


def fix_line(line: str) -> str:
    """The line with every flagged mark made full-width and the spaces around it dropped.

    For authors (scripts/zh_punctuation.py --fix); read the result, since a
    sentence-ending `.` after an English word may want rewording, not just `。`.
    """
    chars = list(line)
    drop: set[int] = set()
    for col, mark in line_problems(line):
        if mark != " ":
            chars[col] = FULL_WIDTH[mark]
        for step in (-1, 1):  # full-width marks carry their own spacing
            j = col + step if mark != " " else col
            while 0 <= j < len(chars) and chars[j] == " ":
                drop.add(j)
                j += step
            if mark == " ":
                break
    return "".join(c for i, c in enumerate(chars) if i not in drop)


def fix_text(text: str) -> str:
    """`fix_line` over every checked line of a text, code blocks left alone."""
    out: list[str] = []
    fenced = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        out.append(line if fenced or _FENCE.match(line) else fix_line(line))
    return "\n".join(out)
