"""Search on an OpenSearch alias: ranked hits, totals over distinct texts, facets, highlights,
suggestions, passages and documents, each asked of the cluster in as few requests as it takes.

Semantics are Whoosh's (`search.engines.whoosh.searcher`): a text published twice (the same
`text_hash`) is one result, counted once; the cluster collapses hits on the hash, and its
counts by passage are corrected for second copies (`reposts`).
"""

from __future__ import annotations

import contextlib
import re
from datetime import date
from typing import Any

from search.engines import records
from search.engines.opensearch.cluster import ClusterHandle
from search.engines.opensearch.query import filter_clauses, parse
from search.engines.opensearch.reposts import Extras, reposts_agg
from search.engines.records import (
    FACET_FIELDS,
    FACET_LIMIT,
    Found,
    exporting,
    searching,
    speaker_counts,
)
from search.engines.suggestions import (
    SPELLING_FIELDS,
    closest,
    name_words,
    plain_words,
    respelt,
)
from search.errors import QueryError
from search.params import Filters, year_facet
from search.snippets import sentence_snippet
from search.views import DocumentView, FacetValue, PassageView, Repost, SpeakerCount

Clause = dict[str, Any]

# The label a facet value is shown with, where it is not the value itself.
_FACET_LABELS = {"speaker": "speaker_name", "site": "publisher"}
# OpenSearch pages no further than this (its max_result_window).
MAX_WINDOW = 10_000
# Highlight marks no corpus text holds (Unicode private use), turned into spans by us.
_PRE, _POST = "\ue000", "\ue001"
# Fields of the index never shown: the unstemmed twins are the text and question again.
_NOT_SHOWN = ["exact", "exact_question"]
_EXPORT_CHUNK = 1000


def passage_view(source: dict, **extra: Any) -> PassageView:
    """The record a hit's `_source` makes."""
    when = source.get("date")
    return records.passage_view(source, date.fromisoformat(when[:10]) if when else None, **extra)


def compose(handle: ClusterHandle, text: str, filters: Filters) -> Clause | None:
    """The query for a search, or None when there is nothing to search for."""
    must = [parse(text, handle.analysed_fields())] if text.strip() else []
    clauses = filter_clauses(filters)
    if not must and not clauses:
        return None
    return {"bool": {"must": must or [{"match_all": {}}], "filter": clauses}}


def sort_clause(sort: str) -> list:
    """Relevance, or oldest or newest first with the undated last either way."""
    if sort == "relevance":
        return [{"_score": "desc"}, {"id": "asc"}]
    order = "desc" if sort == "newest" else "asc"
    return [{"dated": "desc"}, {"day": order}, {"id": "asc"}]


def _highlight(handle: ClusterHandle, text: str) -> dict:
    """Whole texts, marked where the query matched: the snippet's sentences are chosen by
    `search.snippets`, the same for every engine. The exact twins are not in `_source` (they
    are copies of the text), so phrases are marked on the text by a query of their own."""
    analysed = handle.analysed_fields()
    return {
        "pre_tags": [_PRE],
        "post_tags": [_POST],
        "number_of_fragments": 0,
        "highlight_query": parse(text, analysed, marking=True),
        "fields": {name: {} for name in analysed["text"]},
    }


def match_spans(hit: dict) -> list[tuple[int, int]]:
    """Where the cluster's highlighter marked the query's words in the passage's text."""
    spans = []
    for marked in hit.get("highlight", {}).values():
        for fragment in marked:
            at = 0
            for piece in re.split(f"({_PRE}|{_POST})", fragment):
                if piece == _PRE:
                    start = at
                elif piece == _POST:
                    spans.append((start, at))
                else:
                    at += len(piece)
    return spans


