"""The things timed in process: Verbatim's search core on Whoosh and on OpenSearch, bare Whoosh,
SQLite FTS5.

Each engine answers `run(query)` for any query class, or says in `unsupported(cls)` why it
cannot. The search core does its whole page for every class (total, highlights, facets,
reposts), as the web page does, whichever engine is under it; the quote class goes to the quote
finder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from bench.baselines import BareWhoosh, Fts5
from bench.queries import Query
from search.core import Engine as CoreEngine
from search.params import Filters
from search.quotes.finder import find_quote

ENGINES = ("app", "os", "bare", "fts5")


class Engine(Protocol):
    def run(self, q: Query) -> object: ...

    def unsupported(self, cls: str) -> str | None: ...

    def close(self) -> None: ...


class CoreRunner:
    """The search core (`search.core.Engine`), asked as one web request asks it: pinned to one
    state of the index for the request, the whole page or the quote finder."""

    def __init__(self, engine: CoreEngine) -> None:
        self.engine = engine

    def unsupported(self, cls: str) -> str | None:
        return None

    def run(self, q: Query) -> object:
        self.engine.pin()
        try:
            return self.page(q) if q.cls != "quote" else find_quote(self.engine, q.quote, limit=10)
        finally:
            self.engine.unpin()

    def page(self, q: Query):
        filters = Filters(
            speakers=(q.speaker_name,) if q.speaker_name else (),
            date_from=q.date_from,
            date_to=q.date_to,
        )
        return self.engine.search(q.app_text(), filters, page=q.page)

    def close(self) -> None:
        pass


def whoosh_core(index_dir: Path) -> CoreRunner:
    from search.engines.whoosh.engine import WhooshEngine

    engine = WhooshEngine(index_dir)
    engine.handle.searcher()
    engine.handle.columns()
    return CoreRunner(engine)


def opensearch_core(urls: list[str], alias: str) -> CoreRunner:
    from search.engines.opensearch.connection import Settings
    from search.engines.opensearch.engine import OpenSearchEngine

    engine = OpenSearchEngine(Settings(urls=tuple(urls), index=alias))
    # What a server reads once per index (its mapping, the texts published twice), read now,
    # as the Whoosh searcher and columns are opened before timing.
    engine.handle.analysed_fields()
    engine.handle.repeated()
    return CoreRunner(engine)


class _Baseline:
    def __init__(self, engine: BareWhoosh | Fts5) -> None:
        self.engine = engine

    def unsupported(self, cls: str) -> str | None:
        return None

    def run(self, q: Query) -> object:
        return self.engine.run(q)

    def close(self) -> None:
        self.engine.close()


def open_engine(name: str, target: str, opensearch_urls: list[str] | None = None) -> Engine:
    """`target`: the Verbatim INDEX_DIR, the OpenSearch alias, the bare Whoosh folder or the
    FTS5 database."""
    if name == "app":
        return whoosh_core(Path(target))
    if name == "os":
        if not opensearch_urls:
            raise ValueError("the OpenSearch engine needs the cluster's addresses")
        return opensearch_core(opensearch_urls, target)
    if name == "bare":
        return _Baseline(BareWhoosh(Path(target)))
    if name == "fts5":
        return _Baseline(Fts5(Path(target)))
    raise ValueError(f"unknown engine {name!r}; known: {', '.join(ENGINES)}")
