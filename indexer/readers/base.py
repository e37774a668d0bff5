"""What every reader is given besides the text: where the file came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


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
