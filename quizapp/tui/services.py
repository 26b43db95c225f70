"""What the screens need from the review store, content and grader, in one place.

Screens talk to `Study`, never to SQLite or fsrs directly, so a screen is a
view plus key handling. Heavy imports (fsrs, the store) happen here, inside
methods that run in worker threads, so nothing of them delays the first paint.

Home's counts come from `build_queue` (due and new per deck) and the store's
per-deck summary (`compute_stats(...).decks`: mature cards, i.e. stability of
at least three weeks).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from quizapp.locations import write_text_atomically

if TYPE_CHECKING:
    from quizapp.content import Card, Catalog, ContentError, Exercise
    from quizapp.review import ReviewStore

Clock = Callable[[], datetime]
CRAM = "cram"  # a session mode whose answers are logged apart and reschedule nothing


class CaseLike(Protocol):
    name: str
    verdict: str
    message: str


class ReportLike(Protocol):
    """The part of the grader's GradeReport the screens read."""

    verdict: str
    passed: int
    total: int
    time_ms: int

    @property
    def cases(self) -> Sequence[Any]: ...


Grader = Callable[..., Any]  # grader(exercise, source, *, samples_only=False) -> GradeReport


class WarmGrader:
    """The real grader, keeping one child interpreter started ahead of need.

    A thin adapter over `quizapp.grading.GradeWorker` (which starts the next
    child as soon as one is used and keeps the references loaded), created on
    first use: importing it loads numpy, which the home screen does not need.
    """

    def __init__(self) -> None:
        self._worker: Any = None
        self._lock = threading.Lock()

    def _get(self) -> Any:
        with self._lock:
            if self._worker is None:
                from quizapp.grading.worker import GradeWorker

                self._worker = GradeWorker(start=False)
            return self._worker

    def warm(self) -> None:
        self._get().warm()

    def __call__(self, exercise: Exercise, source: str, *, samples_only: bool = False) -> Any:
        return self._get().grade(exercise, source, samples_only=samples_only)

    def close(self) -> None:
        with self._lock:
            worker, self._worker = self._worker, None
        if worker is not None:
            worker.close()


@dataclass(frozen=True)
class DeckRow:
    deck_id: str
    title: str
    due: int
    new: int
    total: int
    mastery: float  # 0..1: share of the deck's cards that are mature


@dataclass(frozen=True)
class ExerciseRow:
    exercise_id: str
    title: str
    status: str  # "new" | "attempted" | "solved"
    best_ms: int | None
    due: bool


@dataclass
class Overview:
    """Everything the home screen shows, computed off the UI thread."""

    decks: list[DeckRow] = field(default_factory=list)
    exercises: list[ExerciseRow] = field(default_factory=list)
    due_cards: int = 0
    new_cards: int = 0
    next_exercise: str | None = None


