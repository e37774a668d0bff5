"""Speakers compared on one topic: how often each spoke of it month by month, as a count and as a
share of everything they said that month, and the passages that say it best.

The share is what makes a comparison fair: a spokesperson with thirty briefings a month mentions
anything more often than a minister with two interviews, so each month's count is divided by all
the speaker's passages that month under the same filters (kind, dates, site, language, asker).
A month in which a speaker said nothing at all has no share, not a share of zero.

Everything is asked of the search core (`Engine.count_months`, `Engine.search`), so the counts
are the totals a search for that speaker, topic and month finds, whichever engine answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from search.core import Engine
from search.errors import QueryError
from search.months import months_between
from search.params import NO_FILTERS, Filters, speaker_slug
from search.views import Links, PassageView, SpeakerCount

MAX_SPEAKERS = 6
QUOTES = 3


@dataclass(frozen=True)
class MonthShare:
    month: str  # "2021-08"
    count: int  # the speaker's passages on the topic that month
    passages: int  # all their passages that month

    @property
    def share(self) -> float | None:
        return self.count / self.passages if self.passages else None

    def as_json(self) -> dict[str, Any]:
        share = self.share
        return {
            "month": self.month,
            "count": self.count,
            "passages": self.passages,
            "share": round(share, 4) if share is not None else None,
        }


@dataclass(frozen=True)
class SpeakerSeries:
    """One speaker's side of a comparison."""

    name: str
    slug: str
    matching: int  # passages on the topic, dated or not
    passages: int  # all their passages under the filters
    months: list[MonthShare]
    undated: int  # passages on the topic with no date, in no month
    quotes: list[PassageView]

    @property
    def share(self) -> float | None:
        return self.matching / self.passages if self.passages else None


@dataclass(frozen=True)
class Comparison:
    query: str
    filters: Filters  # the filters every speaker was counted under (no speaker among them)
    months: list[str]  # every month from the first to the last any of them has a passage in
    speakers: list[SpeakerSeries]

    def search_params(self, slug: str) -> dict[str, Any]:
        """The search page's parameters for one speaker on this topic under these filters."""
        return {"q": self.query, **self.filters.as_params(), "speaker": slug}

    def as_json(self, links: Links) -> dict[str, Any]:
        return {
            "query": self.query,
            "filters": {name: value for name, value in self.filters.as_params().items()},
            "months": self.months,
            "speakers": [
                {
                    "name": s.name,
                    "slug": s.slug,
                    "url": links.speaker(s.slug),
                    "search_url": links.search(**self.search_params(s.slug)),
                    "passages": s.passages,
                    "matching": s.matching,
                    "share": round(s.share, 4) if s.share is not None else None,
                    "undated": s.undated,
                    "by_month": [m.as_json() for m in s.months],
                    "quotes": [hit.as_json(links) for hit in s.quotes],
                }
                for s in self.speakers
            ],
        }


def resolve_speakers(known: Sequence[SpeakerCount], asked: Sequence[str]) -> list[SpeakerCount]:
    """The speakers named by slug or by any name the registry knows, once each, in order.

    Raises QueryError naming every one that is unknown, or when there are none or too many.
    """
    asked = list(dict.fromkeys(a.strip() for a in asked if a.strip()))
    if len(asked) > MAX_SPEAKERS:
        raise QueryError(
            f"at most {MAX_SPEAKERS} speakers can be compared at once, not {len(asked)}"
        )
    by_slug = {s.slug: s for s in known}
    found: list[SpeakerCount] = []
    unknown = []
    for raw in asked:
        slug = raw if raw in by_slug else speaker_slug(raw)
        if slug not in by_slug:
            unknown.append(raw)
        elif by_slug[slug] not in found:
            found.append(by_slug[slug])
    if unknown:
        names = ", ".join(f"“{u}”" for u in unknown)
        raise QueryError(f"nobody called {names} speaks in these transcripts")
    if not found:
        raise QueryError("name at least one speaker to compare")
    return found


def _span(monthly: Sequence[dict[str, int]]) -> list[str]:
    months = [m for counts in monthly for m in counts]
    if not months:
        return []
    first, last = min(months), max(months)
    return months_between(date.fromisoformat(f"{first}-01"), date.fromisoformat(f"{last}-01"))


def compare(
    engine: Engine,
    text: str,
    speakers: Sequence[str],
    filters: Filters = NO_FILTERS,
    quotes: int = QUOTES,
) -> Comparison:
    """How each speaker spoke of `text` under `filters` (whose own speakers are ignored).

    Raises QueryError for a query that cannot be read, an unknown speaker, or none or too many.
    """
    text = text.strip()
    if not text:
        raise QueryError("give a topic to compare the speakers on")
    chosen = resolve_speakers(engine.speakers(), speakers)
    filters = replace(filters, speakers=())
    scoped = [replace(filters, speakers=(s.slug,)) for s in chosen]
    on_topic = [engine.count_months(text, f) for f in scoped]
    everything = [engine.count_months("", f) for f in scoped]
    span = _span([counts for counts, _ in everything])
    series = []
    for who, scope, (counts, undated), (all_counts, all_undated) in zip(
        chosen, scoped, on_topic, everything, strict=True
    ):
        months = [MonthShare(m, counts.get(m, 0), all_counts.get(m, 0)) for m in span]
        best = engine.search(text, scope, per_page=quotes).hits if counts or undated else []
        series.append(
            SpeakerSeries(
                name=who.name,
                slug=who.slug,
                matching=sum(counts.values()) + undated,
                passages=sum(all_counts.values()) + all_undated,
                months=months,
                undated=undated,
                quotes=best,
            )
        )
    return Comparison(text, filters, span, series)
