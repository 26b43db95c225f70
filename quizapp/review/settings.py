"""User settings kept in the database: names, defaults and validation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def _int_between(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"expected an integer from {low} to {high}, got {value!r}")
        return value

    return check


def _retention(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {value!r}")
    # Outside this band FSRS either schedules absurdly often or lets most
    # cards be forgotten; Anki's own advice stays within it.
    if not 0.7 <= float(value) <= 0.99:
        raise ValueError(f"desired retention must be between 0.70 and 0.99, got {value!r}")
    return float(value)


def _language(value: Any) -> str:
    if value not in ("en", "zh"):
        raise ValueError(f"language must be 'en' or 'zh', got {value!r}")
    return str(value)


@dataclass(frozen=True)
class SettingSpec:
    default: Any
    check: Callable[[Any], Any]
    help: str


SETTINGS: dict[str, SettingSpec] = {
    "language": SettingSpec("en", _language, "language of cards and UI: en or zh"),
    "desired_retention": SettingSpec(0.9, _retention, "target recall probability (FSRS)"),
    "daily_new_limit": SettingSpec(20, _int_between(0, 9999), "new cards introduced per day"),
    "daily_new_exercises": SettingSpec(1, _int_between(0, 999), "new exercises per day"),
    "daily_review_limit": SettingSpec(200, _int_between(0, 99999), "reviews shown per day"),
    "day_rollover_hour": SettingSpec(4, _int_between(0, 23), "local hour a new day starts"),
}


def validate(key: str, value: Any) -> Any:
    try:
        spec = SETTINGS[key]
    except KeyError:
        raise KeyError(f"unknown setting {key!r}; known: {', '.join(SETTINGS)}") from None
    return spec.check(value)


@dataclass(frozen=True)
class Settings:
    language: str = "en"
    desired_retention: float = 0.9
    daily_new_limit: int = 20
    daily_new_exercises: int = 1
    daily_review_limit: int = 200
    day_rollover_hour: int = 4
