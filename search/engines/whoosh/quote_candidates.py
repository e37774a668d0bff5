"""The quote finder's questions (`search.quotes.candidates.QuoteIndex`) answered by Whoosh."""

from __future__ import annotations

import hashlib
import heapq
import math
from collections.abc import Callable

from nltk.tokenize.punkt import PunktSentenceTokenizer
from whoosh.query import And, Phrase, Query, Term
from whoosh.searching import Searcher

from search.engines.whoosh.schema import EXACT_FIELDS
from search.engines.whoosh.searcher import IndexHandle, filter_terms, passage_view
from search.errors import QueryError
from search.params import Filters
from search.quotes.candidates import Hit
from search.sentences import splitter_for
from search.views import PassageView

# BM25's saturation and length normalisation, for a word found once.
BM25_K1 = 1.2
BM25_B = 0.75


def _lengths(field: str) -> Callable[[Searcher], tuple[list[int], float]]:
    def read(searcher: Searcher) -> tuple[list[int], float]:
        """Every passage's length in words, and the average: read once per index build.

        A question's average is over the passages that have one."""
        reader = searcher.reader()
        lengths = [reader.doc_field_length(d, field) or 0 for d in range(reader.doc_count_all())]
        held = lengths if field == "text" else [n for n in lengths if n]
        return lengths, max(1.0, sum(held) / max(1, len(held)))

    return read


class WhooshQuoteIndex:
    """One quote's questions to one state of the index: made per quote, cheap to make.

    Words are the `exact` field's (unstemmed), terms the `text` field's (stemmed), and their
    question twins for the part "question"; a passage's key is its docnum. With filters, only
    the passages they allow are offered, as a search with them would find.
    """

    def __init__(self, handle: IndexHandle, filters: Filters | None = None) -> None:
        self._handle = handle
        self._searcher = handle.searcher()
        self._reader = self._searcher.reader()
        self._exact = self._searcher.schema["exact"].analyzer
        self._stem = self._searcher.schema["text"].analyzer
        self._hashes = handle.columns().values["text_hash"]
        self._allowed = self._scope(filters) if filters else None

    def _scope(self, filters: Filters) -> set[int]:
        """The docnums the filters allow: an empty set when none is (never "no filter")."""
        if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
            raise QueryError("the 'from' date is after the 'to' date")
        allowed: set[int] | None = None
        if filters.date_from or filters.date_to:
            allowed = self._handle.columns().in_date_range(filters.date_from, filters.date_to)
        terms = filter_terms(filters)
        if terms:
            matched = set(self._searcher.docs_for_query(And(terms)))
            allowed = matched if allowed is None else allowed & matched
        return allowed if allowed is not None else set(self._handle.columns().live)

    def _offered(self, docnum: int) -> bool:
        if self._reader.is_deleted(docnum):
            return False
        return self._allowed is None or docnum in self._allowed

    def words(self, text: str) -> list[str]:
        return [t.text for t in self._exact(text)]

    def holds(self, word: str) -> bool:
        return ("exact", word) in self._reader

    def nearest_words(self, word: str, maxdist: int) -> list[str]:
        return list(self._searcher.suggest("exact", word, limit=2, maxdist=maxdist, prefix=2))

    def terms(self, words: list[str]) -> list[tuple[str, int]]:
        stems = {t.text for word in words for t in self._stem(word)}
        return sorted((s, self._reader.doc_frequency("text", s)) for s in stems)

    def ranked(self, terms: list[str], limit: int, part: str = "text") -> list[Hit]:
        """The sum of the terms' inverse passage frequencies, scaled by passage length as BM25
        does; the passages holding the most whatever their length, too."""
        reader = self._reader
        total = max(1, reader.doc_count_all())
        weights: dict[int, float] = {}
        for term in terms:
            if (part, term) not in reader:
                continue
            idf = math.log(1 + total / reader.doc_frequency(part, term))
            for docnum in reader.postings(part, term).all_ids():
                weights[docnum] = weights.get(docnum, 0.0) + idf
        if self._allowed is not None:
            weights = {d: w for d, w in weights.items() if d in self._allowed}
        lengths, average = self._handle.cached(f"quote-{part}-lengths", _lengths(part))
        scaled = {
            d: w * (BM25_K1 + 1) / (1 + BM25_K1 * (1 - BM25_B + BM25_B * lengths[d] / average))
            for d, w in weights.items()
        }
        best = heapq.nlargest(limit, scaled, key=scaled.__getitem__)
        best += heapq.nlargest(limit // 4, weights, key=weights.__getitem__)
        pool = dict.fromkeys(d for d in best if not reader.is_deleted(d))
        return [Hit(d, scaled[d], self._hash(d, part), part) for d in pool]

    def _hash(self, docnum: int, part: str) -> str:
        """The text's hash; a question's is made here, as the index keeps none."""
        if part == "text":
            return self._hashes[docnum]
        question = self._searcher.stored_fields(docnum).get("question") or ""
        return "q" + hashlib.sha1(" ".join(question.split()).encode()).hexdigest()[:16]

    def word_count(self, word: str) -> int:
        return self._reader.doc_frequency("exact", word)

    def phrase_holders(
        self, phrases: list[list[str]], words: list[str], limit: int, part: str = "text"
    ) -> list[Hit]:
        field = EXACT_FIELDS[part]
        query = And([Phrase(field, p) for p in phrases] + [Term(field, w) for w in words])
        return [Hit(d, 0.0, self._hash(d, part), part) for d in self._first(query, limit + 1)]

    def _first(self, query: Query, count: int) -> list[int]:
        found = []
        for docnum in query.docs(self._searcher):
            if self._offered(docnum):
                found.append(docnum)
                if len(found) >= count:
                    break
        return found

    def passage(self, key: int) -> PassageView:
        return passage_view(self._searcher.stored_fields(key))

    def splitter(self) -> PunktSentenceTokenizer:
        return splitter_for(self._handle)
