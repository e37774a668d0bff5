"""What every reader is given besides the text: where the file came from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceMeta:
    """Facts about a file that its text does not carry, from the `source.toml` beside it."""

    publisher: str | None = None
    url: str | None = None
    language: str = "en"
