"""Months as the speaker pages and comparisons count them ("2021-08")."""

from __future__ import annotations

import calendar
from datetime import date


def months_between(first: date, last: date) -> list[str]:
    """Every month from the first date's to the last date's, both included."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_bounds(month: str) -> tuple[date, date]:
    """The first and last day of a month written "YYYY-MM"."""
    year, number = int(month[:4]), int(month[5:7])
    return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])
