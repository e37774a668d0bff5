"""Dates as transcripts write them: 26 September 2021, August 4, 2021, 04.08.2021, 2021-08-04."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    name: number
    for names in (
        "january february march april may june july august september october november december",
        # Russian, in the genitive that dates use ("4 августа 2021").
        "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    )
    for number, name in enumerate(names.split(), start=1)
}
_ABBREVIATIONS = {name[:3]: number for name, number in _MONTHS.items() if name.isascii()}
_ABBREVIATIONS["sept"] = 9

_MONTH = r"(?P<month>[A-Za-zА-Яа-яё]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"

_PATTERNS = [
    re.compile(rf"\b{_YEAR}-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})\b"),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\b"),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
]


def _month_number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    word = word.lower()
    return _MONTHS.get(word) or _ABBREVIATIONS.get(word)


def find_dates(text: str) -> list[tuple[date, int, int]]:
    """Every valid date written in `text`, with its span, in the order they appear."""
    found: list[tuple[date, int, int]] = []
    taken: list[range] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() in span for span in taken):
                continue
            month = _month_number(match.group("month"))
            if month is None:
                continue
            try:
                value = date(int(match.group("year")), month, int(match.group("day")))
            except ValueError:
                continue
            found.append((value, match.start(), match.end()))
            taken.append(range(match.start(), match.end()))
    return sorted(found, key=lambda item: item[1])


def find_date(text: str) -> date | None:
    """The first date written in `text`, or None."""
    dates = find_dates(text)
    return dates[0][0] if dates else None


# How precise a date is. A date known to the year is stored as the first day of that year and
# shown, filtered and faceted as the year alone ("1954"); known to the month, as its first day
# and shown as "1954-09". Never an invented day.
DAY = "day"
MONTH = "month"
YEAR = "year"
PRECISIONS = (DAY, MONTH, YEAR)


def partial_date(year: int, month: int | None = None) -> tuple[date, str]:
    """A date known only to the year (or the month), with its precision."""
    return (date(year, month, 1), MONTH) if month else (date(year, 1, 1), YEAR)


def iso_partial(value: date | None, precision: str | None = DAY) -> str | None:
    """ "1954", "1954-09" or "1954-09-21": ISO 8601 to the precision the date is known to."""
    if value is None:
        return None
    if precision == YEAR:
        return f"{value.year:04d}"
    if precision == MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def parse_date(text: str) -> date | None:
    """`text` read as a date if it is one and nothing else (surrounding spaces aside)."""
    text = text.strip().rstrip(".")
    for value, start, end in find_dates(text):
        if start == 0 and end == len(text):
            return value
    return None
