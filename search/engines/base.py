"""What every engine answers the same way: the protocol (`search.core.Engine`) over an engine's
own two modules — a searcher (search, export, get_passage, get_document, more_like, speakers)
and speaker statistics (speaker_profile, count_months), each function taking the engine's
handle first — with `NotFound` for an unknown id, a speaker's timeline about a query, and their
most telling passages, which are the same questions to either engine."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any, TypeVar

from search.errors import NotFound
from search.params import Filters
from search.views import (
    DocumentView,
    MonthCount,
    PassageView,
    SearchPage,
    SpeakerProfile,
    Timeline,
)

T = TypeVar("T")

# A speaker's telling passages are those densest in this many of their top terms.
DENSITY_TERMS = 8


def _asks(module: str, function: str) -> Callable[..., Any]:
    """A method asking `function` of the engine's own `module` with its handle first: the
    signature is the protocol's (`search.core.Engine`), stated there once."""

    def method(self: EngineBase, *args: Any, **kwargs: Any) -> Any:
        return getattr(getattr(self, module), function)(self.handle, *args, **kwargs)

    method.__name__ = method.__qualname__ = function
    method.__doc__ = f"`{module}.{function}` of this engine's index; see `search.core.Engine`."
    return method


def _found(answer: T | None, missing: str) -> T:
    """The engines' modules answer None for an unknown id; the protocol raises NotFound."""
    if answer is None:
        raise NotFound(missing)
    return answer


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

    # The protocol's questions the engine's modules answer as asked, of its handle.
    search = _asks("searcher", "search")
    export = _asks("searcher", "export")
    speakers = _asks("searcher", "speakers")
    count_months = _asks("speaker_stats", "count_months")

    def get_passage(self, passage_id: str) -> PassageView:
        view = self.searcher.get_passage(self.handle, passage_id)
        return _found(view, f"There is no passage with the id “{passage_id}”.")

    def get_document(self, doc_id: str) -> DocumentView:
        doc = self.searcher.get_document(self.handle, doc_id)
        return _found(doc, f"There is no document with the id “{doc_id}”.")

    def more_like(self, passage_id: str, limit: int = 10) -> list[PassageView]:
        found = self.searcher.more_like(self.handle, passage_id, limit)
        return _found(found, f"There is no passage with the id “{passage_id}”.")

    def speaker_profile(self, slug: str) -> SpeakerProfile:
        profile = self.speaker_stats.speaker_profile(self.handle, slug)
        return _found(profile, f"Nobody called “{slug}” speaks in these transcripts.")

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
