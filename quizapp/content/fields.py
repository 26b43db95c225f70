"""The content format, field by field: one table read by the loader and the schema.

Keeping the format in one place means `content/schema.json` (for authors'
editors) and the loader's checks cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
IDENT_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
DTYPES = ("float32", "float64")


@dataclass(frozen=True)
class Field:
    """One key a content mapping may have: its type, and whether it is required."""

    name: str
    kind: str  # id | text | texts | tags | strs | langs | code | ident | enum | int | ints | ...
    required: bool = True
    doc: str = ""
    choices: tuple[str, ...] = ()
    min_items: int = 0
    max_items: int | None = None


DECK_FIELDS = (
    Field("id", "id", doc="Stable deck id (lowercase, digits, hyphens)."),
    Field("title", "text", doc="Deck title."),
    Field("description", "text", doc="One or two sentences on what the deck covers."),
    Field("languages", "langs", doc="Languages every text in the deck must have.", min_items=1),
    Field("cards", "cards", doc="The cards, in the order new ones are introduced."),
    Field(
        "retired",
        "retired",
        required=False,
        doc="Card ids that left the content, each mapped to the live card id that replaces it; "
        "a retired card's review history moves to its replacement.",
    ),
)

_CARD_COMMON = (
    Field("id", "id", doc="Stable card id, unique across all content; review history follows it."),
    Field("kind", "enum", choices=("qa", "choice"), doc="Card kind."),
    Field("question", "text", doc="The front of the card (Markdown)."),
)
_CARD_TAIL = (
    Field("tags", "tags", required=False, doc="Topic tags (lowercase, hyphens)."),
    Field("refs", "strs", required=False, doc="Sources: paper and year, or documentation."),
)

QA_FIELDS = (
    *_CARD_COMMON,
    Field(
        "answer",
        "text",
        doc="What a strong candidate says in about a minute, in Markdown (Unicode math, no LaTeX): "
        "at most 120 English words / 300 Chinese characters (see the README for how code counts).",
    ),
    Field(
        "key_points",
        "texts",
        doc="What a complete answer must mention; ticked off in self-grading.",
        min_items=1,
        max_items=8,
    ),
    Field(
        "details",
        "text",
        required=False,
        doc="Depth beyond the one-minute answer (derivations, code, caveats), in Markdown; "
        "shown below the answer after the reveal.",
    ),
    *_CARD_TAIL,
)

CHOICE_FIELDS = (
    *_CARD_COMMON,
    Field("options", "texts", doc="The options shown.", min_items=2, max_items=8),
    Field("correct", "ints", doc="0-based indices of the correct options.", min_items=1),
    Field("explanation", "text", doc="Shown after answering: why the right options are right."),
    *_CARD_TAIL,
)

CARD_FIELDS = {"qa": QA_FIELDS, "choice": CHOICE_FIELDS}

ENTRY_FIELDS = (
    Field("name", "ident", doc="The class or function the user's module must define."),
    Field("kind", "enum", choices=("class", "function"), doc="Whether it is a class or a function."),
)

TOLERANCE_FIELDS = (
    Field("atol", "number", doc="Absolute tolerance."),
    Field("rtol", "number", doc="Relative tolerance."),
)

EXERCISE_FIELDS = (
    Field("id", "id", doc="Stable exercise id, as `quizapp grade` takes it."),
    Field("order", "int", required=False, doc="Position in the course (1 first); exercises without one come last."),
    Field("languages", "langs", required=False, doc="Languages every text must have (default zh, en)."),
    Field("title", "text", doc="Exercise title."),
    Field("prompt", "text", doc="The task, in Markdown: what to write, shapes, semantics, checks."),
    Field("entry", "entry", doc="The entry point the grader looks up."),
    Field("reference", "ident", doc="Name of the reference exported by `solutions`."),
    Field("starter", "code", doc="Starter code put in the editor."),
    Field("hints", "texts", doc="Hints, from a nudge to nearly the answer.", min_items=1),
    Field("explanation", "text", doc="Shown after acceptance: why it works, pitfalls."),
    Field("time_limit_minutes", "int", doc="Time allowed in timed mode."),
    Field("tolerance", "tolerance", doc="Comparison tolerance per dtype (float32, float64)."),
    Field("tags", "tags", required=False, doc="Topic tags."),
    Field("cases", "cases", doc="Visible samples, hidden cases and random generators."),
)
