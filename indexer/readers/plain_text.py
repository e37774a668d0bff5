"""Plain-text captures of web pages: one transcript, or a listing page holding several.

A capture carries the site's chrome (clocks, phone numbers, counters, "all messages") around the
documents. Documents start at headings: a dated item ("16.09.2021 - Title") or a title line that
names a kind of document and a date ("... interview with ..., Moscow, August 4, 2021"). What
stands before the first heading, and the short link lines that end the page, are chrome.
"""

from __future__ import annotations

import re
from pathlib import Path

from indexer.dates import find_date, parse_date
from indexer.model import Block, SourceDocument
from indexer.readers.base import SourceMeta
from indexer.speakers import default_registry
from indexer.text import normalise, paragraphs
from indexer.titles import describe_title

_ITEM_HEADING = re.compile(r"^(?P<date>[\w.,\- ]{8,20}?)\s+[-–—|]\s+(?P<title>\S.*)$")
_MAX_TITLE_WORDS = 60
_SENTENCE_END = re.compile(r"[.!?:;,]$")


def sniff(path: str, text: str) -> bool:
    return any(ch.isalpha() for ch in text[:10_000])


def _item_heading(line: str) -> tuple[str, object] | None:
    match = _ITEM_HEADING.match(line)
    if match:
        day = parse_date(match.group("date"))
        if day:
            return match.group("title").strip(), day
    return None


def _is_title_line(line: str) -> bool:
    """A line that reads as a document's title: no sentence end, a kind of document and a date."""
    if len(line.split()) > _MAX_TITLE_WORDS or _SENTENCE_END.search(line):
        return False
    facts = describe_title(line, default_registry())
    return facts.kind is not None and facts.date is not None and ":" not in line.split(",")[0]


def _is_link_line(paragraph: str) -> bool:
    return len(paragraph.split()) <= 3 and not re.search(r"[.!?]", paragraph)


def read(text: str, source: str, meta: SourceMeta) -> list[SourceDocument]:
    chunks = paragraphs(normalise(text))
    documents: list[tuple[str, object, list[str]]] = []
    for chunk in chunks:
        if len(chunk) == 1:
            item = _item_heading(chunk[0])
            if item:
                documents.append((item[0], item[1], []))
                continue
            if _is_title_line(chunk[0]):
                documents.append((chunk[0], find_date(chunk[0]), []))
                continue
        if documents:
            documents[-1][2].extend(chunk)
    if not documents:
        documents = [_whole_file_document(chunks, source)]
    else:
        body = documents[-1][2]
        while body and _is_link_line(body[-1]):
            body.pop()
    return [
        SourceDocument(
            title=title,
            date=day,
            source=source,
            blocks=tuple(Block(None, p) for p in body),
            language=meta.language,
            publisher=meta.publisher,
            url=meta.url,
        )
        for title, day, body in documents
    ]


def _whole_file_document(chunks: list[list[str]], source: str) -> tuple[str, object, list[str]]:
    """A file with no headings is one document, titled by its first line if that reads as one."""
    flat = [p for chunk in chunks for p in chunk]
    titled = len(flat) > 1 and len(chunks[0]) == 1 and not _SENTENCE_END.search(flat[0])
    if titled and len(flat[0].split()) <= _MAX_TITLE_WORDS:
        return flat[0], find_date(flat[0]), flat[1:]
    return Path(source).stem, None, flat
