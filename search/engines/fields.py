"""One passage as the fields every engine indexes: the same names and values in each, so that
Whoosh and OpenSearch cannot drift apart. Each engine adapts only the representation (Whoosh
wants space-separated keywords and datetimes; OpenSearch arrays and ISO dates)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date

from indexer.model import Document, Passage, slugify
from indexer.redirects import Redirects

# Relevance weights (BM25F in Whoosh, field boosts in OpenSearch): the words of an answer count
# most, then its question, then the title.
TEXT_BOOST = 2.0
QUESTION_BOOST = 1.0
TITLE_BOOST = 0.5

SEARCH_FIELDS = ("text", "question", "title")
# A quoted phrase is matched word for word, unstemmed, in these twins of the stemmed fields.
# Titles have no twin: one per passage would cost a sixth of the build for little gain, so a
# phrase in a title is matched stemmed.
EXACT_FIELDS = {"text": "exact", "question": "exact_question"}

# Words, keeping inner apostrophes and hyphens: "Russia's", "COVID-19". Both engines split
# text into words by this pattern.
WORD_PATTERN = r"\w+(?:['’\-]\w+)*"


def day_number(value: date | None) -> int:
    """A date as the sortable integer YYYYMMDD the "day" field holds; 0 for no date."""
    return value.year * 10000 + value.month * 100 + value.day if value else 0


def text_hash(text: str) -> str:
    """The same for two passages of the same words, however they were spaced."""
    return hashlib.sha1(" ".join(text.split()).encode()).hexdigest()[:16]


def document_fields(doc: Document, passages: list[Passage], moved: Redirects) -> Iterator[dict]:
    """Each passage of a document as its fields (`passage_fields`), in order, with its
    neighbours and the ids it and its document had in earlier builds."""
    ids = [None, *(p.id for p in passages), None]
    former_docs = moved.documents.get(doc.id, ())
    for i, passage in enumerate(passages, 1):
        yield passage_fields(
            doc,
            passage,
            len(passages),
            (ids[i - 1], ids[i + 1]),
            moved.passages.get(passage.id, ()),
            former_docs,
        )


def passage_fields(
    doc: Document,
    passage: Passage,
    doc_passages: int,
    neighbours: tuple[str | None, str | None] = (None, None),
    former_ids: list[str] | tuple[str, ...] = (),
    former_doc_ids: list[str] | tuple[str, ...] = (),
) -> dict:
    """One passage with its document's facts alongside; fields without a value are left out
    (an unknown speaker has no slug, an undated document no date)."""
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
        "text_hash": text_hash(passage.text),
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
        fields["former_ids"] = list(former_ids)
    if former_doc_ids:
        fields["former_doc_ids"] = list(former_doc_ids)
    if passage.role:
        fields["role"] = passage.role
    if passage.question:
        fields["question"] = fields["exact_question"] = passage.question
    if passage.asker:
        fields["asker"] = slugify(passage.asker)
        fields["asker_name"] = passage.asker
        # One word of the name finds the asker too: `asker:micklethwait`.
        fields["asker_words"] = slugify(passage.asker).split("-")
    if passage.asker_outlet:
        fields["asker_outlet"] = slugify(passage.asker_outlet)
        fields["asker_outlet_name"] = passage.asker_outlet
    if doc.date:
        # A date known to the year or month is stored as its first day, with its precision
        # beside it; pages show only what is known (indexer.dates).
        fields["date"] = date(doc.date.year, doc.date.month, doc.date.day)
        fields["date_precision"] = doc.date_precision or "day"
        fields["year"] = doc.date.year
    return fields
