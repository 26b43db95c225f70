"""Choosing what a mock interview asks: theory across topics, a choice burst, one exercise."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from quizapp.content.model import Catalog, ChoiceCard, Exercise, QACard

DEFAULT_THEORY = 6
DEFAULT_CHOICES = 5
DEFAULT_MINUTES = 30


@dataclass(frozen=True)
class MockPlan:
    theory: tuple[QACard, ...]
    choices: tuple[ChoiceCard, ...]
    exercise: Exercise | None
    total_minutes: int

    @property
    def size(self) -> int:
        return len(self.theory) + len(self.choices) + (1 if self.exercise else 0)


def plan_mock(
    catalog: Catalog,
    *,
    strengths: Mapping[str, float] | None = None,
    theory_count: int = DEFAULT_THEORY,
    choice_count: int = DEFAULT_CHOICES,
    total_minutes: int = DEFAULT_MINUTES,
    seed: int | None = None,
) -> MockPlan:
    """Pick the session's items.

    Theory cards are drawn round-robin across decks (a topic each) so one
    session touches every topic; within a topic the weakest cards come first
    (`strengths`: card or exercise id -> predicted recall 0..1; unseen items
    count as 0.5, between forgotten and known), ties broken at random so two
    sessions differ.
    """
    if theory_count < 0 or choice_count < 0 or total_minutes <= 0:
        raise ValueError("counts must be >= 0 and the time limit positive")
    rng = random.Random(seed)
    strengths = strengths or {}

    def weakness_order(ids: list[str]) -> list[str]:
        jitter = {i: rng.random() for i in ids}
        return sorted(ids, key=lambda i: (strengths.get(i, 0.5), jitter[i]))

    by_topic: dict[str, list[QACard]] = defaultdict(list)
    choices: list[ChoiceCard] = []
    for card in catalog.cards():
        if isinstance(card, QACard):
            by_topic[card.deck_id].append(card)
        else:
            choices.append(card)
    queues = {
        topic: [c for cid in weakness_order([c.id for c in cards]) for c in cards if c.id == cid]
        for topic, cards in by_topic.items()
    }
    topics = sorted(queues)
    rng.shuffle(topics)
    theory: list[QACard] = []
    while len(theory) < theory_count and any(queues.values()):
        for topic in topics:
            if queues[topic] and len(theory) < theory_count:
                theory.append(queues[topic].pop(0))
    picked_choice_ids = weakness_order([c.id for c in choices])[:choice_count]
    chosen = tuple(c for cid in picked_choice_ids for c in choices if c.id == cid)
    exercises = list(catalog.exercises)
    exercise = None
    if exercises:
        first = weakness_order([e.id for e in exercises])[0]
        exercise = next(e for e in exercises if e.id == first)
    return MockPlan(tuple(theory), chosen, exercise, total_minutes)
