"""How long a card's answer is, in the units an interview answer is timed in.

A qa card's `answer` is what a strong candidate says in about a minute; depth
goes in `details`. The limits follow speaking rates (about 120 English words or
300 Chinese characters a minute). The counting rules, documented in the README:

- English: a word is a whitespace-separated token with at least one letter or
  digit, so a formula counts its symbols that are spoken (`x̂ = (x − μ)/σ` is
  three words: the operators alone are not).
- Chinese: every Han character counts one; a run of Latin letters or digits
  (an English term, an identifier, a number) counts one, as it is one spoken
  unit in a Chinese sentence; punctuation counts nothing.
- In both: an inline code span counts one unit, whatever it holds; every
  non-blank line of a fenced code block counts CODE_LINE units of the language
  (writing a line on a whiteboard takes about as long as saying a short
  sentence), so a code answer must be short too.
"""

from __future__ import annotations

import re

from quizapp.content.messages import say

MAX_UNITS = {"en": 120, "zh": 300}
CODE_LINE = {"en": 4, "zh": 10}

_FENCE = re.compile(r"^[ \t]*(```|~~~)[^\n]*\n(.*?)^[ \t]*\1[ \t]*$", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]+`")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_RUN = re.compile(r"[A-Za-z0-9\u00c0-\u024f\u0370-\u03ff_]+")
_HAS_WORD = re.compile(r"\w")
_PLACEHOLDER = " \x00 "  # one unit, left where an inline code span was


def answer_units(text: str, lang: str) -> int:
    """The answer's length in `lang`'s units (words for en, characters for zh)."""
    units = 0

    def code_block(match: re.Match[str]) -> str:
        nonlocal units
        units += CODE_LINE[lang] * sum(1 for line in match.group(2).splitlines() if line.strip())
        return "\n"

    prose = _FENCE.sub(code_block, text)
    prose = _INLINE_CODE.sub(_PLACEHOLDER, prose)
    placeholders = prose.count("\x00")
    prose = prose.replace("\x00", " ")
    if lang == "zh":
        units += len(_HAN.findall(prose)) + len(_LATIN_RUN.findall(prose))
    else:
        units += sum(1 for token in prose.split() if _HAS_WORD.search(token))
    return units + placeholders


def over_limit(text: str, lang: str) -> str | None:
    """A message when `text` is longer than an answer in `lang` may be, else None."""
    limit = MAX_UNITS.get(lang)
    if limit is None:
        return None
    units = answer_units(text, lang)
    if units <= limit:
        return None
    unit = say("unit_words" if lang == "en" else "unit_chars")
    return say("answer_too_long", lang=lang, units=units, unit=unit, limit=limit)
