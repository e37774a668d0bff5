"""What a user typed, as an OpenSearch query: Verbatim's query language read by the one parser
both engines share (`search.engines.whoosh.query.parse_tree`), each node translated into the
query DSL, and the search page's filters as filter clauses.

Words are handed to OpenSearch as they were typed (their places in the query text), so the
cluster's own analyzers stem them as they stemmed the passages; quoted phrases go to the
unstemmed `exact` twins, word for word, as on Whoosh.
"""

from __future__ import annotations

from typing import Any

from whoosh import query
from whoosh.util.times import long_to_datetime

from search.engines.fields import EXACT_FIELDS, QUESTION_BOOST, TEXT_BOOST, TITLE_BOOST, day_number
from search.engines.whoosh.query import MAX_EXPANSIONS, parse_tree
from search.engines.whoosh.schema import build_schema
from search.errors import QueryError
from search.params import Filters, speaker_slug

Clause = dict[str, Any]

# The weights of Whoosh's BM25F fields, given per clause here.
FIELD_BOOSTS = {
    "text": TEXT_BOOST,
    "question": QUESTION_BOOST,
    "title": TITLE_BOOST,
    "exact": TEXT_BOOST,
    "exact_question": QUESTION_BOOST,
}
_KEYWORD_FIELDS = ("kind", "site", "language")
_SCHEMA = build_schema()
# OpenSearch's slop counts moves; Whoosh's counts the distance between neighbours (1: adjacent).
_WHOOSH_ADJACENT = 1


class Translator:
    """One query's translation: `analysed` maps each searched field (text, question, title,
    exact, exact_question) to the index fields holding it (a stemmed field and its
    per-language sub-fields, as the index's mapping says)."""

    def __init__(self, text: str, analysed: dict[str, list[str]], marking: bool = False) -> None:
        self.text = text
        self.analysed = analysed
        # For the highlighter: phrases on the stemmed fields, whose text is in `_source` and
        # whose positions are those of the exact twins (filled from the same text).
        self.marking = marking

    def _typed(self, node: query.Query) -> str:
        start, end = getattr(node, "startchar", None), getattr(node, "endchar", None)
        if start is None or end is None:
            return str(getattr(node, "text", ""))
        return self.text[start:end]

    def _words(self, fieldname: str, typed: str, boost: float, **options: Any) -> Clause:
        """`typed` matched in every index field holding `fieldname`, analysed as they are."""
        weight = FIELD_BOOSTS.get(fieldname, 1.0) * boost
        fields = self.analysed.get(fieldname, [fieldname])
        clauses = [
            # A word the analyzer drops (a stop word) restricts nothing, as an unknown word
            # would not on Whoosh, whose analyzers keep every word.
            {
                "match": {
                    name: {
                        "query": typed,
                        "boost": weight,
                        "operator": "and",
                        "zero_terms_query": "all",
                        **options,
                    }
                }
            }
            for name in fields
        ]
        return clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses}}

    def _phrase(self, node: query.Phrase) -> Clause:
        ranges = getattr(node, "char_ranges", None) or []
        if ranges and all(start is not None for start, _ in ranges):
            typed = " ".join(self.text[start:end] for start, end in ranges)
        else:
            typed = " ".join(node.words)
        fieldname = (
            node.fieldname if self.marking else EXACT_FIELDS.get(node.fieldname, node.fieldname)
        )
        slop = max(0, node.slop - _WHOOSH_ADJACENT)
        weight = FIELD_BOOSTS.get(fieldname, 1.0) * node.boost
        fields = [fieldname] if fieldname in EXACT_FIELDS.values() else self.analysed[fieldname]
        clauses = [
            {"match_phrase": {name: {"query": typed, "slop": slop, "boost": weight}}}
            for name in fields
        ]
        return clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses}}

    def translate(self, node: query.Query) -> Clause:
        if isinstance(node, query.And | query.Require):
            return {"bool": {"must": [self.translate(c) for c in node.children()]}}
        if isinstance(node, query.Or | query.DisjunctionMax):
            return {
                "bool": {
                    "should": [self.translate(c) for c in node.children()],
                    "minimum_should_match": 1,
                }
            }
        if isinstance(node, query.Not):
            return {"bool": {"must_not": [self.translate(node.query)]}}
        if isinstance(node, query.AndNot):
            return {
                "bool": {"must": [self.translate(node.a)], "must_not": [self.translate(node.b)]}
            }
        if isinstance(node, query.AndMaybe):
            return {"bool": {"must": [self.translate(node.a)], "should": [self.translate(node.b)]}}
        if isinstance(node, query.Every):
            field = getattr(node, "fieldname", None)
            return {"exists": {"field": field}} if field else {"match_all": {}}
        if isinstance(node, query.NumericRange):
            return self._range(node)
        fieldname = getattr(node, "fieldname", None)
        if fieldname in ("speaker", "asker"):
            return self._name(node, fieldname)
        if isinstance(node, query.Phrase):
            return self._phrase(node)
        if isinstance(node, query.Prefix | query.Wildcard):
            return self._wildcard(node)
        if isinstance(node, query.FuzzyTerm):
            return self._words(
                fieldname,
                self._typed(node).rstrip("~0123456789"),
                node.boost,
                fuzziness=node.maxdist,
            )
        if isinstance(node, query.Term):
            return self._term(node)
        if isinstance(node, query.TermRange):
            bounds = {
                "gt" if node.startexcl else "gte": node.start,
                "lt" if node.endexcl else "lte": node.end,
            }
            return {"range": {fieldname: {k: v for k, v in bounds.items() if v is not None}}}
        if node is query.NullQuery:
            return {"match_none": {}}
        raise QueryError(f"cannot search for {node!r} on this engine")

    def _term(self, node: query.Term) -> Clause:
        fieldname = node.fieldname
        if fieldname in FIELD_BOOSTS:
            return self._words(fieldname, self._typed(node), node.boost)
        if fieldname == "year":
            return {"term": {"year": _SCHEMA["year"].from_bytes(node.text)}}
        if fieldname in _KEYWORD_FIELDS:
            return {"term": {fieldname: str(node.text)}}
        return {"term": {fieldname: node.text}}

    def _name(self, node: query.Query, fieldname: str) -> Clause:
        """Names become speaker slugs; `asker:` is the person who asked or their outlet."""
        said = " ".join(node.words) if isinstance(node, query.Phrase) else str(node.text)
        slug = speaker_slug(said)
        if fieldname == "asker":
            return {
                "bool": {"should": [{"term": {"asker": slug}}, {"term": {"asker_outlet": slug}}]}
            }
        return {"term": {"speaker": slug}}

    def _wildcard(self, node: query.Prefix | query.Wildcard) -> Clause:
        # As on Whoosh, a wildcard stands for its most frequent words only.
        pattern = str(node.text).lower() + ("*" if isinstance(node, query.Prefix) else "")
        fields = self.analysed.get(node.fieldname, [node.fieldname])
        weight = FIELD_BOOSTS.get(node.fieldname, 1.0) * node.boost
        clauses = [
            {
                "wildcard": {
                    name: {
                        "value": pattern,
                        "boost": weight,
                        "rewrite": f"top_terms_{MAX_EXPANSIONS}",
                    }
                }
            }
            for name in fields
        ]
        return clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses}}

    def _range(self, node: query.NumericRange) -> Clause:
        if node.fieldname == "date":
            # Whoosh's dates are longs; the `day` field holds the same dates as YYYYMMDD.
            start = day_number(long_to_datetime(node.start)) if node.start is not None else None
            end = day_number(long_to_datetime(node.end)) if node.end is not None else None
            field = "day"
        else:
            start, end, field = node.start, node.end, node.fieldname
        bounds: dict[str, Any] = {"gte": 1} if field == "day" else {}
        if start is not None:
            bounds["gt" if node.startexcl else "gte"] = start
        if end is not None:
            bounds["lt" if node.endexcl else "lte"] = end
        return {"range": {field: bounds}}


