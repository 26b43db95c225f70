"""What the review engine needs to know about content, without importing it.

The content package owns the real models; anything with these attributes works
(tests use small dataclasses), which keeps review/ independent of YAML loading.
"""

from __future__ import annotations

from typing import Protocol


class CardInfo(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def deck_id(self) -> str: ...
    @property
    def kind(self) -> str: ...  # "qa" | "choice"
    @property
    def tags(self) -> tuple[str, ...]: ...
    @property
    def content_hash(self) -> str: ...


class ExerciseInfo(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def time_limit_minutes(self) -> int: ...
