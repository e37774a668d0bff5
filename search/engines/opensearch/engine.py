"""The OpenSearch engine behind the search core's protocol (`search.core.Engine`): an alias on
a cluster (`OPENSEARCH_URL`, `OPENSEARCH_INDEX`; `search.engines.opensearch.connection`)."""

from __future__ import annotations

from search.engines.opensearch import searcher, speaker_stats
from search.engines.opensearch.cluster import ClusterHandle
from search.engines.opensearch.connection import Settings
from search.engines.opensearch.quote_candidates import OpenSearchQuoteIndex
from search.errors import NotFound
from search.params import EXPORT_CAP, NO_FILTERS, Filters
from search.views import (
    DocumentView,
    PassageView,
    SearchPage,
    SpeakerCount,
    SpeakerProfile,
    Timeline,
)


class OpenSearchEngine:
    name = "opensearch"

    def __init__(self, settings: Settings | None = None) -> None:
        self.handle = ClusterHandle(settings)
        self.location = self.handle.location

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
        return searcher.search(self.handle, text, filters, page, per_page, sort)

    def export(
        self,
        text: str,
        filters: Filters = NO_FILTERS,
        sort: str = "relevance",
        cap: int = EXPORT_CAP,
    ) -> list[PassageView]:
        return searcher.export(self.handle, text, filters, sort, cap)

    def get_passage(self, passage_id: str) -> PassageView:
        view = searcher.get_passage(self.handle, passage_id)
        if view is None:
            raise NotFound(f"There is no passage with the id “{passage_id}”.")
        return view

    def get_document(self, doc_id: str) -> DocumentView:
        doc = searcher.get_document(self.handle, doc_id)
        if doc is None:
            raise NotFound(f"There is no document with the id “{doc_id}”.")
        return doc

    def more_like(self, passage_id: str, limit: int = 10) -> list[PassageView]:
        found = searcher.more_like(self.handle, passage_id, limit)
        if found is None:
            raise NotFound(f"There is no passage with the id “{passage_id}”.")
        return found

    def speakers(self) -> list[SpeakerCount]:
        return searcher.speakers(self.handle)

    def count_months(self, text: str, filters: Filters = NO_FILTERS) -> tuple[dict[str, int], int]:
        return speaker_stats.count_months(self.handle, text, filters)

    def speaker_profile(self, slug: str) -> SpeakerProfile:
        profile = speaker_stats.speaker_profile(self.handle, slug)
        if profile is None:
            raise NotFound(f"Nobody called “{slug}” speaks in these transcripts.")
        return profile

    def timeline_about(self, profile: SpeakerProfile, text: str) -> Timeline:
        return speaker_stats.timeline_about(self.handle, profile, text)

    def representative_quotes(
        self, profile: SpeakerProfile, text: str = "", limit: int = 6
    ) -> SearchPage:
        return speaker_stats.representative_quotes(self.handle, profile, text, limit)

    def quote_index(self, filters: Filters = NO_FILTERS) -> OpenSearchQuoteIndex:
        return OpenSearchQuoteIndex(self.handle, filters)
