"""Offices and their holders by date: "THE PRESIDENT" on 2023-10-18 is Joe Biden.

The data file (`indexer/data/offices.toml`) holds each office's labels and terms. A label that
names an office anywhere ("President of Russia", "Президент России") or only on its publishers'
pages ("THE PRESIDENT" on a White House page) resolves to whoever held the office on the
document's date; a date outside every term, an undated page, or an office held by several people
at once that the page does not settle resolves to nobody: the office stays the role shown and
the person unknown.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from indexer.names import edit_distance

OFFICES_FILE = Path(__file__).parent / "data" / "offices.toml"


def office_key(label: str) -> str:
    """ "THE PRESIDENT:" → "president": case, "the", notes and punctuation do not matter."""
    label = re.sub(r"\([^)]*\)", " ", label)
    words = re.findall(r"[^\W_]+", label.casefold())
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class Term:
    holder: str
    start: date | None
    until: date | None  # the day the next holder took office

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (
            self.until is None or day < self.until
        )


@dataclass(frozen=True)
class Office:
    name: str
    labels: tuple[str, ...]
    local: tuple[str, ...]
    publishers: tuple[str, ...]
    terms: tuple[Term, ...]
    # Held by several people at once: only a holder the document names is ever chosen.
    concurrent: bool = False

    def holders_on(self, day: date | None) -> list[str]:
        if day is None:
            return []
        return list(dict.fromkeys(t.holder for t in self.terms if t.covers(day)))

    def holder_on(self, day: date | None, named: Iterable[str] = ()) -> str | None:
        """The one holder that day; of several at once, the one the document names, if one."""
        holders = self.holders_on(day)
        if len(holders) > 1 or self.concurrent:
            holders = [h for h in holders if h in set(named)]
        return holders[0] if len(holders) == 1 else None


@dataclass(frozen=True)
class OfficeRegistry:
    offices: tuple[Office, ...]

    @classmethod
    def from_file(cls, path: Path) -> OfficeRegistry:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        offices = []
        for record in data.get("office", []):
            terms = tuple(
                Term(t["holder"], _as_date(t.get("from")), _as_date(t.get("until")))
                for t in record.get("term", [])
            )
            offices.append(
                Office(
                    name=record["name"],
                    labels=(record["name"], *record.get("labels", ())),
                    local=tuple(record.get("local", ())),
                    publishers=tuple(record.get("publishers", ())),
                    terms=terms,
                    concurrent=bool(record.get("concurrent", False)),
                )
            )
        return cls(tuple(offices))

    def named_by(self, label: str, publisher: str | None) -> Office | None:
        """The office a whole label names, on a page of `publisher`."""
        key = office_key(label)
        if not key:
            return None
        for office in self.offices:
            if key in {office_key(lab) for lab in office.labels}:
                return office
        for office in self.offices:
            if publisher in office.publishers and key in {office_key(x) for x in office.local}:
                return office
        if len(key) >= 8:
            # "THE PRESIDNET": one typo in a long label still names the office.
            for office in self.offices:
                local = office.local if publisher in office.publishers else ()
                if any(edit_distance(key, office_key(x)) <= 1 for x in (*office.labels, *local)):
                    return office
        return None

    def offices_of(self, person: str) -> list[Office]:
        return [o for o in self.offices if any(t.holder == person for t in o.terms)]


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    return None


@cache
def default_offices() -> OfficeRegistry:
    return OfficeRegistry.from_file(OFFICES_FILE)
