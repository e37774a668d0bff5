"""What the table and JSON turns readers share: mappings from data, templates, dates, cell text.

Both readers read a file through a declarative mapping found in `indexer/data/sources/*.toml`
(`[[table_mapping]]`, `[[json_mapping]]`). `DocumentMapping` holds the keys they have in common:
how records make one document, and where its date, address and templated metadata come from.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from indexer.dates import find_date, parse_date
from indexer.model import Block
from indexer.text import normalise, paragraphs

MAPPINGS_DIR = Path(__file__).resolve().parent.parent / "data" / "sources"
DEFAULT_UNKNOWN = ("", "-", "–", "—", "missing", "n/a", "na", "none", "null", "unknown")

_FIELD = re.compile(r"\{([^{}]+)\}")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")


class MappingError(ValueError):
    """A mapping that cannot be used, or a file no mapping fits; the message says which."""


@dataclass(frozen=True)
class DocumentMapping:
    name: str = ""
    group_by: tuple[str, ...] = ()
    date: str | None = None
    date_format: str | None = None
    url: str | None = None
    title: str = ""
    kind: str = ""
    place: str = ""
    unknown: tuple[str, ...] = DEFAULT_UNKNOWN


M = TypeVar("M", bound=DocumentMapping)


@cache
def known_mappings(table: str) -> tuple[dict[str, Any], ...]:
    """Every `[[table]]` entry in the source profiles, in file order."""
    found: list[dict[str, Any]] = []
    for path in sorted(MAPPINGS_DIR.glob("*.toml")):
        with open(path, "rb") as fh:
            found.extend(tomllib.load(fh).get(table, []))
    return tuple(found)


def named_mapping(options: dict[str, Any], table: str) -> dict[str, Any] | None:
    """The mapping a profile's options name or give inline, or None if they say nothing."""
    chosen = options.get("mapping")
    if chosen is None or isinstance(chosen, dict):
        return chosen
    for mapping in known_mappings(table):
        if mapping.get("name") == chosen:
            return mapping
    raise MappingError(f"no [[{table}]] named {chosen!r} in {MAPPINGS_DIR}")


def find_mapping(
    options: dict[str, Any],
    table: str,
    as_mapping: Callable[[dict[str, Any]], M],
    fits: Callable[[M], bool],
    misfit: Callable[[M], str],
    none_fits: str,
) -> M:
    """The mapping the options name, which must fit; else the first known mapping that fits.

    `misfit` says why a named mapping does not fit, `none_fits` that no known one does.
    """
    named = named_mapping(options, table)
    if named is not None:
        mapping = as_mapping(named)
        if not fits(mapping):
            raise MappingError(misfit(mapping))
        return mapping
    for data in known_mappings(table):
        mapping = as_mapping(data)
        if fits(mapping):
            return mapping
    raise MappingError(none_fits)


def mapping_from(data: dict[str, Any], cls: type, nested: dict[str, type] | None = None) -> Any:
    """A mapping dataclass from its TOML table; an unknown key is an error, not a silent no-op."""
    names = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - names)
    if unknown:
        raise MappingError(f"mapping {data.get('name', '?')!r}: unknown keys {unknown}")
    values: dict[str, Any] = {}
    for key, value in data.items():
        if nested and key in nested:
            value = mapping_from(value, nested[key])
        elif isinstance(value, list):
            value = tuple(value)
        values[key] = value
    return cls(**values)


def fill_template(template: str, value_of: Callable[[str], str | None]) -> str:
    """The template with each "{field}" filled; "[...]" parts with an empty field are dropped."""

    def optional(match: re.Match[str]) -> str:
        part = match.group(1)
        if not all(value_of(name) for name in _FIELD.findall(part)):
            return ""
        return _FIELD.sub(lambda f: value_of(f.group(1)) or "", part)

    text = _OPTIONAL.sub(optional, template)
    text = _FIELD.sub(lambda f: value_of(f.group(1)) or "", text)
    return " ".join(text.split()).strip(" ,;:")


def read_date(value: str | None, date_format: str | None = None) -> date | None:
    """A date from a cell: by the mapping's strptime format, else as dates are usually written."""
    if not value:
        return None
    if date_format:
        try:
            return datetime.strptime(value.strip(), date_format).date()
        except ValueError:
            return None
    return parse_date(value) or find_date(value)


def known(value: Any, unknown: Iterable[str]) -> str | None:
    """A value as clean text, or None when it says it is not known."""
    if value is None or isinstance(value, dict | list):
        return None
    text = " ".join(normalise(str(value)).split())
    return None if text.casefold() in {u.casefold() for u in unknown} else text


def text_paragraphs(text: str) -> list[str]:
    """The paragraphs of a cell's text."""
    return [p for chunk in paragraphs(normalise(text)) for p in chunk]


def labelled(label: str | None, texts: list[str]) -> list[Block]:
    """A turn as blocks: the label on its first paragraph, the rest continuing it."""
    return [Block(label if i == 0 else None, text) for i, text in enumerate(texts)]