def parse(text: str, analysed: dict[str, list[str]], marking: bool = False) -> Clause:
    """The OpenSearch query for what a user typed; a `QueryError` says why it cannot be run.
    With `marking`, the query the highlighter marks a passage's text by."""
    tree, text = parse_tree(text, _SCHEMA)
    return Translator(text, analysed, marking).translate(tree)


def filter_clauses(filters: Filters) -> list[Clause]:
    """The filters as clauses every hit must pass; an empty allowed set is no hit, never "no
    filter"."""
    clauses: list[Clause] = []
    if filters.speakers:
        clauses.append({"terms": {"speaker": [speaker_slug(v) for v in filters.speakers]}})
    if filters.askers:
        slugs = [speaker_slug(v) for v in filters.askers]
        clauses.append(
            {"bool": {"should": [{"terms": {"asker": slugs}}, {"terms": {"asker_outlet": slugs}}]}}
        )
    for fieldname, values in (
        ("kind", filters.kinds),
        ("site", filters.sites),
        ("language", filters.languages),
    ):
        if values:
            clauses.append({"terms": {fieldname: list(values)}})
    if filters.date_from or filters.date_to:
        # A date known to the year is stored as its first day, as on Whoosh: "from=1954" finds
        # it, and so does any range holding that first day. Undated passages (day 0) never fall
        # in a range.
        bounds = {"gte": day_number(filters.date_from) if filters.date_from else 1}
        if filters.date_to:
            bounds["lte"] = day_number(filters.date_to)
        clauses.append({"range": {"day": bounds}})
    if filters.undated:
        clauses.append({"term": {"dated": 0}})
    return clauses
