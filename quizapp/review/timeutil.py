"""Time conventions of the store: UTC-aware datetimes outside, epoch ms inside.

Integers make range scans on indices cheap and avoid any string-format drift;
fsrs refuses naive or non-UTC datetimes, so everything is normalised here once.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

MS_PER_DAY = 86_400_000


def utc(when: datetime | None) -> datetime:
    """`when` as an aware UTC datetime (now if None); naive input is rejected."""
    if when is None:
        return datetime.now(UTC)
    if when.tzinfo is None:
        raise ValueError("naive datetime: pass a timezone-aware datetime (UTC)")
    return when.astimezone(UTC)


def to_ms(when: datetime) -> int:
    return int(utc(when).timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


def local_day(when: datetime, *, tz: tzinfo | None = None, rollover_hour: int = 4) -> date:
    """The study day `when` falls in.

    As in Anki, a day starts at `rollover_hour` local time, so a late-night
    session still counts for the evening it started in.
    """
    local = when.astimezone(tz) if tz is not None else when.astimezone()
    return (local - timedelta(hours=rollover_hour)).date()


def day_start(
    day: date, *, tz: tzinfo | None = None, rollover_hour: int = 4
) -> datetime:
    """UTC instant at which study day `day` begins."""
    naive = datetime(day.year, day.month, day.day, rollover_hour)
    if tz is None:
        # Let the OS resolve the local offset for that date (DST-correct).
        aware = naive.astimezone()
    else:
        aware = naive.replace(tzinfo=tz)
    return aware.astimezone(UTC)
