"""Per-passage facts read once per index build: what facets and date filters need.

Whoosh's own `groupedby` reads a column for every match and turns off top-N skipping, and a
date range over a date field expands into thousands of terms. Reading the columns into lists
when a searcher opens makes a facet count a walk over the matching docnums, and a date range two
binary searches over passages sorted by date.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date

from whoosh.searching import Searcher

from search.engines.fields import day_number
from search.engines.records import FACET_FIELDS

_READ = (*FACET_FIELDS, "day", "text_hash")


@dataclass(frozen=True)
class Columns:
    values: dict[str, list]  # field → value per docnum
    labels: dict[str, dict[str, str]]  # field → value → name as shown
    live: frozenset[int]  # docnums not deleted
    by_day: list[int]  # live, dated docnums in date order
    days: list[int]  # their dates as YYYYMMDD, ascending
    repeated: frozenset[str]  # text hashes of passages published in more than one document

    def undated(self) -> set[int]:
        return set(self.live.difference(self.by_day))

    def in_date_range(self, start: date | None, end: date | None) -> set[int]:
        low = bisect_left(self.days, day_number(start)) if start else 0
        high = bisect_right(self.days, day_number(end)) if end else len(self.days)
        return set(self.by_day[low:high])

    def count(self, field: str, docnums) -> Counter:
        column = self.values[field]
        return Counter(column[d] for d in docnums)

    def one_per_text(self, docnums) -> list[int]:
        """The docnums with reposts of the same text left out: the first of each is kept."""
        hashes = self.values["text_hash"]
        first: dict[str, int] = {}
        for d in sorted(docnums):
            first.setdefault(hashes[d], d)
        return list(first.values())


def day_from_number(day: int) -> date:
    return date(day // 10000, day // 100 % 100, day % 100)


def month_of(day: int) -> str:
    """The month of a day number, written "YYYY-MM"."""
    return f"{day // 10000:04d}-{day // 100 % 100:02d}"


def _compact(column) -> list:
    """A column as a list whose equal values are one object: 200k slugs cost one each."""
    shared: dict = {}
    return [shared.setdefault(value, value) for value in column]


def load_columns(searcher: Searcher) -> Columns:
    reader = searcher.reader()
    values = {name: _compact(reader.column_reader(name)) for name in _READ}
    live = frozenset(reader.all_doc_ids())
    dated = sorted((d for d in live if values["day"][d]), key=lambda d: values["day"][d])
    labels: dict[str, dict[str, str]] = {"speaker": {}, "site": {}}
    stored = {"speaker": "speaker_name", "site": "publisher"}
    for field, stored_name in stored.items():
        seen = labels[field]
        for docnum in live:
            value = values[field][docnum]
            if value not in seen:
                seen[value] = searcher.stored_fields(docnum).get(stored_name) or value
    return Columns(
        values=values,
        labels=labels,
        live=live,
        by_day=dated,
        days=[values["day"][d] for d in dated],
        repeated=frozenset(
            h for h, n in Counter(values["text_hash"][d] for d in live).items() if n > 1
        ),
    )
