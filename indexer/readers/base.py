"""What every reader is given besides the text (where the file came from), and block helpers
more than one reader uses."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.model import Block


@dataclass(frozen=True)
class SourceMeta:
    """Facts about a file that its text does not carry.

    They come from a `source.toml` beside the file, or from a source profile in
    `indexer/data/sources/` whose `match` pattern fits the file's path. `options` holds what a
    reader of that format needs to know, such as which column of a table is the question, or a
    sidecar file (a manifest, a list of speakers) named relative to the file's folder.
    """

    publisher: str | None = None
    url: str | None = None
    language: str = "en"
    options: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    def sidecar(self, option: str) -> Path | None:
        """The file an option names, relative to this file's folder, if the option is set."""
        name = self.options.get(option)
        if not name or self.path is None:
            return None
        return (self.path.parent / name).resolve()


class MissingExtra(UserWarning):
    """A sidecar a source profile names (a manifest, a speaker table) is missing or unusable.

    A profile adds facts to pages that are readable on their own: without its extras a page is
    read with what it says itself, and the file's report carries the warning.
    """


def warn_missing_extra(path: Path, what: str) -> None:
    warnings.warn(f"{path}: {what}; read without it", MissingExtra, stacklevel=3)


def carry_bare_labels(blocks: Iterable[Block]) -> list[Block]:
    """A label standing alone on its line names the speaker of the paragraph after it.

    The bare label's own block is dropped; if a labelled paragraph follows instead, the bare
    label is forgotten.
    """
    carried: list[Block] = []
    pending: str | None = None
    for block in blocks:
        if block.label and not block.text:
            pending = block.label
            continue
        if pending and block.label is None:
            block = Block(pending, block.text)
        pending = None
        carried.append(block)
    return carried
