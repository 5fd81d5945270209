"""Dates as precise as their sources: a year, a month or a day, never more."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from babel.dates import format_date

_PATTERN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


class Precision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Order by start of the period; a less precise date sorts before a day in it."""
        return (self.year, self.month or 0, self.day or 0)

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)


@lru_cache(maxsize=4096)  # a date is immutable, and a site repeats the same few hundred (2,000 parses at N = 1000)
def parse_partial_date(text: str) -> PartialDate:
    """``"2024"``, ``"2024-07"`` or ``"2024-07-15"`` → :class:`PartialDate`; ``ValueError`` otherwise."""
    match = _PATTERN.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{text!r} is not a date: there is no month {month}")
    if day is not None:
        try:
            dt.date(year, month or 1, day)
        except ValueError:
            raise ValueError(f"{text!r} is not a date: there is no such day") from None
    return PartialDate(year, month, day)


# How each precision is written in each language. Babel supplies the month names.
_FORMATS = {
    ("vi", Precision.DAY): "d/M/y",
    ("vi", Precision.MONTH): "'tháng' M/y",
    ("vi", Precision.YEAR): "y",
    ("en", Precision.DAY): "d MMMM y",
    ("en", Precision.MONTH): "MMMM y",
    ("en", Precision.YEAR): "y",
}


@lru_cache(maxsize=4096)  # Babel takes ~60 µs a call; a site repeats the same few hundred dates
def format_partial_date(date: PartialDate, lang: str) -> str:
    """The date in ``lang``, showing exactly its precision ("tháng 7/2024", "July 2024")."""
    return format_date(date.first_day(), _FORMATS[(lang, date.precision)], locale=lang)
