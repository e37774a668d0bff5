"""Readers: one module per format, each with `sniff(path, text)` and `read(text, source, meta)`.

A reader knows its format and nothing else: it returns documents as metadata and blocks, never
decides what is a question, and never touches the index. `sniff` looks at the content (and, where
the content cannot tell, the file name); the first reader in READERS that accepts a file reads it.
"""

from __future__ import annotations

from types import ModuleType

from indexer.readers import (
    html_page,
    json_turns,
    kremlin_html,
    markdown,
    plain_text,
    table,
    ungd_text,
)

# Site-specific readers before the generic ones; plain text accepts anything, so it comes last.
READERS: dict[str, ModuleType] = {
    "json": json_turns,
    "table": table,
    "kremlin": kremlin_html,
    "html": html_page,
    "markdown": markdown,
    "ungd": ungd_text,
    "text": plain_text,
}


class UnknownFormat(ValueError):
    pass


def reader_for(path: str, text: str, forced: str | None = None) -> tuple[str, ModuleType]:
    """The name and module of the reader for this file."""
    if forced:
        if forced not in READERS:
            raise UnknownFormat(f"unknown format {forced!r}; known: {', '.join(READERS)}")
        return forced, READERS[forced]
    for name, reader in READERS.items():
        if reader.sniff(path, text):
            return name, reader
    raise UnknownFormat("no reader recognises this file's format")
