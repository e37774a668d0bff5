"""Search on a Whoosh index: ranked hits, totals over distinct texts, facets, suggestions.

`search.core.WhooshEngine` answers the search core's protocol with these functions; nothing
outside `search/` calls them directly.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import index, query, sorting
from whoosh.searching import Searcher

from search.engines import records
from search.engines.records import FACET_FIELDS, Found, exporting, searching, speaker_counts
from search.engines.suggestions import (
    SPELLING_FIELDS,
    closest,
    name_words,
    plain_words,
    respelt,
)
from search.engines.whoosh import store
from search.engines.whoosh.columns import Columns, load_columns
from search.engines.whoosh.query import asker_query, parse_query
from search.params import NO_FILTERS, Filters, check_params, speaker_slug, year_facet
from search.sentences import splitter_for
from search.snippets import sentence_snippet
from search.views import DocumentView, FacetValue, PassageView, Repost, SpeakerCount

# Extra hits fetched so that leaving out reposts still fills a page.
REPOST_HEADROOM = 10


def passage_view(fields: dict, **extra: Any) -> PassageView:
    """The record a Whoosh hit's stored fields make."""
    when = fields.get("date")
    return records.passage_view(
        fields, when.date() if isinstance(when, datetime) else None, **extra
    )


def filter_terms(filters: Filters) -> list[query.Query]:
    parts = []
    if filters.speakers:
        parts.append(query.Or([query.Term("speaker", speaker_slug(v)) for v in filters.speakers]))
    if filters.askers:
        parts.append(query.Or([asker_query(v) for v in filters.askers]))
    for fieldname, values in (
        ("kind", filters.kinds),
        ("site", filters.sites),
        ("language", filters.languages),
    ):
        if values:
            parts.append(query.Or([query.Term(fieldname, v) for v in values]))
    return parts


class IndexHandle:
    """One per process: keeps a searcher open across requests and reopens it after a rebuild.

    A web request pins the searcher and its cache for its whole length, so a rebuild swapped in
    mid-request cannot give it a total from one build and hits from another.
    """

    def __init__(self, index_dir: Path | str) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._build: Path | None = None
        self._searcher: Searcher | None = None
        self._cache: dict[str, Any] = {}
        self._pinned = threading.local()

    def _current(self) -> tuple[Searcher, dict[str, Any]]:
        build = store.current_build(self.index_dir)
        with self._lock:
            if build != self._build or self._searcher is None:
                # The old searcher is left to the garbage collector rather than closed: a
                # request in another thread may still be reading from it.
                self._searcher = index.open_dir(str(build)).searcher()
                self._build, self._cache = build, {}
            return self._searcher, self._cache

    def pin(self) -> None:
        try:
            self._pinned.view = self._current()
        except store.NoIndex:
            self._pinned.view = None

    def unpin(self) -> None:
        self._pinned.view = None

    def _view(self) -> tuple[Searcher, dict[str, Any]]:
        return getattr(self._pinned, "view", None) or self._current()

    def searcher(self) -> Searcher:
        return self._view()[0]

    def cached(self, key: str, compute: Callable[[Searcher], Any]) -> Any:
        """A value computed once per index build, such as the columns facets count from."""
        searcher, cache = self._view()
        if key not in cache:
            cache[key] = compute(searcher)
        return cache[key]

    def columns(self) -> Columns:
        return self.cached("columns", load_columns)


# The fields whose words a snippet marks: the stemmed text and its unstemmed twin (phrases).
_MARKED_FIELDS = ("text", "exact")


def _query_words(combined: query.Query, searcher: Searcher) -> dict[str, set[str]]:
    """The indexed words the query asks for, by field, as the analyzers write them."""
    words: dict[str, set[str]] = {name: set() for name in _MARKED_FIELDS}
    for fieldname, word in combined.existing_terms(searcher.reader(), phrases=True, expand=True):
        if fieldname in words:
            words[fieldname].add(word.decode() if isinstance(word, bytes) else word)
    return words


def match_spans(searcher: Searcher, words: dict[str, set[str]], text: str) -> list[tuple[int, int]]:
    """Where the query's words occur in `text`: (start, end) of each, found as the index would."""
    spans = []
    for fieldname, wanted in words.items():
        if wanted:
            analyzer = searcher.schema[fieldname].analyzer
            spans += [
                (t.startchar, t.endchar) for t in analyzer(text, chars=True) if t.text in wanted
            ]
    return spans


