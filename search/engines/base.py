"""What every engine answers the same way: the protocol (`search.core.Engine`) over an engine's
own two modules — a searcher (search, export, get_passage, get_document, more_like, speakers)
and speaker statistics (speaker_profile, count_months), each function taking the engine's
handle first — with `NotFound` for an unknown id, a speaker's timeline about a query, and their
most telling passages, which are the same questions to either engine."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from search.errors import NotFound
from search.params import EXPORT_CAP, NO_FILTERS, Filters
from search.views import (
    DocumentView,
    MonthCount,
    PassageView,
    SearchPage,
    SpeakerCount,
    SpeakerProfile,
    Timeline,
)

# A speaker's telling passages are those densest in this many of their top terms.
DENSITY_TERMS = 8


class EngineBase:
    """An engine sets `name`, `location`, `handle` (with `pin`/`unpin`), `searcher` and
    `speaker_stats`, and answers `quote_index`."""

    name: str
    location: str
    handle: Any
    searcher: ModuleType
    speaker_stats: ModuleType

    def pin(self) -> None:
        self.handle.pin()

    def unpin(self) -> None:
        self.handle.unpin()

    def search(
        self,
        text: str,
        filters: Filters = NO_FILTERS,
        page: int = 1,
        per_page: int = 10,
        sort: str = "relevance",
    ) -> SearchPage:
        return self.searcher.search(self.handle, text, filters, page, per_page, sort)

    def export(
        self,
        text: str,
        filters: Filters = NO_FILTERS,
        sort: str = "relevance",
        cap: int = EXPORT_CAP,
    ) -> list[PassageView]:
        return self.searcher.export(self.handle, text, filters, sort, cap)

    def get_passage(self, passage_id: str) -> PassageView:
        view = self.searcher.get_passage(self.handle, passage_id)
        if view is None:
            raise NotFound(f"There is no passage with the id “{passage_id}”.")
        return view

    def get_document(self, doc_id: str) -> DocumentView:
        doc = self.searcher.get_document(self.handle, doc_id)
        if doc is None:
            raise NotFound(f"There is no document with the id “{doc_id}”.")
        return doc

    def more_like(self, passage_id: str, limit: int = 10) -> list[PassageView]:
        found = self.searcher.more_like(self.handle, passage_id, limit)
        if found is None:
            raise NotFound(f"There is no passage with the id “{passage_id}”.")
        return found

    def speakers(self) -> list[SpeakerCount]:
        return self.searcher.speakers(self.handle)

    def count_months(self, text: str, filters: Filters = NO_FILTERS) -> tuple[dict[str, int], int]:
        return self.speaker_stats.count_months(self.handle, text, filters)

    def speaker_profile(self, slug: str) -> SpeakerProfile:
        profile = self.speaker_stats.speaker_profile(self.handle, slug)
        if profile is None:
            raise NotFound(f"Nobody called “{slug}” speaks in these transcripts.")
        return profile

    def timeline_about(self, profile: SpeakerProfile, text: str) -> Timeline:
        """The speaker's passages matching `text`, by month over their whole span.

        Raises QueryError for a query that cannot be read."""
        counts, undated = self.count_months(text, Filters(speakers=(profile.slug,)))
        months = [MonthCount(m.month, counts.get(m.month, 0)) for m in profile.timeline.months]
        return Timeline(months, undated, sum(counts.values()) + undated)

    def representative_quotes(
        self, profile: SpeakerProfile, text: str = "", limit: int = 6
    ) -> SearchPage:
        """The speaker's best passages for `text`; without it, those densest in their top terms:
        the terms as one OR query over what the speaker said (not the questions put to them),
        which BM25 ranks by how many of those words a passage uses, and how often for its
        length, and the search core highlights. Few terms keep the query cheap.

        Raises QueryError for a query that cannot be read."""
        if not text.strip():
            terms = [t for t in profile.top_terms if "-" not in t][:DENSITY_TERMS]
            text = f"text:({' OR '.join(terms)})" if terms else ""
        return self.search(text, Filters(speakers=(profile.slug,)), per_page=limit)