class Study:
    """The user's study data: review store + catalog + clock."""

    def __init__(self, store: ReviewStore, catalog: Catalog, clock: Clock, home: Path) -> None:
        self.store = store
        self.catalog = catalog
        self.clock = clock
        self.home = home

    @classmethod
    def open(cls, home: Path, catalog: Catalog, clock: Clock) -> Study:
        from quizapp.review import ReviewStore

        store = ReviewStore.open(home)
        store.sync_content(list(catalog.cards()), list(catalog.exercises), catalog.retired())
        return cls(store, catalog, clock, home)

    def close(self) -> None:
        self.store.close()

    # -- settings ------------------------------------------------------------

    @property
    def language(self) -> str:
        return str(self.store.get_setting("language"))

    def set_language(self, lang: str) -> None:
        self.store.set_setting("language", lang)

    # -- the home screen -----------------------------------------------------

    def overview(self, lang: str) -> Overview:
        from quizapp.review import build_queue, compute_stats

        now = self.clock()
        out = Overview()
        today = build_queue(self.store, now)
        out.due_cards = sum(1 for e in today.due if e.kind == "card")
        out.new_cards = sum(1 for e in today.new if e.kind == "card")
        queued_exercises = self._exercises_to_do(today, self.store.attempts())
        # Mature counts per deck come from the store's summary tables (one query)
        # rather than one schedule lookup per card.
        totals = compute_stats(self.store, now).decks
        for deck in self.catalog.decks:
            queue = build_queue(self.store, now, deck=deck.id)
            summary = totals.get(deck.id)
            mature = summary.mature if summary is not None else 0
            total = len(deck.cards)
            out.decks.append(
                DeckRow(deck.id, deck.title.get(lang), len(queue.due), len(queue.new), total, mature / max(1, total))
            )
        attempts = self.store.attempts()
        for ex in self.catalog.exercises:
            mine = [a for a in attempts if a.exercise == ex.id]
            solved = [a for a in mine if a.accepted]
            status = "solved" if solved else ("attempted" if mine else "new")
            timed_solves = [a.time_used_ms for a in solved if a.counts_for_best]
            best = min(timed_solves) if timed_solves else None
            out.exercises.append(ExerciseRow(ex.id, ex.title.get(lang), status, best, ex.id in queued_exercises))
        out.next_exercise = next(iter(queued_exercises), None) or self._first_unsolved(attempts)
        return out

    def _exercises_to_do(self, today: Any, attempts: list[Any]) -> list[str]:
        """Today's queued exercises that are worth doing now, in queue order.

        Not one whose model answer was shown a moment ago (an attempt ended, accepted
        or given up, within SOLUTION_MEMORY_MS): a re-solve then is recall, and its
        learning step (due in minutes, which the queue looks ahead to for cards) is
        no reason to offer it again as "next".
        """
        from quizapp.review.timeutil import to_ms

        now_ms = to_ms(self.clock())
        fresh = self._model_answer_seen(attempts)
        return [
            e.key
            for e in today.entries
            if e.kind == "exercise" and e.key not in fresh and (e.due_ms is None or e.due_ms <= now_ms)
        ]

    def _model_answer_seen(self, attempts: list[Any]) -> set[str]:
        """Exercises whose model answer was shown (accepted or given up) within SOLUTION_MEMORY_MS."""
        from quizapp.review.attempts import SOLUTION_MEMORY_MS
        from quizapp.review.timeutil import to_ms

        now_ms = to_ms(self.clock())
        return {
            a.exercise
            for a in attempts
            if (a.verdict == "accepted" or a.gave_up) and now_ms - to_ms(a.finished) < SOLUTION_MEMORY_MS
        }

    def next_exercise(self) -> str | None:
        """The exercise Home offers as next (`e`), or None when none is worth doing now."""
        from quizapp.review import build_queue

        attempts = self.store.attempts()
        queued = self._exercises_to_do(build_queue(self.store, self.clock()), attempts)
        if queued:
            return queued[0]
        return self._first_unsolved(attempts)

    def _first_unsolved(self, attempts: list[Any]) -> str | None:
        skip = {a.exercise for a in attempts if a.accepted} | self._model_answer_seen(attempts)
        return next((ex.id for ex in self.catalog.exercises if ex.id not in skip), None)

    # -- review --------------------------------------------------------------

    def session_cards(self, *, deck: str | None = None, kind: str | None = None) -> list[Card]:
        """Today's cards (due first, then new); with a deck, that deck only."""
        from quizapp.review import build_queue

        queue = build_queue(self.store, self.clock(), deck=deck)
        cards = [self.catalog.card(e.key) for e in queue.entries if e.kind == "card"]
        return [c for c in cards if c is not None and (kind is None or c.kind == kind)]

    def quiz_cards(self, deck: str | None) -> list[Card]:
        """Every choice card of the deck (a quiz is practice, not limited to due cards)."""
        decks = [d for d in self.catalog.decks if deck is None or d.id == deck]
        return [c for d in decks for c in d.cards if c.kind == "choice"]

    def intervals(self, card_id: str) -> dict[int, str]:
        """Label for each rating 1..4: the interval it would schedule (Anki's buttons)."""
        from quizapp.review.scheduling import interval_labels

        preview = self.store.preview_intervals(card_id, self.clock())
        return {int(rating): label for rating, label in interval_labels(preview).items()}

    def rate(self, card_id: str, rating: int, *, mode: str, duration_ms: int | None) -> None:
        if mode == CRAM:
            self.store.cram(card_id, rating, when=self.clock(), duration_ms=duration_ms)
            return
        self.store.review(card_id, rating, mode=mode, when=self.clock(), duration_ms=duration_ms)

    def undo(self, mode: str = "drill") -> str | None:
        """Take back the last rating (of a cram session: the last cram answer); its card id, or None."""
        if mode == CRAM:
            return self.store.undo_last_cram()
        result = self.store.undo_last_review()
        return result.key if result is not None and result.kind == "card" else None

    # -- custom study (once today's limits are reached) -------------------------

    def extra_new_cards(self, count: int, *, deck: str | None = None, tag: str | None = None) -> list[Card]:
        """Cards never seen, past today's new-card limit, for one session."""
        from quizapp.review.queue import extra_new_cards

        keys = extra_new_cards(self.store, count, deck=deck, tag=tag)
        return [c for c in (self.catalog.card(k) for k in keys) if c is not None]

    def _recall(self, card_id: str) -> float | None:
        """Predicted recall a day from now, None for a card never answered.

        A day ahead rather than now: right after a session every card is recalled
        at ~100% now, and only the stability says which ones will slip first.
        """
        from datetime import timedelta

        from quizapp.review.scheduling import retrievability

        schedule = self.store.get_schedule(card_id)
        if schedule is None or schedule.state is None:
            return None
        return retrievability(schedule, self.clock() + timedelta(days=1))

    def cram_cards(self, *, deck: str | None = None, tag: str | None = None) -> list[Card]:
        """Every card of a deck or tag, weakest first (then the ones never seen)."""
        cards = [c for c in self.catalog.cards()
                 if (deck is None or c.deck_id == deck) and (tag is None or tag in c.tags)]  # fmt: skip
        recall = {c.id: self._recall(c.id) for c in cards}
        return sorted(cards, key=lambda c: (recall[c.id] is None, recall[c.id] or 0.0))

    def deck_tags(self, deck: str) -> list[str]:
        """The tags of a deck's cards, most used first."""
        counts: dict[str, int] = {}
        for card in self.catalog.cards():
            if card.deck_id == deck:
                for tag in card.tags:
                    counts[tag] = counts.get(tag, 0) + 1
        return sorted(counts, key=lambda t: (-counts[t], t))

    def weakest_tag(self) -> str | None:
        """The tag whose answered cards have the lowest mean predicted recall (a day from now)."""
        recalls: dict[str, list[float]] = {}
        for card in self.catalog.cards():
            recall = self._recall(card.id) if card.tags else None
            if recall is not None:
                for tag in card.tags:
                    recalls.setdefault(tag, []).append(recall)
        if not recalls:
            return None
        return min(recalls, key=lambda t: (sum(recalls[t]) / len(recalls[t]), t))

    def card_label(self, card_id: str, lang: str, width: int = 40) -> str:
        """A card as a person knows it: the start of its question, not its id."""
        card = self.catalog.card(card_id)
        if card is None:
            return card_id
        text = " ".join(card.front.get(lang).split())
        return text if len(text) <= width else text[: width - 1] + "…"

    def choice_rating(self, correct: bool) -> int:
        from quizapp.review import rating_from_choice

        return int(rating_from_choice(correct))

    # -- exercises -----------------------------------------------------------

    def draft_path(self, exercise_id: str) -> Path:
        return self.home / "drafts" / f"{exercise_id}.py"

    def load_draft(self, exercise: Exercise) -> str:
        """The file if the user has one (maybe edited elsewhere), else the stored draft, else the starter."""
        from quizapp.boundedio import read_draft
        from quizapp.grading.commands import MAX_SOURCE_BYTES

        path = self.draft_path(exercise.id)
        text = read_draft(path)
        if text is not None:
            return text
        _keep_unusable_draft(path)
        # As bounded as the file: a stored draft of 30 MB (a hand edit) froze the editor.
        return self.store.load_draft(exercise.id, max_bytes=MAX_SOURCE_BYTES) or exercise.starter

    def save_draft(self, exercise_id: str, code: str) -> float:
        """Write the draft file atomically and keep a copy in the store; the file's new mtime."""
        path = self.draft_path(exercise_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(path, code)
        self.store.save_draft(exercise_id, code, when=self.clock())
        return path.stat().st_mtime

    def record_attempt(self, exercise: Exercise, **fields: Any) -> Any:
        return self.store.record_attempt(exercise, when=self.clock(), **fields)


def _keep_unusable_draft(path: Path) -> None:
    """Move a draft file the editor cannot open (over 1 MiB, not UTF-8) out of autosave's way.

    The editor then starts from the stored draft and its first autosave would replace the
    file: renamed to `<name>.unused-<time>` beside it, the user's text is kept as it was.
    A FIFO, device or link there is not the user's text and is simply written over.
    """
    import stat
    from datetime import UTC, datetime

    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = path.with_name(f"{path.name}.unused-{stamp}")
        if not target.exists():
            path.rename(target)
    except OSError:  # gone meanwhile, or a folder that cannot be written: the autosave will say so
        return


@dataclass
class Boot:
    """What the app learns at start-up, handed from the loading thread to the UI."""

    study: Study | None
    errors: list[ContentError]
    language: str
    failure: str | None = None
    overview: Overview | None = None  # home's first counts, when the thread computed them


def boot(home: Path, content_dirs: Sequence[Path], clock: Clock, roots: Sequence[Path] | None) -> Boot:
    """Load content and open the store (runs in a worker thread)."""
    from quizapp.content import load_content, load_dirs

    # Exercises' cases are parsed when first graded: start-up does not pay for them.
    if roots is not None:
        result = load_dirs(roots, validate_cases=False)
    else:
        result = load_content(content_dirs, validate_cases=False)
    try:
        study = Study.open(home, result.catalog, clock)
    except Exception as exc:  # the store's errors are written for the user; show them instead of crashing
        return Boot(None, list(result.errors), "en", failure=str(exc))
    return Boot(study, list(result.errors), study.language)


def home_view(
    home: Path, content_dirs: Sequence[Path], clock: Clock, roots: Sequence[Path] | None
) -> tuple[Overview, str]:
    """Home's first counts and the stored language (what the preload child computes).

    Raises if the store cannot be opened: the app then loads by itself and shows why.
    """
    result = boot(home, content_dirs, clock, roots)
    if result.study is None:
        raise RuntimeError(result.failure)
    try:
        return result.study.overview(result.language), result.language
    finally:
        result.study.close()
