"""The one Whoosh schema: what is searched, filtered, faceted and shown."""

from __future__ import annotations

from datetime import datetime

from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from search.engines.fields import (
    EXACT_FIELDS,
    QUESTION_BOOST,
    SEARCH_FIELDS,
    TEXT_BOOST,
    TITLE_BOOST,
)
from search.engines.whoosh.analysis import exact_analyzer, text_analyzer

# Imported from here by the Whoosh query code; defined beside the shared fields.
__all__ = ["EXACT_FIELDS", "SEARCH_FIELDS", "build_schema", "whoosh_fields"]


def build_schema() -> Schema:
    analyzer = text_analyzer()
    exact = exact_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        doc_id=ID(stored=True),
        position=NUMERIC(int, stored=True, sortable=True),
        doc_passages=STORED,
        # The redirect table: ids this passage (and its document) had in earlier builds, and
        # its positional id (`indexer.redirects`); space-separated, looked up word for word.
        former_ids=KEYWORD(stored=True),
        former_doc_ids=KEYWORD(stored=True),
        # Neighbours by id, as ids are no longer positions.
        prev_id=STORED,
        next_id=STORED,
        kind=ID(stored=True, sortable=True),
        # Exact and facetable by slug ("sergey-lavrov"); the name as shown is stored beside it.
        speaker=ID(stored=True, sortable=True),
        speaker_name=STORED,
        role=STORED,
        asker=ID(stored=True, sortable=True),
        asker_name=STORED,
        # Each word of the asker's name, slugged: `asker:micklethwait` finds John Micklethwait.
        asker_words=KEYWORD,
        # The outlet the asker speaks for: `asker:` matches it too.
        asker_outlet=ID(stored=True),
        asker_outlet_name=STORED,
        date=DATETIME(stored=True, sortable=True),
        # "day", "month" or "year": a date known to the year is stored as its first day, and
        # `day` below is that first day too; pages show the year alone (indexer.dates).
        date_precision=ID(stored=True),
        # The date as a number (20210804, 0 when unknown): fast to range over and to count by.
        day=NUMERIC(int, bits=32, sortable=True),
        year=NUMERIC(int, sortable=True),
        # 1 when dated: sorting by date, oldest or newest first, puts the undated last.
        dated=NUMERIC(int, sortable=True),
        language=ID(stored=True, sortable=True),
        site=ID(sortable=True),
        text_hash=ID(sortable=True),
        # Stemmed words rank and match; positions live in the exact twins, which phrases use.
        text=TEXT(analyzer=analyzer, stored=True, phrase=False, field_boost=TEXT_BOOST),
        question=TEXT(analyzer=analyzer, stored=True, phrase=False, field_boost=QUESTION_BOOST),
        title=TEXT(analyzer=analyzer, stored=True, field_boost=TITLE_BOOST),
        exact=TEXT(analyzer=exact, field_boost=TEXT_BOOST),
        exact_question=TEXT(analyzer=exact, field_boost=QUESTION_BOOST),
        doc_kind=ID(stored=True),
        doc_speakers=STORED,
        source=STORED,
        also_sources=STORED,
        publisher=STORED,
        url=STORED,
    )


def whoosh_fields(fields: dict) -> dict:
    """A passage's shared fields (`search.engines.fields.passage_fields`) as a Whoosh document:
    former ids and the asker's words as space-separated keywords, the date as a datetime."""
    fields = dict(fields)
    for name in ("former_ids", "former_doc_ids", "asker_words"):
        if name in fields:
            fields[name] = " ".join(fields[name])
    if "date" in fields:
        day = fields["date"]
        fields["date"] = datetime(day.year, day.month, day.day)
    return fields