def _reposts(searcher: Searcher, columns: Columns, docnum: int) -> tuple[Repost, ...]:
    text_hash = columns.values["text_hash"][docnum]
    if text_hash not in columns.repeated:
        return ()
    others = searcher.search(query.Term("text_hash", text_hash), limit=20, sortedby="day")
    reposts = []
    for hit in others:
        if hit.docnum != docnum:
            # Stored fields, not hit["date"]: that reads the sortable column, whose placeholder
            # for an undated passage is no date at all.
            fields = hit.fields()
            when = fields.get("date")
            reposts.append(Repost(fields["id"], fields["title"], when.date() if when else None))
    return tuple(reposts)


def _facets(columns: Columns, docnums: list[int]) -> dict[str, list[FacetValue]]:
    facets = {}
    for name in FACET_FIELDS:
        counts = columns.count(name, docnums)
        labels = columns.labels.get(name, {})
        if name == "year":
            facets[name] = year_facet(counts)
            continue
        values = (
            FacetValue(str(v), labels.get(v, str(v)), n)
            for v, n in counts.items()
            if v not in (None, "", 0)
        )
        facets[name] = records.top_values(values)
    return facets


def _nearest_word(handle: IndexHandle, word: str) -> str | None:
    """The index's closest word (texts, questions, speakers' names), the more frequent on a tie;
    None for a word the index knows."""
    searcher = handle.searcher()
    reader = searcher.reader()
    columns = handle.columns()
    names = handle.cached("name words", lambda _: name_words(columns.labels["speaker"].values()))
    if word in names or any((field, word) in reader for field in SPELLING_FIELDS):
        return None
    candidates = (
        c
        for name in SPELLING_FIELDS
        for c in searcher.suggest(name, word, limit=3, maxdist=2, prefix=1)
    )
    return closest(
        word,
        candidates,
        names,
        lambda c: sum(reader.doc_frequency(n, c) for n in SPELLING_FIELDS),
    )


def suggest(handle: IndexHandle, text: str) -> str | None:
    """The query with its unknown words replaced by the nearest words of the index, or None."""
    nearest = {w: found for w in plain_words(text) if (found := _nearest_word(handle, w))}
    return respelt(text, nearest)


def _compose(handle: IndexHandle, text: str, filters: Filters):
    """The query and the allowed docnums (None: all) for a search, or None for no search."""
    parts = filter_terms(filters)
    if text.strip():
        parts.insert(0, parse_query(text, handle.searcher()))
    dated = filters.date_from or filters.date_to
    if not parts and not dated and not filters.undated:
        return None
    allowed = None
    if dated:
        allowed = handle.columns().in_date_range(filters.date_from, filters.date_to)
    elif filters.undated:
        allowed = handle.columns().undated()
    combined = query.And(parts) if len(parts) > 1 else (parts[0] if parts else query.Every())
    return combined, allowed


def _distinct_matches(
    handle: IndexHandle, combined: query.Query, allowed: set[int] | None
) -> list[int]:
    matched = handle.searcher().docs_for_query(combined)
    if allowed is not None:
        matched = (d for d in matched if d in allowed)
    return handle.columns().one_per_text(matched)


def matching_texts(handle: IndexHandle, text: str, filters: Filters = NO_FILTERS) -> list[int]:
    """The docnums a search's total counts: every match, one per distinct text."""
    check_params(1, 1, "relevance", filters)
    composed = _compose(handle, text, filters)
    return _distinct_matches(handle, *composed) if composed else []


def _score(hit) -> float | None:
    """The relevance score; none when sorted by date (Whoosh then gives the sort key)."""
    return round(hit.score or 0.0, 4) if isinstance(hit.score, float | int | None) else None


def _by_date(newest: bool) -> sorting.MultiFacet:
    """Oldest or newest first, the undated last either way."""
    return sorting.MultiFacet(
        [sorting.FieldFacet("dated", reverse=True), sorting.FieldFacet("day", reverse=newest)]
    )


def _ranked(
    handle: IndexHandle, combined: query.Query, allowed: set[int] | None, limit: int, sort: str
) -> list:
    """The first `limit` hits, one per text: reposts of a passage already ranked are left out.

    Whoosh's own `collapse=` would read every match and turn off its top-N skipping; reposts
    are rare, so a little headroom, doubled when it runs out, is far cheaper.
    """
    if allowed is not None and not allowed:
        # Whoosh reads an empty filter set as no filter at all: a date range that holds no
        # passage would list the whole match.
        return []
    hashes = handle.columns().values["text_hash"]
    sort_args = {} if sort == "relevance" else {"sortedby": _by_date(newest=sort == "newest")}
    want = limit + REPOST_HEADROOM
    while True:
        results = handle.searcher().search(combined, limit=want, filter=allowed, **sort_args)
        seen: set[str] = set()
        hits = []
        for hit in results:
            if hashes[hit.docnum] not in seen:
                seen.add(hashes[hit.docnum])
                hits.append(hit)
        if len(hits) >= limit or results.scored_length() < want:
            return hits[:limit]
        want *= 2


