"""The one Whoosh schema: what is searched, filtered, faceted and shown."""

from __future__ import annotations

import hashlib
from datetime import datetime

from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from indexer.model import Document, Passage, slugify
from search.engines.whoosh.analysis import exact_analyzer, text_analyzer
from search.engines.whoosh.columns import day_number

# BM25F weights: the words of an answer count most, then its question, then the title.
TEXT_BOOST = 2.0
QUESTION_BOOST = 1.0
TITLE_BOOST = 0.5

SEARCH_FIELDS = ("text", "question", "title")
# A quoted phrase is matched word for word, unstemmed, in these twins of the stemmed fields.
# Titles have no twin: one per passage would cost a sixth of the build for little gain, so a
# phrase in a title is matched stemmed.
EXACT_FIELDS = {"text": "exact", "question": "exact_question"}


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


def passage_fields(
    doc: Document,
    passage: Passage,
    doc_passages: int,
    neighbours: tuple[str | None, str | None] = (None, None),
    former_ids: list[str] | tuple[str, ...] = (),
    former_doc_ids: list[str] | tuple[str, ...] = (),
) -> dict:
    """One passage as a Whoosh document, its document's facts alongside."""
    fields = {
        "id": passage.id,
        "doc_id": doc.id,
        "position": passage.position,
        "doc_passages": doc_passages,
        "prev_id": neighbours[0],
        "next_id": neighbours[1],
        "kind": passage.kind,
        # An unknown speaker has no slug: no speaker record, no link; the role is shown.
        "speaker": slugify(passage.speaker),
        "speaker_name": passage.shown_speaker,
        "language": doc.language,
        "text": passage.text,
        "exact": passage.text,
        "text_hash": hashlib.sha1(" ".join(passage.text.split()).encode()).hexdigest()[:16],
        "title": doc.title,
        "site": slugify(doc.publisher or "unknown"),
        "dated": int(doc.date is not None),
        "day": day_number(doc.date),
        "doc_kind": doc.kind,
        "doc_speakers": list(doc.speakers),
        "source": doc.source,
        "also_sources": list(doc.also_sources),
        "publisher": doc.publisher,
        "url": doc.url,
    }
    if former_ids:
        fields["former_ids"] = " ".join(former_ids)
    if former_doc_ids:
        fields["former_doc_ids"] = " ".join(former_doc_ids)
    if passage.role:
        fields["role"] = passage.role
    if passage.question:
        fields["question"] = fields["exact_question"] = passage.question
    if passage.asker:
        fields["asker"] = slugify(passage.asker)
        fields["asker_name"] = passage.asker
    if passage.asker_outlet:
        fields["asker_outlet"] = slugify(passage.asker_outlet)
        fields["asker_outlet_name"] = passage.asker_outlet
    if doc.date:
        fields["date"] = datetime(doc.date.year, doc.date.month, doc.date.day)
        fields["date_precision"] = doc.date_precision or "day"
        fields["year"] = doc.date.year
    return fields
