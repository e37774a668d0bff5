"""The Whoosh engine behind the search core's protocol (`search.core.Engine`)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from search.engines.whoosh import searcher, speaker_stats
from search.engines.whoosh.quote_candidates import WhooshQuoteIndex
from search.engines.whoosh.searcher import IndexHandle
from search.errors import NotFound
from search.params import NO_FILTERS, Filters
from search.views import (
    DocumentView,
    PassageView,
    SpeakerProfile,
)

T = TypeVar("T")


def _of_handle(function: Callable) -> Callable:
    """A method asking `function` of the engine's index handle: its signature is the
    protocol's (`search.core.Engine`), stated there once."""

    @functools.wraps(function)
    def method(self: WhooshEngine, *args, **kwargs):
        return function(self.handle, *args, **kwargs)

    return method


def _found(answer: T | None, missing: str) -> T:
    """The Whoosh modules answer None for an unknown id; the protocol raises NotFound."""
    if answer is None:
        raise NotFound(missing)
    return answer


class WhooshEngine:
    name = "whoosh"

    def __init__(self, index_dir: Path) -> None:
        self.location = str(index_dir)
        self.handle = IndexHandle(index_dir)

    def pin(self) -> None:
        self.handle.pin()

    def unpin(self) -> None:
        self.handle.unpin()

    # The protocol's questions that the Whoosh modules answer as asked, of this index.
    search = _of_handle(searcher.search)
    export = _of_handle(searcher.export)
    speakers = _of_handle(searcher.speakers)
    count_months = _of_handle(speaker_stats.count_months)
    timeline_about = _of_handle(speaker_stats.timeline_about)
    representative_quotes = _of_handle(speaker_stats.representative_quotes)

    def get_passage(self, passage_id: str) -> PassageView:
        view = searcher.get_passage(self.handle, passage_id)
        return _found(view, f"There is no passage with the id “{passage_id}”.")

    def get_document(self, doc_id: str) -> DocumentView:
        doc = searcher.get_document(self.handle, doc_id)
        return _found(doc, f"There is no document with the id “{doc_id}”.")

    def more_like(self, passage_id: str, limit: int = 10) -> list[PassageView]:
        found = searcher.more_like(self.handle, passage_id, limit)
        return _found(found, f"There is no passage with the id “{passage_id}”.")

    def speaker_profile(self, slug: str) -> SpeakerProfile:
        profile = speaker_stats.speaker_profile(self.handle, slug)
        return _found(profile, f"Nobody called “{slug}” speaks in these transcripts.")

    def quote_index(self, filters: Filters = NO_FILTERS) -> WhooshQuoteIndex:
        return WhooshQuoteIndex(self.handle, filters)
