"""The Whoosh engine behind the search core's protocol (`search.core.Engine`)."""

from __future__ import annotations

from pathlib import Path

from search.engines.base import EngineBase
from search.engines.whoosh import searcher, speaker_stats
from search.engines.whoosh.quote_candidates import WhooshQuoteIndex
from search.engines.whoosh.searcher import IndexHandle
from search.params import NO_FILTERS, Filters
from search.views import SearchPage, SpeakerProfile


class WhooshEngine(EngineBase):
    name = "whoosh"
    searcher = searcher
    speaker_stats = speaker_stats

    def __init__(self, index_dir: Path) -> None:
        self.location = str(index_dir)
        self.handle = IndexHandle(index_dir)

    def representative_quotes(
        self, profile: SpeakerProfile, text: str = "", limit: int = 6
    ) -> SearchPage:
        if text.strip():
            return super().representative_quotes(profile, text, limit)
        # Without a query, the same for every visit until the next build.
        return self.handle.cached(
            f"speaker-quotes:{profile.slug}:{limit}",
            lambda _: EngineBase.representative_quotes(self, profile, "", limit),
        )

    def quote_index(self, filters: Filters = NO_FILTERS) -> WhooshQuoteIndex:
        return WhooshQuoteIndex(self.handle, filters)
