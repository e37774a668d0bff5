"""The data model shared by the indexer and the web layer, with stable, readable ids."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

# Passage kinds. An answer carries the question that prompted it; a question with no answer
# stands alone; everything said outside an exchange is a paragraph.
ANSWER = "answer"
QUESTION = "question"
PARAGRAPH = "paragraph"
PASSAGE_KINDS = (ANSWER, QUESTION, PARAGRAPH)


@dataclass(frozen=True)
class Block:
    """A piece of a page in reading order, as a reader found it: a speaker label or None."""

    label: str | None
    text: str


@dataclass(frozen=True)
class SourceDocument:
    """What a reader hands the transcript shaper: one document's metadata and its blocks.

    `kind`, `speaker` (who says the unlabelled text) and `asker` (who asks the unlabelled
    questions) are for readers whose source states them; left None, the shaper infers them from
    the title.
    """

    title: str
    date: date | None
    source: str
    blocks: tuple[Block, ...]
    language: str = "en"
    publisher: str | None = None
    url: str | None = None
    kind: str | None = None
    speaker: str | None = None
    asker: str | None = None
    place: str | None = None
    # True when the reader found every speaker label in the markup (bold names): the shaper
    # then looks for no labels in the text.
    labels_marked: bool = False


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    date: date | None
    kind: str
    speakers: tuple[str, ...]
    source: str
    language: str = "en"
    publisher: str | None = None
    url: str | None = None
    # Other files that published the same text: it is indexed once, under `source`.
    also_sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Passage:
    id: str
    doc_id: str
    position: int
    kind: str
    speaker: str
    text: str
    question: str | None = None
    asker: str | None = None

    @property
    def anchor(self) -> str:
        return f"p{self.position}"


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; Cyrillic and other letters are kept as they are."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = re.findall(r"[^\W_]+", text.lower())
    return "-".join(words)


def passage_id(doc_id: str, position: int) -> str:
    return f"{doc_id}-{position}"


def split_passage_id(pid: str) -> tuple[str, int] | None:
    """The document id and position a passage id was made from, or None if it is not one."""
    doc_id, sep, pos = pid.rpartition("-")
    if not sep or not doc_id or not pos.isdigit():
        return None
    return doc_id, int(pos)
