"""Citations of a single passage, in plain text."""

from __future__ import annotations

from datetime import date

from indexer.search import PassageView

_KIND_PHRASES = {"answer": "answer", "question": "question", "paragraph": "statement"}


def long_date(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else "undated"


def plain_citation(passage: PassageView, permalink: str, retrieved: date) -> str:
    """`Sergey Lavrov, answer to Komsomolskaya Pravda, in "Title", 4 August 2021. ...`"""
    said = _KIND_PHRASES.get(passage.kind, passage.kind)
    if passage.kind == "answer" and passage.asker:
        said += f" to {passage.asker}"
    parts = [f'{passage.speaker}, {said}, in "{passage.title}", {long_date(passage.date)}.']
    if passage.publisher:
        parts.append(f"{passage.publisher}.")
    parts.append(f"Source: {passage.url or passage.source}.")
    parts.append(f"Verbatim, {permalink} (retrieved {long_date(retrieved)}).")
    return " ".join(parts)
