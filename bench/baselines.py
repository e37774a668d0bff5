"""The two floors Verbatim is measured against: a bare Whoosh index and SQLite FTS5.

Both are fed the passages stored in the Verbatim index (id, text, speaker slug, date), so all
three search the same texts. Each baseline does for a query class only what the class names: a
top-10 page with the exact total; plus highlights, facets or an offset where the class asks.
The bare Whoosh index is written and searched the plain way, with no caches or columns of our
own: it is the floor an app on Whoosh starts from.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from whoosh import highlight, index, query, sorting
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import DATETIME, ID, NUMERIC, TEXT, Schema
from whoosh.qparser import QueryParser
from whoosh.searching import Searcher

from bench.queries import Query

PAGE = 10
SNIPPET_TOKENS = 40
WRITER_LIMIT_MB = 256  # as Verbatim's own writer


@dataclass(frozen=True)
class Passage:
    id: str
    text: str
    speaker: str
    date: datetime | None


def passages_of(verbatim_index: Path) -> list[Passage]:
    """Every live passage of a Verbatim index, from its stored fields."""
    ix = index.open_dir(str(verbatim_index))
    with ix.searcher() as searcher:
        return [
            Passage(f["id"], f["text"], f.get("speaker") or "", f.get("date"))
            for f in searcher.all_stored_fields()
        ]


# --- bare Whoosh ------------------------------------------------------------------------------


def bare_schema() -> Schema:
    # cachesize=-1: an unbounded stem cache, the fastest StemmingAnalyzer there is.
    return Schema(
        id=ID(stored=True, unique=True),
        text=TEXT(analyzer=StemmingAnalyzer(cachesize=-1), stored=True),
        speaker=ID(stored=True, sortable=True),
        year=NUMERIC(int, sortable=True),
        date=DATETIME(stored=True, sortable=True),
    )


def build_bare(passages: Iterable[Passage], folder: Path) -> float:
    """Writes the bare index; returns the writer's seconds (adding and committing)."""
    folder.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(folder), bare_schema())
    started = time.monotonic()
    writer = ix.writer(limitmb=WRITER_LIMIT_MB)
    for p in passages:
        fields = {"id": p.id, "text": p.text, "speaker": p.speaker}
        if p.date:
            fields["date"], fields["year"] = p.date, p.date.year
        writer.add_document(**fields)
    writer.commit()
    seconds = time.monotonic() - started
    ix.close()
    return seconds


class BareWhoosh:
    """A warm searcher over the bare index, answering each query class the plain way."""

    def __init__(self, folder: Path) -> None:
        self.ix = index.open_dir(str(folder))
        self.searcher: Searcher = self.ix.searcher()
        self.parser = QueryParser("text", self.ix.schema)

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()

    def _query(self, q: Query) -> query.Query:
        parts = [self.parser.parse(q.whoosh_text())]
        if q.speaker_slug:
            parts.append(query.Term("speaker", q.speaker_slug))
        if q.date_from or q.date_to:
            parts.append(query.DateRange("date", _start(q.date_from), _end(q.date_to)))
        return query.And(parts) if len(parts) > 1 else parts[0]

    def run(self, q: Query) -> int:
        """Runs one query as its class asks; returns the total, so nothing is optimised away."""
        whoosh_query = self._query(q)
        if q.page > 1:
            page = self.searcher.search_page(whoosh_query, q.page, pagelen=PAGE)
            _ = [hit["id"] for hit in page]
            return page.total
        grouped = {"year": sorting.FieldFacet("year"), "speaker": sorting.FieldFacet("speaker")}
        results = self.searcher.search(
            whoosh_query, limit=PAGE, groupedby=grouped if q.cls == "facets" else None
        )
        if q.cls == "facets":
            _ = results.groups("year"), results.groups("speaker")
        if q.cls == "highlight":
            results.fragmenter = highlight.ContextFragmenter(maxchars=300, surround=80)
            results.formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
            _ = [hit.highlights("text", top=3) for hit in results]
        _ = [hit["id"] for hit in results]
        return len(results)


def _start(day: date | None) -> datetime | None:
    return datetime(day.year, day.month, day.day) if day else None


def _end(day: date | None) -> datetime | None:
    return datetime(day.year, day.month, day.day, 23, 59, 59) if day else None


# --- SQLite FTS5 ------------------------------------------------------------------------------

_FTS_SCHEMA = """
CREATE VIRTUAL TABLE passages USING fts5(text, tokenize='porter unicode61');
CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT, speaker TEXT, day INTEGER, year INTEGER);
"""
_FTS_INDEXES = """
CREATE INDEX meta_speaker ON meta(speaker);
CREATE INDEX meta_day ON meta(day);
"""


def _day(when: datetime | None) -> int:
    return when.year * 10000 + when.month * 100 + when.day if when else 0


def build_fts5(passages: list[Passage], path: Path) -> float:
    """Writes the FTS5 database; returns the seconds to fill and index it."""
    db = sqlite3.connect(path)
    db.executescript(_FTS_SCHEMA)
    started = time.monotonic()
    with db:
        db.executemany(
            "INSERT INTO passages(rowid, text) VALUES (?, ?)",
            ((n, p.text) for n, p in enumerate(passages, 1)),
        )
        db.executemany(
            "INSERT INTO meta VALUES (?, ?, ?, ?, ?)",
            (
                (n, p.id, p.speaker, _day(p.date), p.date.year if p.date else 0)
                for n, p in enumerate(passages, 1)
            ),
        )
        db.executescript(_FTS_INDEXES)
    db.execute("INSERT INTO passages(passages) VALUES ('optimize')")
    db.commit()
    seconds = time.monotonic() - started
    db.close()
    return seconds


class Fts5:
    """bm25() ranking and snippet() highlights; facets and totals by GROUP BY and count(*)."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, check_same_thread=False)

    def close(self) -> None:
        self.db.close()

    def _where(self, q: Query) -> tuple[str, list]:
        clauses, args = ["passages MATCH ?"], [q.fts5_text()]
        if q.speaker_slug:
            clauses.append("m.speaker = ?")
            args.append(q.speaker_slug)
        if q.date_from:
            clauses.append("m.day >= ?")
            args.append(_day(_start(q.date_from)))
        if q.date_to:
            clauses.append("m.day <= ?")
            args.append(_day(_start(q.date_to)))
        return " AND ".join(clauses), args

    def run(self, q: Query) -> int:
        where, args = self._where(q)
        joined = f"FROM passages JOIN meta m ON m.rowid = passages.rowid WHERE {where}"
        snippet = (
            f", snippet(passages, 0, '<mark>', '</mark>', ' … ', {SNIPPET_TOKENS})"
            if q.cls == "highlight"
            else ""
        )
        offset = (q.page - 1) * PAGE
        self.db.execute(
            f"SELECT m.id, bm25(passages){snippet} {joined} ORDER BY bm25(passages) "
            f"LIMIT {PAGE} OFFSET {offset}",
            args,
        ).fetchall()
        if q.cls == "facets":
            for column in ("year", "speaker"):
                self.db.execute(f"SELECT m.{column}, count(*) {joined} GROUP BY 1", args).fetchall()
        return self.db.execute(f"SELECT count(*) {joined}", args).fetchone()[0]