def _facet_aggs() -> dict:
    aggs: dict[str, Any] = {
        # Every year, and the undated (no year) as 0: `year_facet` puts them last.
        "year": {"terms": {"field": "year", "size": MAX_WINDOW, "missing": 0}},
    }
    for name in ("speaker", "kind", "site", "language"):
        terms = {"field": name, "size": FACET_LIMIT * 2, "shard_size": FACET_LIMIT * 25}
        aggs[name] = {"terms": terms}
        if name in _FACET_LABELS:
            label = {"top_hits": {"size": 1, "_source": [_FACET_LABELS[name]]}}
            aggs[name]["aggs"] = {"label": label}
    return aggs


def _facets(aggregations: dict, extras: Extras) -> dict[str, list[FacetValue]]:
    facets = {}
    for name in FACET_FIELDS:
        buckets = aggregations[name]["buckets"]
        if name == "year":
            counts = {
                int(b["key"]): extras.less("year", int(b["key"]), b["doc_count"]) for b in buckets
            }
            facets[name] = year_facet(counts)
            continue
        values = []
        for bucket in buckets:
            value = str(bucket["key"])
            count = extras.less(name, value, bucket["doc_count"])
            if not value or not count:
                continue  # passages whose source names no speaker: no facet value
            label = value
            if "label" in bucket:
                label = bucket["label"]["hits"]["hits"][0]["_source"].get(_FACET_LABELS[name])
            values.append(FacetValue(value, label or value, count))
        facets[name] = records.top_values(values)
    return facets


def _check_window(start: int, size: int) -> None:
    if start + size > MAX_WINDOW:
        raise QueryError(
            f"results beyond the {MAX_WINDOW:,}th cannot be paged to on this engine: "
            "narrow the search with filters, or sort by date"
        )


def _found(
    handle: ClusterHandle, composed: Clause, text: str, page: int, per_page: int, sort: str
) -> Found:
    start = (page - 1) * per_page
    _check_window(start, per_page)
    body: dict[str, Any] = {
        "query": composed,
        "from": start,
        "size": per_page,
        "sort": sort_clause(sort),
        "collapse": {"field": "text_hash"},
        "track_total_hits": True,
        "_source": {"excludes": _NOT_SHOWN},
        "aggs": {**_facet_aggs(), **reposts_agg(handle)},
    }
    if text.strip():
        body["highlight"] = _highlight(handle, text)
    answer = handle.search(body)
    extras = Extras(answer)
    total = answer["hits"]["total"]["value"] - extras.total
    hits = answer["hits"]["hits"]
    reposts = _reposts_of(handle, [h["_source"] for h in hits])
    splitter = handle.splitter() if text.strip() else None
    views = []
    for hit in hits:
        said = hit["_source"]["text"]
        marked = sentence_snippet(said, match_spans(hit), splitter) if splitter else ""
        views.append(
            passage_view(
                hit["_source"],
                highlight=marked,
                score=_score(hit, sort),
                reposts=reposts.get(hit["_source"]["id"], ()),
            )
        )
    return total, views, _facets(answer["aggregations"], extras)


# The protocol's search and export (`search.core.Engine`); suggest and speakers are below.
search = searching(
    compose,
    _found,
    lambda handle, text: suggest(handle, text),
    lambda handle: {s.slug for s in speakers(handle)},
    lambda handle: speakers(handle),
)


def _score(hit: dict, sort: str) -> float | None:
    if sort != "relevance":
        return None  # a date order has no relevance to show
    return round(hit.get("_score") or hit["sort"][0] or 0.0, 4)


def _reposts_of(handle: ClusterHandle, sources: list[dict]) -> dict[str, tuple[Repost, ...]]:
    """For each passage whose text was published elsewhere too, those other places."""
    repeated = handle.repeated()
    wanted = [s for s in sources if s.get("text_hash") in repeated]
    bodies = [
        {
            "query": {"term": {"text_hash": s["text_hash"]}},
            "size": 21,
            "sort": [{"day": "asc"}, {"id": "asc"}],
            "_source": ["id", "title", "date"],
        }
        for s in wanted
    ]
    found = {}
    for source, answer in zip(wanted, handle.msearch(bodies, "finding reposts"), strict=True):
        others = [
            h["_source"] for h in answer["hits"]["hits"] if h["_source"]["id"] != source["id"]
        ]
        found[source["id"]] = tuple(
            Repost(
                o["id"], o["title"], date.fromisoformat(o["date"][:10]) if o.get("date") else None
            )
            for o in others[:20]
        )
    return found


