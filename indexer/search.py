"""The search core: the only code that builds queries and reads hits.

The web pages, the JSON API and the CLI are thin shells over `search`, `get_passage` and
`get_document`, so the three always agree.
"""

from __future__ import annotations

import html
import re
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from whoosh import highlight, index, query
from whoosh.qparser import MultifieldParser
from whoosh.searching import Searcher

from indexer import store
from indexer.model import slugify
from indexer.schema import SEARCH_FIELDS
from indexer.speakers import default_registry

MAX_PER_PAGE = 100
MAX_PAGE = 1000
SNIPPET_CHARS = 300
SORTS = ("relevance", "newest", "oldest")


class QueryError(ValueError):
    """A query or a parameter that cannot be searched; the message says why, for the user."""


@dataclass(frozen=True)
class PassageView:
    """A passage as the pages show it, with its document's facts."""

    id: str
    doc_id: str
    position: int
    doc_passages: int
    kind: str
    speaker: str
    speaker_slug: str
    question: str | None
    asker: str | None
    text: str
    title: str
    date: date | None
    doc_kind: str
    source: str
    also_sources: list[str]
    publisher: str | None
    url: str | None
    language: str
    highlight: str = ""
    score: float | None = None

    @property
    def anchor(self) -> str:
        return f"p{self.position}"

    @property
    def prev_id(self) -> str | None:
        return f"{self.doc_id}-{self.position - 1}" if self.position > 1 else None

    @property
    def next_id(self) -> str | None:
        return f"{self.doc_id}-{self.position + 1}" if self.position < self.doc_passages else None

    @classmethod
    def from_stored(cls, fields: dict, highlight: str = "", score: float | None = None):
        when = fields.get("date")
        return cls(
            id=fields["id"],
            doc_id=fields["doc_id"],
            position=fields["position"],
            doc_passages=fields["doc_passages"],
            kind=fields["kind"],
            speaker=fields["speaker_name"],
            speaker_slug=fields["speaker"],
            question=fields.get("question"),
            asker=fields.get("asker_name"),
            text=fields["text"],
            title=fields["title"],
            date=when.date() if isinstance(when, datetime) else None,
            doc_kind=fields["doc_kind"],
            source=fields["source"],
            also_sources=fields.get("also_sources") or [],
            publisher=fields.get("publisher"),
            url=fields.get("url"),
            language=fields.get("language", "en"),
            highlight=highlight,
            score=score,
        )


@dataclass(frozen=True)
class SearchPage:
    query: str
    total: int
    page: int
    per_page: int
    hits: list[PassageView]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True)
class DocumentView:
    id: str
    title: str
    date: date | None
    kind: str
    source: str
    publisher: str | None
    url: str | None
    passages: list[PassageView]


class IndexHandle:
    """One per process: keeps a searcher open across requests and reopens it after a rebuild."""

    def __init__(self, index_dir: Path | str) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._build: Path | None = None
        self._searcher: Searcher | None = None
        self._cache: dict[str, Any] = {}

    def searcher(self) -> Searcher:
        build = store.current_build(self.index_dir)
        with self._lock:
            if build != self._build or self._searcher is None:
                # The old searcher is left to the garbage collector rather than closed: a
                # request in another thread may still be reading from it.
                self._searcher = index.open_dir(str(build)).searcher()
                self._build = build
                self._cache = {}
            return self._searcher

    def cached(self, key: str, compute: Callable[[Searcher], Any]) -> Any:
        """A value computed once per index build, such as the list of speakers."""
        searcher = self.searcher()
        cache = self._cache
        if key not in cache:
            cache[key] = compute(searcher)
        return cache[key]


def _check_params(page: int, per_page: int, sort: str) -> None:
    if not 1 <= page <= MAX_PAGE:
        raise QueryError(f"page must be between 1 and {MAX_PAGE}")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise QueryError(f"per_page must be between 1 and {MAX_PER_PAGE}")
    if sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}")


def speaker_slug(name: str) -> str:
    """The slug of a speaker named any way the registry knows: "lavrov" → sergey-lavrov."""
    return slugify(default_registry().canonical(name))


def _resolve_names(node: query.Query) -> query.Query:
    """`speaker:lavrov` and `speaker:"maria zakharova"` become the canonical speaker's slug."""
    if isinstance(node, query.Term) and node.fieldname in ("speaker", "asker"):
        return query.Term(node.fieldname, speaker_slug(str(node.text)), boost=node.boost)
    if isinstance(node, query.Phrase) and node.fieldname in ("speaker", "asker"):
        return query.Term(node.fieldname, speaker_slug(" ".join(node.words)), boost=node.boost)
    return node