def _found(
    handle: IndexHandle, composed: tuple, text: str, page: int, per_page: int, sort: str
) -> Found:
    combined, allowed = composed
    searcher, columns = handle.searcher(), handle.columns()
    distinct = _distinct_matches(handle, combined, allowed)
    hits = []
    words = _query_words(combined, searcher) if text.strip() else {}
    for hit in _ranked(handle, combined, allowed, page * per_page, sort)[(page - 1) * per_page :]:
        said = hit["text"]
        marked = sentence_snippet(said, match_spans(searcher, words, said), splitter_for(handle))
        hits.append(
            passage_view(
                hit.fields(),
                highlight=marked,
                score=_score(hit),
                reposts=_reposts(searcher, columns, hit.docnum),
            )
        )
    return len(distinct), hits, _facets(columns, distinct)


# The protocol's search and export (`search.core.Engine`); suggest and speakers are below.
search = searching(
    _compose,
    _found,
    lambda handle, text: suggest(handle, text),
    lambda handle: handle.columns().labels["speaker"],
    lambda handle: speakers(handle),
)


def _exported(
    handle: IndexHandle, composed: tuple | None, sort: str, cap: int
) -> list[PassageView]:
    """The first `cap` results of a search, whole, for a CSV or JSON download or a feed.

    With neither words nor filters: every passage of the index, once each (reposts too), in
    the order they were indexed or by date; `verbatim export` writes the whole corpus so.
    """
    if composed is None:
        everything = [passage_view(fields) for fields in handle.searcher().all_stored_fields()]
        if sort != "relevance":  # undated passages last either way
            dated = sorted(
                (p for p in everything if p.date), key=lambda p: p.date, reverse=sort == "newest"
            )
            everything = dated + [p for p in everything if not p.date]
        return everything[:cap]
    return [
        passage_view(hit.fields(), score=_score(hit))
        for hit in _ranked(handle, *composed, limit=cap, sort=sort)
    ]


export = exporting(_compose, _exported)


def _passage_number(searcher: Searcher, passage_id: str) -> int | None:
    """The passage with this id, or the one it moved to (its `id` then differs: redirect)."""
    docnum = searcher.document_number(id=passage_id)
    if docnum is None:
        docnum = searcher.document_number(former_ids=passage_id)
    return docnum


def get_passage(handle: IndexHandle, passage_id: str) -> PassageView | None:
    searcher = handle.searcher()
    docnum = _passage_number(searcher, passage_id)
    if docnum is None:
        return None
    reposts = _reposts(searcher, handle.columns(), docnum)
    return passage_view(searcher.stored_fields(docnum), reposts=reposts)


def get_document(handle: IndexHandle, doc_id: str) -> DocumentView | None:
    searcher = handle.searcher()
    results = searcher.search(query.Term("doc_id", doc_id), limit=None, sortedby="position")
    if results.is_empty():
        # A document renamed by a parser fix: its passages keep its old id as a former one.
        moved = searcher.document_number(former_doc_ids=doc_id)
        if moved is not None:
            doc_id = searcher.stored_fields(moved)["doc_id"]
            results = searcher.search(query.Term("doc_id", doc_id), limit=None, sortedby="position")
    passages = [passage_view(hit.fields()) for hit in results]
    return DocumentView.of(doc_id, passages)


def more_like(handle: IndexHandle, passage_id: str, limit: int = 10) -> list[PassageView] | None:
    """Passages that share the most telling words of this one; None if there is no such id."""
    searcher = handle.searcher()
    docnum = _passage_number(searcher, passage_id)
    if docnum is None:
        return None
    hashes = handle.columns().values["text_hash"]
    text = searcher.stored_fields(docnum)["text"]
    results = searcher.more_like(docnum, "text", text=text, top=limit + 5)
    return [
        passage_view(hit.fields(), score=_score(hit))
        for hit in results
        if hashes[hit.docnum] != hashes[docnum]  # reposts of this very passage are not "like" it
    ][:limit]


def speakers(handle: IndexHandle) -> list[SpeakerCount]:
    """Every speaker in the index with their number of passages, most passages first."""
    return handle.cached("speakers", lambda _: _count_speakers(handle.columns()))


def _count_speakers(columns: Columns) -> list[SpeakerCount]:
    labels = columns.labels["speaker"]
    counted = columns.count("speaker", columns.live).items()
    return speaker_counts((slug, labels[slug] if slug else "", n) for slug, n in counted)
