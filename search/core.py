"""The search core: one protocol that every page, API call and CLI command asks, whichever
engine answers it (Whoosh embedded, by default; OpenSearch when one machine is outgrown).

`open_engine()` picks the engine from the environment:
- `VERBATIM_ENGINE` = `whoosh` (default) or `opensearch`;
- `INDEX_DIR` (Whoosh: the index folder, default `var/index`);
- OpenSearch: `OPENSEARCH_URL`, `OPENSEARCH_INDEX` and the rest in
  `search/engines/opensearch/connection.py`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from indexer.build import IndexTarget
from search.params import EXPORT_CAP, NO_FILTERS, Filters
from search.views import (
    DocumentView,
    PassageView,
    SearchPage,
    SpeakerCount,
    SpeakerProfile,
    Timeline,
)

if TYPE_CHECKING:
    from search.quotes.candidates import QuoteIndex

DEFAULT_INDEX_DIR = "var/index"
ENGINES = ("whoosh", "opensearch")


class Engine(Protocol):
    """What the read side asks of an index. Methods raise `search.errors` exceptions only:
    `QueryError` for a request that cannot be answered as asked, `NotFound` for an unknown id,
    `Unavailable` when the index or the cluster cannot answer."""

    name: str
    # What a user is told they searched: a folder, or a cluster's address and index.
    location: str

    def pin(self) -> None:
        """Answer every call until `unpin` from one state of the index (one web request)."""

    def unpin(self) -> None: ...

    def search(
        self,
        text: str,
        filters: Filters = NO_FILTERS,
        page: int = 1,
        per_page: int = 10,
        sort: str = "relevance",
    ) -> SearchPage: ...

    def export(
        self,
        text: str,
        filters: Filters = NO_FILTERS,
        sort: str = "relevance",
        cap: int = EXPORT_CAP,
    ) -> list[PassageView]: ...

    def get_passage(self, passage_id: str) -> PassageView: ...

    def get_document(self, doc_id: str) -> DocumentView: ...

    def more_like(self, passage_id: str, limit: int = 10) -> list[PassageView]: ...

    def speakers(self) -> list[SpeakerCount]: ...

    def count_months(self, text: str, filters: Filters = NO_FILTERS) -> tuple[dict[str, int], int]:
        """The passages `search` counts in its total, by month ("YYYY-MM" → count, months of
        none left out), and how many of them are undated."""

    def speaker_profile(self, slug: str) -> SpeakerProfile:
        """Counts, dates and telling words of one speaker; `NotFound` for an unknown slug."""

    def timeline_about(self, profile: SpeakerProfile, text: str) -> Timeline:
        """The speaker's passages matching `text`, by month over their whole span."""

    def representative_quotes(
        self, profile: SpeakerProfile, text: str = "", limit: int = 6
    ) -> SearchPage:
        """Their best passages for `text`; without it, those densest in their telling words."""

    def quote_index(self, filters: Filters = NO_FILTERS) -> QuoteIndex:
        """What the quote finder asks (`search.quotes.candidates`), of one state of the index,
        offering only the passages the filters allow."""


def _chosen(name: str | None, index_dir: str | Path | None) -> tuple[str, Path]:
    name = name or os.environ.get("VERBATIM_ENGINE", "whoosh")
    if name not in ENGINES:
        raise ValueError(f"VERBATIM_ENGINE must be one of {', '.join(ENGINES)}, not {name!r}")
    return name, Path(index_dir or os.environ.get("INDEX_DIR", DEFAULT_INDEX_DIR))


def open_target(name: str | None = None, index_dir: str | Path | None = None) -> IndexTarget:
    """Where `verbatim index` writes, for the same engine `open_engine` reads."""
    name, folder = _chosen(name, index_dir)
    if name == "whoosh":
        from search.engines.whoosh.writer import WhooshTarget

        return WhooshTarget(folder)
    from search.engines.opensearch.writer import OpenSearchTarget

    return OpenSearchTarget()


def open_engine(name: str | None = None, index_dir: str | Path | None = None) -> Engine:
    """The engine the environment asks for; nothing is read until the first question."""
    name, folder = _chosen(name, index_dir)
    if name == "whoosh":
        from search.engines.whoosh.engine import WhooshEngine

        return WhooshEngine(folder)
    from search.engines.opensearch.engine import OpenSearchEngine

    return OpenSearchEngine()
