"""The OpenSearch engine behind the search core's protocol (`search.core.Engine`): an alias on
a cluster (`OPENSEARCH_URL`, `OPENSEARCH_INDEX`; `search.engines.opensearch.connection`)."""

from __future__ import annotations

from search.engines.base import EngineBase
from search.engines.opensearch import searcher, speaker_stats
from search.engines.opensearch.cluster import ClusterHandle
from search.engines.opensearch.connection import Settings
from search.engines.opensearch.quote_candidates import OpenSearchQuoteIndex
from search.params import NO_FILTERS, Filters


class OpenSearchEngine(EngineBase):
    name = "opensearch"
    searcher = searcher
    speaker_stats = speaker_stats

    def __init__(self, settings: Settings | None = None) -> None:
        self.handle = ClusterHandle(settings)
        self.location = self.handle.location

    def quote_index(self, filters: Filters = NO_FILTERS) -> OpenSearchQuoteIndex:
        return OpenSearchQuoteIndex(self.handle, filters)
