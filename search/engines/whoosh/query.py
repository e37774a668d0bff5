"""What a user typed, as a Whoosh query: the syntax, speaker names, exact phrases, field names."""

from __future__ import annotations

import re

from whoosh import query
from whoosh.qparser import MultifieldParser
from whoosh.util.times import TimeError

from search.engines.whoosh.analysis import exact_analyzer
from search.engines.whoosh.schema import EXACT_FIELDS, SEARCH_FIELDS
from search.errors import QueryError
from search.params import speaker_slug

# What users may write before a colon, and the index field each names.
FIELD_NAMES = {
    "text": "text",
    "question": "question",
    "title": "title",
    "speaker": "speaker",
    "kind": "kind",
    "date": "date",
    "year": "year",
    "asker": "asker",
    "outlet": "asker",
    "site": "site",
    "source": "site",
    "language": "language",
    "lang": "language",
}
_FIELD_PREFIX = re.compile(r"(?<![\w\"'])([A-Za-z_]+):(?=\S)")
_QUOTED = re.compile(r'"[^"]*"')
_NAME_FIELDS = ("speaker", "asker")
# A wildcard stands for at most this many words (the most frequent ones), and needs this many
# letters before its first * or ?.
MAX_EXPANSIONS = 50
MIN_WILDCARD_PREFIX = 3


def _check_field_names(text: str) -> str:
    """The query with field aliases replaced by index names; an unknown name is an error."""

    def replace(match: re.Match) -> str:
        name = match.group(1).lower()
        if name not in FIELD_NAMES:
            known = ", ".join(sorted(set(FIELD_NAMES) - {"outlet", "source", "lang"}))
            raise QueryError(
                f"unknown field {match.group(1)!r}: fields are {known}; "
                "put words with a colon in quotes to search for them"
            )
        return FIELD_NAMES[name] + ":"

    pieces, last = [], 0
    for quoted in _QUOTED.finditer(text):
        pieces.append(_FIELD_PREFIX.sub(replace, text[last : quoted.start()]))
        pieces.append(quoted.group())
        last = quoted.end()
    pieces.append(_FIELD_PREFIX.sub(replace, text[last:]))
    return "".join(pieces)


def asker_query(said: str, boost: float = 1.0) -> query.Query:
    """`asker:bloomberg` finds Bloomberg's own questions and its journalists' ones, and
    `asker:micklethwait` a journalist's questions by one word of their name."""
    slug = speaker_slug(said)
    fields = ("asker", "asker_outlet", "asker_words")
    return query.Or([query.Term(field, slug) for field in fields], boost=boost)


def _rewrite(node: query.Query, text: str) -> query.Query:
    """Names become speaker slugs; a quoted phrase is matched word for word, unstemmed."""
    fieldname = getattr(node, "fieldname", None)
    if fieldname in _NAME_FIELDS and isinstance(node, query.Term | query.Phrase):
        said = " ".join(node.words) if isinstance(node, query.Phrase) else str(node.text)
        if fieldname == "asker":  # the person who asked, or the outlet they asked for
            return asker_query(said, node.boost)
        return query.Term(fieldname, speaker_slug(said), boost=node.boost)
    if isinstance(node, query.Phrase) and fieldname in EXACT_FIELDS:
        # The parser stemmed the words; their places in the query give them back as typed.
        ranges = getattr(node, "char_ranges", None) or []
        if ranges and all(start is not None for start, _ in ranges):
            typed = " ".join(text[start:end] for start, end in ranges)
            words = [t.text for t in exact_analyzer()(typed)]
            return query.Phrase(EXACT_FIELDS[fieldname], words, slop=node.slop, boost=node.boost)
    return node


def _cap_wildcards(node: query.Query, reader) -> query.Query:
    """`a*` over a large vocabulary: the most frequent expansions only, so it stays fast."""
    if isinstance(node, query.Prefix | query.Wildcard):
        words = list(node._btexts(reader)) if reader else []
        if len(words) > MAX_EXPANSIONS:
            field = node.fieldname
            words = sorted(words, key=lambda w: -reader.doc_frequency(field, w))[:MAX_EXPANSIONS]
        texts = [w.decode() if isinstance(w, bytes) else w for w in words]
        return query.Or([query.Term(node.fieldname, t) for t in texts], boost=node.boost)
    return node


def parse_tree(text: str, schema) -> tuple[query.Query, str]:
    """What a user typed, read as Verbatim's query language: the parsed tree (words still as
    Whoosh's analyzers wrote them, each with its place in the text) and the text its places
    refer to (field aliases replaced). Every engine translates this one tree, so the syntax
    cannot drift between them; a `QueryError` says why it cannot be run."""
    text = _check_field_names(text)
    parser = MultifieldParser(list(SEARCH_FIELDS), schema)
    try:
        parsed = parser.parse(text)
    except TimeError as exc:
        # A date the calendar does not have ("2021-13-01"): Whoosh raises rather than skips.
        raise QueryError(f"could not read the date in {text[:80]!r}: {exc}") from None
    except Exception as exc:
        # A range bound Whoosh's date field cannot read ("date:[ TO]") raises a bare Exception
        # or a ValueError: the query's fault, not the server's. Anything else stays an error.
        if "date:" not in text:
            raise
        raise QueryError(f"could not read the date in {text[:80]!r}: {exc}") from None
    if re.search(r"\bdate:", text) and not any(
        getattr(q, "fieldname", None) == "date" for q in parsed.leaves()
    ):
        raise QueryError(f"could not read the date in {text!r}: write dates as YYYY-MM-DD")
    if parsed is query.NullQuery or not list(parsed.leaves()):
        raise QueryError(f"there is nothing to search for in {text[:80]!r}")
    if all(isinstance(q, query.Every) for q in parsed.leaves()):
        raise QueryError("a lone * matches every passage: add a word, or use the filters")
    for leaf in parsed.leaves():
        if isinstance(leaf, query.Prefix | query.Wildcard):
            check_wildcard(str(leaf.text))
    return parsed, text


def check_wildcard(word: str) -> None:
    """`a*` stands for a large part of the vocabulary: even capped, the union of its words'
    postings is most of the index, and takes minutes to walk."""
    if len(re.split(r"[*?]", word)[0]) < MIN_WILDCARD_PREFIX:
        raise QueryError(
            f"a wildcard needs at least {MIN_WILDCARD_PREFIX} letters before it: "
            f"{word!r} is too short"
        )


def parse_query(text: str, searcher) -> query.Query:
    """The Whoosh query for what a user typed; a `QueryError` says why it cannot be run."""
    parsed, text = parse_tree(text, searcher.schema)
    parsed = parsed.accept(lambda node: _rewrite(node, text))
    return parsed.accept(lambda node: _cap_wildcards(node, searcher.reader()))
