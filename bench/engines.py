"""The three things timed in process: Verbatim's search core, bare Whoosh, SQLite FTS5.

Each engine answers `run(query)` for any query class, or says in `unsupported(cls)` why it
cannot. Verbatim's core does its whole page for every class (total, highlights, facets,
reposts), as the web page does; the quote class goes to the quote finder when it exists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from bench.baselines import BareWhoosh, Fts5
from bench.queries import Query
from search.engines.whoosh.engine import WhooshEngine
from search.params import Filters
from search.quotes.finder import find_quote

ENGINES = ("app", "bare", "fts5")


class Engine(Protocol):
    def run(self, q: Query) -> object: ...

    def unsupported(self, cls: str) -> str | None: ...

    def close(self) -> None: ...


class AppEngine:
    def __init__(self, index_dir: Path) -> None:
        self.engine = WhooshEngine(index_dir)
        self.engine.handle.searcher()
        self.engine.handle.columns()

    def unsupported(self, cls: str) -> str | None:
        return None

    def run(self, q: Query) -> object:
        if q.cls == "quote":
            return find_quote(self.engine, q.quote, limit=10)
        filters = Filters(
            speakers=(q.speaker_name,) if q.speaker_name else (),
            date_from=q.date_from,
            date_to=q.date_to,
        )
        return self.engine.search(q.app_text(), filters, page=q.page).total

    def close(self) -> None:
        pass


class _Baseline:
    def __init__(self, engine: BareWhoosh | Fts5) -> None:
        self.engine = engine

    def unsupported(self, cls: str) -> str | None:
        return None

    def run(self, q: Query) -> object:
        return self.engine.run(q)

    def close(self) -> None:
        self.engine.close()


def open_engine(name: str, target: Path) -> Engine:
    """`target`: the Verbatim INDEX_DIR, the bare Whoosh folder or the FTS5 database."""
    if name == "app":
        return AppEngine(target)
    if name == "bare":
        return _Baseline(BareWhoosh(target))
    if name == "fts5":
        return _Baseline(Fts5(target))
    raise ValueError(f"unknown engine {name!r}; known: {', '.join(ENGINES)}")
