"""Readers: one module per format, each with `sniff(path, text)` and `read(text, source, meta)`.

A reader knows its format and nothing else: it returns documents as metadata and blocks, never
decides what is a question, and never touches the index.
"""

from __future__ import annotations

from types import ModuleType

from indexer.readers import plain_text

# In order of preference: the first whose `sniff` accepts a file reads it.
READERS: dict[str, ModuleType] = {
    "text": plain_text,
}


class UnknownFormat(ValueError):
    pass


def reader_for(path: str, text: str, forced: str | None = None) -> ModuleType:
    if forced:
        if forced not in READERS:
            raise UnknownFormat(f"unknown format {forced!r}; known: {', '.join(READERS)}")
        return READERS[forced]
    for reader in READERS.values():
        if reader.sniff(path, text):
            return reader
    raise UnknownFormat("no reader recognises this file's format")