def suggest(handle: ClusterHandle, text: str) -> str | None:
    """The query with its unknown words replaced by the nearest words of the index (the
    cluster's term suggester over texts and questions, and speakers' names), or None."""
    words = plain_words(text)
    if not words:
        return None
    names = handle.cached("name words", lambda: name_words(s.name for s in speakers(handle)))
    body: dict[str, Any] = {
        "size": 0,
        "query": {"match_all": {}},
        "aggs": {
            "known": {
                "filters": {
                    "filters": {
                        w: {"bool": {"should": [{"term": {f: w}} for f in SPELLING_FIELDS]}}
                        for w in words
                    }
                }
            }
        },
        "suggest": {
            f"{field}-{n}": {
                "text": word,
                "term": {
                    "field": field,
                    "suggest_mode": "always",
                    "max_edits": 2,
                    "prefix_length": 1,
                    "size": 3,
                    "min_word_length": 3,
                },
            }
            for n, word in enumerate(words)
            for field in SPELLING_FIELDS
        },
    }
    answer = handle.search(body, "looking for spellings")
    known = answer["aggregations"]["known"]["buckets"]
    nearest: dict[str, str] = {}
    for n, word in enumerate(words):
        if word in names or known[word]["doc_count"]:
            continue
        found = _suggested(word, [answer["suggest"][f"{f}-{n}"] for f in SPELLING_FIELDS], names)
        if found:
            nearest[word] = found
    return respelt(text, nearest)


def _suggested(word: str, suggestions: list[list[dict]], names: set[str]) -> str | None:
    """The nearest of the term suggester's options for `word` over the spelling fields, and of
    names, by how often they occur in those fields."""
    frequency: dict[str, int] = {}
    for entries in suggestions:
        for entry in entries:
            for option in entry["options"]:
                frequency[option["text"]] = frequency.get(option["text"], 0) + option["freq"]
    return closest(word, frequency, names, lambda c: frequency.get(c, 0))


def _exported(
    handle: ClusterHandle, composed: Clause | None, sort: str, cap: int
) -> list[PassageView]:
    """The first `cap` results of a search, whole; with neither words nor filters, every
    passage of the index (reposts too), by document and position or by date.

    Hits are streamed from a point in time in pages (`search_after`), so an export is one state
    of the index however long it takes; a text published twice is given once, as search does.
    """
    everything = composed is None
    order = sort_clause(sort)
    if everything:
        composed = {"match_all": {}}
        if sort == "relevance":
            order = [{"doc_id": "asc"}, {"position": "asc"}]
    found: list[PassageView] = []
    seen: set[str] = set()
    with_pit = handle.call("opening a point in time", handle.client.create_pit, keep_alive="2m")
    pit = with_pit["pit_id"]
    try:
        after = None
        while len(found) < cap:
            body: dict[str, Any] = {
                "query": composed,
                "size": _EXPORT_CHUNK,
                "sort": order,
                "pit": {"id": pit, "keep_alive": "2m"},
                "_source": {"excludes": _NOT_SHOWN},
            }
            if after is not None:
                body["search_after"] = after
            hits = handle.search_pit(body, "exporting")["hits"]["hits"]
            for hit in hits:
                source = hit["_source"]
                if not everything:
                    if source["text_hash"] in seen:
                        continue
                    seen.add(source["text_hash"])
                found.append(passage_view(source, score=_score(hit, sort)))
                if len(found) >= cap:
                    break
            if len(hits) < _EXPORT_CHUNK:
                break
            after = hits[-1]["sort"]
    finally:
        # An unclosed point in time expires by itself.
        with contextlib.suppress(Exception):
            handle.client.delete_pit(body={"pit_id": [pit]})
    return found


