"""The quote finder's questions (`search.quotes.candidates.QuoteIndex`) answered by Whoosh."""

from __future__ import annotations

import heapq
import math

from nltk.tokenize.punkt import PunktSentenceTokenizer
from whoosh.query import And, Phrase, Query, Term
from whoosh.searching import Searcher

from search.engines.whoosh.searcher import IndexHandle, passage_view
from search.quotes.candidates import Hit
from search.sentences import splitter_for
from search.views import PassageView

# BM25's saturation and length normalisation, for a word found once.
BM25_K1 = 1.2
BM25_B = 0.75


def _text_lengths(searcher: Searcher) -> tuple[list[int], float]:
    """Every passage's length in words, and the average: read once per index build."""
    reader = searcher.reader()
    lengths = [reader.doc_field_length(d, "text") or 0 for d in range(reader.doc_count_all())]
    return lengths, max(1.0, sum(lengths) / max(1, len(lengths)))


class WhooshQuoteIndex:
    """One quote's questions to one state of the index: made per quote, cheap to make.

    Words are the `exact` field's (unstemmed), terms the `text` field's (stemmed); a passage's
    key is its docnum.
    """

    def __init__(self, handle: IndexHandle) -> None:
        self._handle = handle
        self._searcher = handle.searcher()
        self._reader = self._searcher.reader()
        self._exact = self._searcher.schema["exact"].analyzer
        self._stem = self._searcher.schema["text"].analyzer
        self._hashes = handle.columns().values["text_hash"]

    def words(self, text: str) -> list[str]:
        return [t.text for t in self._exact(text)]

    def holds(self, word: str) -> bool:
        return ("exact", word) in self._reader

    def nearest_words(self, word: str, maxdist: int) -> list[str]:
        return list(self._searcher.suggest("exact", word, limit=2, maxdist=maxdist, prefix=2))

    def terms(self, words: list[str]) -> list[tuple[str, int]]:
        stems = {t.text for word in words for t in self._stem(word)}
        return sorted((s, self._reader.doc_frequency("text", s)) for s in stems)

    def ranked(self, terms: list[str], limit: int) -> list[Hit]:
        """The sum of the terms' inverse passage frequencies, scaled by passage length as BM25
        does; the passages holding the most whatever their length, too."""
        reader = self._reader
        total = max(1, reader.doc_count_all())
        weights: dict[int, float] = {}
        for term in terms:
            idf = math.log(1 + total / reader.doc_frequency("text", term))
            for docnum in reader.postings("text", term).all_ids():
                weights[docnum] = weights.get(docnum, 0.0) + idf
        lengths, average = self._handle.cached("quote-text-lengths", _text_lengths)
        scaled = {
            d: w * (BM25_K1 + 1) / (1 + BM25_K1 * (1 - BM25_B + BM25_B * lengths[d] / average))
            for d, w in weights.items()
        }
        best = heapq.nlargest(limit, scaled, key=scaled.__getitem__)
        best += heapq.nlargest(limit // 4, weights, key=weights.__getitem__)
        pool = dict.fromkeys(d for d in best if not reader.is_deleted(d))
        return [Hit(d, scaled[d], self._hashes[d]) for d in pool]

    def word_count(self, word: str) -> int:
        return self._reader.doc_frequency("exact", word)

    def phrase_holders(self, phrases: list[list[str]], words: list[str], limit: int) -> list[Hit]:
        query = And([Phrase("exact", p) for p in phrases] + [Term("exact", w) for w in words])
        return [
            Hit(d, 0.0, self._hashes[d])
            for d in self._first(query, limit + 1)
            if not self._reader.is_deleted(d)
        ]

    def _first(self, query: Query, count: int) -> list[int]:
        found = []
        for docnum in query.docs(self._searcher):
            found.append(docnum)
            if len(found) >= count:
                break
        return found

    def passage(self, key: int) -> PassageView:
        return passage_view(self._searcher.stored_fields(key))

    def splitter(self) -> PunktSentenceTokenizer:
        return splitter_for(self._handle)
