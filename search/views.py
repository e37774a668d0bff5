"""The read side's records, whichever engine found them, each with the one `as_json()` that the
API, the exports, the feeds, the speaker and quote JSON and the CLI all print.

Absolute links come from a `Links` builder (the web layer's, or the CLI's for the public
address), so a record never knows which host it is served from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from indexer.dates import iso_partial


class Links(Protocol):
    def passage(self, passage_id: str) -> str: ...

    def document(self, doc_id: str, anchor: str | None = None) -> str: ...

    def speaker(self, slug: str) -> str: ...

    def search(self, **params: object) -> str: ...


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True)
class Repost:
    passage_id: str
    title: str
    date: date | None

    def as_json(self) -> dict[str, Any]:
        return {"id": self.passage_id, "title": self.title, "date": iso(self.date)}


@dataclass(frozen=True)
class PassageView:
    """A passage as the pages show it, with its document's facts."""

    id: str
    doc_id: str
    position: int
    doc_passages: int
    kind: str
    speaker: str
    speaker_slug: str
    question: str | None
    asker: str | None
    text: str
    title: str
    date: date | None
    doc_kind: str
    source: str
    also_sources: list[str]
    publisher: str | None
    url: str | None
    language: str
    highlight: str = ""
    score: float | None = None
    reposts: tuple[Repost, ...] = ()

    # Neighbours by id, as ids are no longer positions (the engine stores them).
    prev_id: str | None = None
    next_id: str | None = None
    # The office or post shown beside a known speaker ("President of Russia"); for an unknown
    # speaker (no slug) `speaker` already is this role ("Remark from the audience").
    role: str | None = None
    # The outlet the asker speaks for ("Bloomberg" beside "John Micklethwait").
    asker_outlet: str | None = None
    # "day", "month" or "year": a UN speech known to the year is "1954", never a day.
    date_precision: str | None = None

    @property
    def when(self) -> str | None:
        """The date in ISO 8601 to its precision: "1954", "1954-09" or "1954-09-21"."""
        return iso_partial(self.date, self.date_precision)

    @property
    def asked_by(self) -> str | None:
        """ "John Micklethwait, Bloomberg", "Reuters", or None: who asked, as pages show it."""
        names = [n for n in (self.asker, self.asker_outlet) if n]
        return ", ".join(dict.fromkeys(names)) or None

    @property
    def anchor(self) -> str:
        """The passage's key ("bcdfghj"): an anchor that, like its id, survives re-parsing."""
        return self.id.removeprefix(f"{self.doc_id}-")

    def as_json(self, links: Links) -> dict[str, Any]:
        answer = self.kind == "answer"
        return {
            "id": self.id,
            "url": links.passage(self.id),
            "doc_id": self.doc_id,
            "position": self.position,
            "title": self.title,
            "date": self.when,
            "date_precision": self.date_precision if self.date else None,
            "speaker": self.speaker,
            "speaker_slug": self.speaker_slug or None,  # None: the source does not say who
            "role": self.role,
            "kind": self.kind,
            "question": self.question if answer else None,
            "asker": self.asker if answer else None,
            "asker_outlet": self.asker_outlet if answer else None,
            "text": self.text,
            "highlight": self.highlight or None,
            "score": self.score,
            "language": self.language,
            "publisher": self.publisher,
            "source": self.source,
            "source_url": self.url,
            "also_sources": list(self.also_sources),
            "also_published_in": [r.as_json() for r in self.reposts],
            "document_url": links.document(self.doc_id, self.anchor),
            "prev": self.prev_id,
            "next": self.next_id,
        }


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int

    def as_json(self) -> dict[str, Any]:
        return {"value": self.value, "label": self.label, "count": self.count}


@dataclass(frozen=True)
class SearchPage:
    query: str
    total: int
    page: int
    per_page: int
    hits: list[PassageView]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None
    # A speaker filter that names nobody in the index → the nearest speakers who are.
    speaker_suggestions: dict[str, list[str]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def as_json(self, links: Links) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "results": [hit.as_json(links) for hit in self.hits],
            "facets": {name: [f.as_json() for f in values] for name, values in self.facets.items()},
            "suggestion": self.suggestion,
            "suggestions": {"speaker": self.speaker_suggestions},
        }


@dataclass(frozen=True)
class DocumentView:
    id: str
    title: str
    date: date | None
    kind: str
    source: str
    publisher: str | None
    url: str | None
    passages: list[PassageView]
    date_precision: str | None = None
    language: str = "en"

    @classmethod
    def of(cls, doc_id: str, passages: list[PassageView]) -> DocumentView | None:
        """The document of these passages, in order: each carries the document's own fields.
        None for no passages (no such document)."""
        if not passages:
            return None
        first = passages[0]
        return cls(
            doc_id,
            first.title,
            first.date,
            first.doc_kind,
            first.source,
            first.publisher,
            first.url,
            passages,
            first.date_precision,
            first.language,
        )

    @property
    def when(self) -> str | None:
        return iso_partial(self.date, self.date_precision)


@dataclass(frozen=True)
class SpeakerCount:
    name: str
    slug: str
    passages: int
    roles: tuple[str, ...]

    def as_json(self, links: Links) -> dict[str, Any]:
        return {
            "name": self.name,
            "slug": self.slug,
            "url": links.speaker(self.slug),
            "passages": self.passages,
            "roles": list(self.roles),
        }


@dataclass(frozen=True)
class MonthCount:
    month: str  # "2021-08"
    count: int

    def as_json(self) -> dict[str, Any]:
        return {"month": self.month, "count": self.count}


@dataclass(frozen=True)
class Timeline:
    """Passages by month over the speaker's whole span, empty months included."""

    months: list[MonthCount]
    undated: int
    total: int


@dataclass(frozen=True)
class SpeakerProfile:
    name: str
    slug: str
    roles: tuple[str, ...]
    passages: int  # distinct texts: reposts of one answer count once
    first_date: date | None
    last_date: date | None
    top_terms: tuple[str, ...]
    timeline: Timeline


@dataclass(frozen=True)
class SpeakerReport:
    """One speaker, and what they said about a query (or their telling passages without one)."""

    profile: SpeakerProfile
    query: str
    timeline: Timeline
    quotes: SearchPage

    def as_json(self, links: Links) -> dict[str, Any]:
        profile = self.profile
        return {
            "name": profile.name,
            "slug": profile.slug,
            "url": links.speaker(profile.slug),
            "roles": list(profile.roles),
            "passages": profile.passages,
            "first_date": iso(profile.first_date),
            "last_date": iso(profile.last_date),
            "top_terms": list(profile.top_terms),
            "query": self.query,
            "matching": self.timeline.total,
            "by_month": [m.as_json() for m in self.timeline.months],
            "undated": self.timeline.undated,
            "quotes": [hit.as_json(links) for hit in self.quotes.hits],
        }