export = exporting(compose, _exported)


def _by_id(handle: ClusterHandle, passage_id: str) -> dict | None:
    """The passage with this id, or the one it moved to (its `id` then differs: redirect)."""
    body = {
        "size": 2,
        "_source": {"excludes": _NOT_SHOWN},
        "query": {
            "bool": {
                "should": [
                    {"term": {"id": {"value": passage_id, "boost": 2}}},
                    {"term": {"former_ids": passage_id}},
                ]
            }
        },
    }
    hits = handle.search(body, "reading a passage")["hits"]["hits"]
    return hits[0]["_source"] if hits else None


def get_passage(handle: ClusterHandle, passage_id: str) -> PassageView | None:
    source = _by_id(handle, passage_id)
    if source is None:
        return None
    return passage_view(source, reposts=_reposts_of(handle, [source]).get(source["id"], ()))


def _document_passages(handle: ClusterHandle, field: str, doc_id: str) -> list[dict]:
    body = {
        "size": MAX_WINDOW,
        "query": {"term": {field: doc_id}},
        "sort": [{"position": "asc"}],
        "_source": {"excludes": _NOT_SHOWN},
    }
    return [h["_source"] for h in handle.search(body, "reading a document")["hits"]["hits"]]


def get_document(handle: ClusterHandle, doc_id: str) -> DocumentView | None:
    found = _document_passages(handle, "doc_id", doc_id)
    if not found:
        # A document renamed by a parser fix: its passages keep its old id as a former one.
        moved = _document_passages(handle, "former_doc_ids", doc_id)
        if moved:
            doc_id = moved[0]["doc_id"]
            found = _document_passages(handle, "doc_id", doc_id)
    passages = [passage_view(source) for source in found]
    return DocumentView.of(doc_id, passages)


def more_like(handle: ClusterHandle, passage_id: str, limit: int = 10) -> list[PassageView] | None:
    """Passages that share the most telling words of this one (the cluster's more_like_this);
    None if there is no such id."""
    source = _by_id(handle, passage_id)
    if source is None:
        return None
    body = {
        "size": limit,
        "_source": {"excludes": _NOT_SHOWN},
        "query": {
            "bool": {
                "must": [
                    {
                        "more_like_this": {
                            "fields": handle.analysed_fields()["text"],
                            "like": source["text"],
                            "min_term_freq": 1,
                            "min_doc_freq": 1,
                            "max_query_terms": 25,
                        }
                    }
                ],
                # Reposts of this very passage are not "like" it.
                "must_not": [{"term": {"text_hash": source["text_hash"]}}],
            }
        },
    }
    hits = handle.search(body, "finding similar passages")["hits"]["hits"]
    return [passage_view(h["_source"], score=_score(h, "relevance")) for h in hits]


def speakers(handle: ClusterHandle) -> list[SpeakerCount]:
    """Every speaker in the index with their number of passages, most passages first."""
    return handle.cached("speakers", lambda: _count_speakers(handle))


def _count_speakers(handle: ClusterHandle) -> list[SpeakerCount]:
    counted = []
    after = None
    while True:
        source: dict[str, Any] = {"size": 1000, "sources": [{"s": {"terms": {"field": "speaker"}}}]}
        if after:
            source["after"] = after
        body = {
            "size": 0,
            "aggs": {
                "speakers": {
                    "composite": source,
                    "aggs": {"name": {"top_hits": {"size": 1, "_source": ["speaker_name"]}}},
                }
            },
        }
        answer = handle.search(body, "counting speakers")["aggregations"]["speakers"]
        counted += [
            (
                bucket["key"]["s"],
                bucket["name"]["hits"]["hits"][0]["_source"]["speaker_name"],
                bucket["doc_count"],
            )
            for bucket in answer["buckets"]
        ]
        after = answer.get("after_key")
        if not after or len(answer["buckets"]) < 1000:
            break
    return speaker_counts(counted)
