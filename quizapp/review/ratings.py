"""Ratings that come from evidence rather than from the user's own judgement."""

from __future__ import annotations

from fsrs import Rating

# "Well under the time limit": finishing in at most half the allotted time.
EASY_TIME_FRACTION = 0.5


def rating_from_attempt(
    *,
    verdict: str,
    failed_submissions: int,
    hints_used: int,
    time_used_ms: int,
    time_limit_minutes: int,
    gave_up: bool = False,
) -> Rating:
    """Rating for one exercise attempt, from what the grader measured.

    accepted at the first submission, no hints -> Good (Easy if within half
    the time limit); accepted after failures or with hints -> Hard; anything
    else (not accepted, gave up) -> Again.
    """
    if gave_up or verdict != "accepted":
        return Rating.Again
    if failed_submissions > 0 or hints_used > 0:
        return Rating.Hard
    limit_ms = time_limit_minutes * 60_000
    if limit_ms > 0 and time_used_ms <= EASY_TIME_FRACTION * limit_ms:
        return Rating.Easy
    return Rating.Good


def rating_from_choice(correct: bool) -> Rating:
    """Multiple choice: a right pick is Good, a wrong one Again."""
    return Rating.Good if correct else Rating.Again