def parse_query(text: str, schema) -> query.Query:
    parser = MultifieldParser(list(SEARCH_FIELDS), schema)
    parsed = parser.parse(text).accept(_resolve_names)
    if re.search(r"\bdate:", text) and not any(
        getattr(q, "fieldname", None) == "date" for q in parsed.leaves()
    ):
        raise QueryError(f"could not read the date in {text!r}: write dates as YYYY-MM-DD")
    return parsed


def _as_datetime(value: date, end: bool = False) -> datetime:
    return datetime(value.year, value.month, value.day, *((23, 59, 59) if end else (0, 0, 0)))


def filters_query(
    speakers: list[str] | None = None,
    kind: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[query.Query]:
    parts: list[query.Query] = []
    if speakers:
        parts.append(query.Or([query.Term("speaker", speaker_slug(s)) for s in speakers]))
    if kind:
        parts.append(query.Term("kind", kind))
    if date_from or date_to:
        if date_from and date_to and date_from > date_to:
            raise QueryError("the 'from' date is after the 'to' date")
        parts.append(
            query.DateRange(
                "date",
                _as_datetime(date_from) if date_from else None,
                _as_datetime(date_to, end=True) if date_to else None,
            )
        )
    return parts


def _highlighter() -> tuple[highlight.Fragmenter, highlight.Formatter]:
    fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=80)
    formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
    return fragmenter, formatter


def plain_snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The start of a text, escaped, cut at a word boundary."""
    if len(text) <= limit:
        return html.escape(text)
    return html.escape(text[:limit].rsplit(" ", 1)[0]) + " …"


def search(
    handle: IndexHandle,
    text: str,
    speakers: list[str] | None = None,
    kind: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    page: int = 1,
    per_page: int = 10,
    sort: str = "relevance",
) -> SearchPage:
    _check_params(page, per_page, sort)
    searcher = handle.searcher()
    parts = filters_query(speakers, kind, date_from, date_to)
    if text.strip():
        parts.insert(0, parse_query(text, searcher.schema))
    if not parts:
        return SearchPage(text, 0, page, per_page, [])
    combined = parts[0] if len(parts) == 1 else query.And(parts)
    sort_args = {} if sort == "relevance" else {"sortedby": "date", "reverse": sort == "newest"}
    results = searcher.search_page(combined, page, pagelen=per_page, **sort_args)
    results.results.fragmenter, results.results.formatter = _highlighter()
    hits = []
    for hit in results:
        marked = hit.highlights("text", top=3) if text.strip() else ""
        hits.append(
            PassageView.from_stored(
                hit.fields(), marked or plain_snippet(hit["text"]), round(hit.score or 0.0, 4)
            )
        )
    return SearchPage(text, results.total, page, per_page, hits)


def get_passage(handle: IndexHandle, passage_id: str) -> PassageView | None:
    fields = handle.searcher().document(id=passage_id)
    return PassageView.from_stored(fields) if fields else None


def get_document(handle: IndexHandle, doc_id: str) -> DocumentView | None:
    searcher = handle.searcher()
    results = searcher.search(query.Term("doc_id", doc_id), limit=None, sortedby="position")
    passages = [PassageView.from_stored(hit.fields()) for hit in results]
    if not passages:
        return None
    first = passages[0]
    return DocumentView(
        doc_id, first.title, first.date, first.doc_kind, first.source, first.publisher,
        first.url, passages,
    )  # fmt: skip


@dataclass(frozen=True)
class SpeakerCount:
    name: str
    slug: str
    passages: int
    roles: tuple[str, ...]


def _count_speakers(searcher: Searcher) -> list[SpeakerCount]:
    reader = searcher.reader()
    column = reader.column_reader("speaker")
    counts: Counter = Counter()
    example: dict[str, int] = {}
    for docnum in reader.all_doc_ids():
        slug = column[docnum]
        counts[slug] += 1
        example.setdefault(slug, docnum)
    registry = default_registry()
    result = []
    for slug, count in counts.items():
        name = searcher.stored_fields(example[slug])["speaker_name"]
        known = registry.lookup(name)
        result.append(SpeakerCount(name, slug, count, known.roles if known else ()))
    return sorted(result, key=lambda s: (-s.passages, s.name))


def speakers(handle: IndexHandle) -> list[SpeakerCount]:
    """Every speaker in the index with their number of passages, most passages first."""
    return handle.cached("speakers", _count_speakers)
