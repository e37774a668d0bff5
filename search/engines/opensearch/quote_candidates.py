"""The quote finder's questions (`search.quotes.candidates.QuoteIndex`) answered by OpenSearch.

Words are the `exact` field's as the cluster analyses them (`_analyze`), terms the stemmed
`text` field's; the question twins answer for the part "question". A passage's key is its id.
Ranking is the cluster's own BM25 over the chosen terms (a `bool` of `term` clauses), and the
passages holding the most of them whatever their length by the same terms weighted by their
inverse passage frequency alone (`constant_score` clauses), as `QuoteIndex.ranked` asks.
"""

from __future__ import annotations

import hashlib
import math

from search.engines.fields import EXACT_FIELDS
from search.engines.opensearch.cluster import ClusterHandle
from search.engines.opensearch.query import filter_clauses
from search.engines.opensearch.searcher import passage_view
from search.errors import QueryError
from search.params import Filters
from search.quotes.candidates import Hit
from search.quotes.spelling import spelling_variants
from search.views import PassageView


class OpenSearchQuoteIndex:
    """One quote's questions to one index: made per quote, cheap to make."""

    def __init__(self, handle: ClusterHandle, filters: Filters | None = None) -> None:
        self._handle = handle
        if (
            filters
            and filters.date_from
            and filters.date_to
            and filters.date_from > filters.date_to
        ):
            raise QueryError("the 'from' date is after the 'to' date")
        self._filters = filter_clauses(filters) if filters else []
        self._passages: dict[str, dict] = {}
        self._counts: dict[tuple[str, str], int] = {}
        self._total: int | None = None

    def _analyze(self, field: str, text: str | list[str]) -> list[str]:
        answer = self._handle.call(
            "reading a quote",
            self._handle.client.indices.analyze,
            body={"field": field, "text": text},
        )
        return [token["token"] for token in answer["tokens"]]

    def words(self, text: str) -> list[str]:
        found = self._analyze("exact", text)
        # The finder asks next whether each word and its spelling twins are held: one request.
        self._count_all("exact", [v for word in found for v in (word, *spelling_variants(word))])
        return found

    def _count_all(self, field: str, terms: list[str]) -> None:
        """How many passages of the whole index hold each term, in one request."""
        missing = sorted({t for t in terms if (field, t) not in self._counts})
        if not missing:
            return
        filters = {f"t{n}": {"term": {field: term}} for n, term in enumerate(missing)}
        body = {"size": 0, "aggs": {"held": {"filters": {"filters": filters}}}}
        buckets = self._handle.search(body, "counting words")["aggregations"]["held"]["buckets"]
        for n, term in enumerate(missing):
            self._counts[field, term] = buckets[f"t{n}"]["doc_count"]

    def _count(self, field: str, term: str) -> int:
        """How many passages of the whole index hold the term (a document frequency)."""
        self._count_all(field, [term])
        return self._counts[field, term]

    def holds(self, word: str) -> bool:
        return self._count("exact", word) > 0

    def nearest_words(self, word: str, maxdist: int) -> list[str]:
        body = {
            "size": 0,
            "suggest": {
                "near": {
                    "text": word,
                    "term": {
                        "field": "exact",
                        "suggest_mode": "always",
                        "max_edits": max(1, min(2, maxdist)),
                        "prefix_length": 2,
                        "size": 2,
                        "min_word_length": 2,
                    },
                }
            },
        }
        answer = self._handle.search(body, "looking for spellings")
        return [o["text"] for entry in answer["suggest"]["near"] for o in entry["options"]]

    def terms(self, words: list[str]) -> list[tuple[str, int]]:
        # One analysis of every word: the stems are wanted as a set, not word by word.
        stems = set(self._analyze("text", words)) if words else set()
        self._count_all("text", list(stems))
        return sorted((s, self._counts["text", s]) for s in stems)

    def ranked(self, terms: list[str], limit: int, part: str = "text") -> list[Hit]:
        if not terms:
            return []
        if self._total is None:
            answer = self._handle.call("counting passages", self._handle.client.count)
            self._total = max(1, answer["count"])
        total = self._total
        weights = {t: math.log(1 + total / max(1, self._count(part, t))) for t in set(terms)}
        scored = {
            "bool": {
                "should": [{"term": {part: t}} for t in terms],
                "minimum_should_match": 1,
                "filter": self._filters,
            }
        }
        # A term listed twice counts twice, as a Whoosh posting read twice does.
        weighed = {
            "bool": {
                "should": [
                    {"constant_score": {"filter": {"term": {part: t}}, "boost": weights[t]}}
                    for t in terms
                ],
                "minimum_should_match": 1,
                "filter": self._filters,
            }
        }
        bodies = [
            {"query": scored, "size": limit, "sort": [{"_score": "desc"}, {"id": "asc"}]},
            {"query": weighed, "size": limit // 4, "sort": [{"_score": "desc"}, {"id": "asc"}]},
        ]
        pool: dict[str, Hit] = {}
        for answer in self._handle.msearch(bodies, "finding a quote"):
            for hit in answer["hits"]["hits"]:
                source = hit["_source"]
                self._passages.setdefault(source["id"], source)
                if source["id"] not in pool:
                    pool[source["id"]] = Hit(
                        source["id"], hit["_score"] or 0.0, self._hash(source, part), part
                    )
        return list(pool.values())

    def _hash(self, source: dict, part: str) -> str:
        """The text's hash; a question's is made here, as the index keeps none."""
        if part == "text":
            return source["text_hash"]
        question = source.get("question") or ""
        return "q" + hashlib.sha1(" ".join(question.split()).encode()).hexdigest()[:16]

    def word_count(self, word: str) -> int:
        return self._count("exact", word)

    def phrase_holders(
        self, phrases: list[list[str]], words: list[str], limit: int, part: str = "text"
    ) -> list[Hit]:
        field = EXACT_FIELDS[part]
        must = [{"match_phrase": {field: " ".join(p)}} for p in phrases]
        must += [{"term": {field: w}} for w in words]
        body = {
            "query": {"bool": {"must": must, "filter": self._filters}},
            "size": limit + 1,
            "sort": [{"doc_id": "asc"}, {"position": "asc"}],
        }
        hits = self._handle.search(body, "finding a quote")["hits"]["hits"]
        for hit in hits:
            self._passages.setdefault(hit["_source"]["id"], hit["_source"])
        return [Hit(h["_source"]["id"], 0.0, self._hash(h["_source"], part), part) for h in hits]

    def passage(self, key: str) -> PassageView:
        if key not in self._passages:
            body = {"query": {"term": {"id": key}}, "size": 1}
            [hit] = self._handle.search(body, "reading a passage")["hits"]["hits"]
            self._passages[key] = hit["_source"]
        return passage_view(self._passages[key])

    def splitter(self):
        return self._handle.splitter()
