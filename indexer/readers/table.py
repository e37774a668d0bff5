"""Tables of transcripts: CSV with a header row, or JSONL (one JSON object per line).

No code per file: a small declarative *mapping* says which column is what. Mappings live in data,
as `[[table_mapping]]` entries in `indexer/data/sources/*.toml`; a file whose header has every
column a mapping names is read with it, wherever it lies. A source profile or a `source.toml`
may also name one (`mapping = "cmfa-qa"` under its options) or give one inline
(`[options.mapping]`, same keys).

Keys of a table mapping (all optional but `name`, and `text` or `question`/`answer`):

    name          what the profile calls it
    question      the question's column          } a row becomes Block("Question (<asker>)",
    answer        the answer's column            }   question), Block(<speaker>, answer)
    asker         who asked; unknown → plain "Question"
    asker_repeats values of `asker` that mean the asker of the row before ("Follow-up")
    speaker       who answers, or says the text; unknown → "Answer" (the document's speaker)
    text          columns of text, concatenated in order; fnmatch patterns ("body_*") allowed
    join          what goes between text columns (default a paragraph break; "" for a page
                  continued mid-word in the next column)
    breaks        markers that end a paragraph in flowing text, dropped with it ("<…>")
    group_by      columns whose equal values make rows one document (date and link: one press
                  conference); without it each row is a document
    date          the date's column; `date_format` a strptime format if it is not a usual date
    url           the source address's column
    title, kind, place
                  templates: "{column}" is the value; "[...]" is dropped when a column in it has
                  no value, so "Spokesperson[ {name}'s] Briefing" reads well either way
    unknown       values meaning "not known" (default: empty, "-", "missing", "n/a", ...)
    language      the text's language, when every file of this shape has the same one
    [page]        a web page flattened into the text columns; its chrome is dropped:
      header        columns the page opens with, in order (section, title, lead, date, place; a
                    column may come twice): text up to the last found, and a clock time after
                    it, is dropped
      see_also      words opening lists of related links, each link ending in a date
      footer        words opening the page footer, dropped from their last occurrence
      tags          words opening trailing tag lists ("Темы ..."), dropped after the last sentence
      drop          phrases of page chrome dropped wherever they stand (a calendar widget)
      person_cards  labels carry a person card: "А.Беглов Беглов Александр Дмитриевич
                    губернатор Санкт-Петербурга :" becomes "А.Беглов :"

The keys every mapping has (name, group_by, date, date_format, url, title, kind, place, unknown)
and the template, date and mapping helpers are shared with the JSON turns reader, in `mapping.py`.
"""

from __future__ import annotations

import csv
import fnmatch
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.dates import find_dates
from indexer.model import Block, SourceDocument
from indexer.readers.base import SourceMeta
from indexer.readers.mapping import (
    DocumentMapping,
    MappingError,
    fill_template,
    find_mapping,
    known,
    known_mappings,
    labelled,
    mapping_from,
    read_date,
    text_paragraphs,
)
from indexer.text import normalise

_DELIMITERS = ",;\t|"


# The mapping.


@dataclass(frozen=True)
class PageChrome:
    header: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    footer: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    person_cards: bool = False


@dataclass(frozen=True)
class TableMapping(DocumentMapping):
    question: str | None = None
    answer: str | None = None
    asker: str | None = None
    asker_repeats: tuple[str, ...] = ()
    speaker: str | None = None
    text: tuple[str, ...] = ()
    join: str = "\n\n"
    breaks: tuple[str, ...] = ()
    language: str | None = None
    page: PageChrome | None = None

    def columns(self) -> list[str]:
        """The columns a header must have for this mapping to fit."""
        named = [self.question, self.answer, self.asker, self.speaker, self.date, self.url]
        return [c for c in named if c] + list(self.group_by)

    def fits(self, header: list[str]) -> bool:
        if not (self.text or self.question or self.answer):
            return False
        return all(c in header for c in self.columns()) and all(
            fnmatch.filter(header, pattern) for pattern in self.text
        )

    def text_columns(self, header: list[str]) -> list[str]:
        """The text columns in the mapping's order; a pattern's columns in numeric order."""
        found: list[str] = []
        for pattern in self.text:
            matched = sorted(fnmatch.filter(header, pattern), key=_natural_key)
            found.extend(c for c in matched if c not in found)
        return found


def _natural_key(name: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _as_mapping(data: dict[str, Any]) -> TableMapping:
    data = dict(data)
    for key in ("text", "group_by"):
        if isinstance(data.get(key), str):
            data[key] = [data[key]]
    return mapping_from(data, TableMapping, {"page": PageChrome})


def _mapping_for(meta: SourceMeta, header: list[str]) -> TableMapping:
    def misfit(mapping: TableMapping) -> str:
        missing = [c for c in mapping.columns() if c not in header]
        return f"mapping {mapping.name!r} names columns not in the header: {missing}"

    return find_mapping(
        meta.options,
        "table_mapping",
        _as_mapping,
        fits=lambda mapping: mapping.fits(header),
        misfit=misfit,
        none_fits=f"no table mapping fits the columns {header[:12]}",
    )


# Rows.


def _is_jsonl(text: str) -> bool:
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first.lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return max(_DELIMITERS, key=first_line.count)


def _header(text: str) -> list[str] | None:
    """The column names of a table, or None if the text is not one."""
    if _is_jsonl(text):
        return list(json.loads(next(line for line in text.splitlines() if line.strip())))
    if text.lstrip()[:1] in ("[", "{", "<", "#"):
        return None
    try:
        header = next(csv.reader(io.StringIO(text[:65_536]), delimiter=_delimiter(text)))
    except (csv.Error, StopIteration):
        return None
    return [name.strip() for name in header] if len(header) > 1 else None


def _rows(text: str) -> tuple[list[str], list[dict[str, Any]]]:
    if _is_jsonl(text):
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
        if not all(isinstance(row, dict) for row in rows):
            raise MappingError("JSONL line that is not a JSON object")
        header = list(dict.fromkeys(key for row in rows for key in row))
        return header, rows
    reader = csv.DictReader(io.StringIO(text), delimiter=_delimiter(text))
    rows = [{(k or "").strip(): v for k, v in row.items()} for row in reader]
    return [name.strip() for name in reader.fieldnames or []], rows


def _groups(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> list[list[dict[str, Any]]]:
    if not keys:
        return [[row] for row in rows]
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(str(row.get(k)) for k in keys), []).append(row)
    return list(groups.values())


# Flowing page text in a cell.

_CLOCK = re.compile(r"^\s*\d{1,2}:\d{2}\b")
_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")
_LINK_TITLE = re.compile(r"[^,;:!?<>]{1,250}")
_HEADER_GAP = 30  # a section name before the title, a clock time before the place
_PERSON_CARD = re.compile(
    r"(?P<label>\b[A-ZА-ЯЁ]\.\s?(?P<surname>[A-ZА-ЯЁ][\w’'-]+))\s+(?P=surname)\s"
    r"(?:[^:.!?]|\.(?!\s)){1,250}?(?P<note>\s\([^()]{1,60}\))?\s?:"
)


def _word_at(words: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(words)}(?!\w)")


def _drop_header(text: str, row: dict[str, Any], columns: tuple[str, ...]) -> str:
    """Text after the column values the page opens with, found in order near its start."""
    end = 0
    for column in columns:
        value = known(row.get(column), ())
        if not value:
            continue
        found = text.find(value, end)
        if found != -1 and found - end <= _HEADER_GAP:
            end = found + len(value)
    text = text[end:]
    clock = _CLOCK.match(text)
    return text[clock.end() :] if clock else text


def _drop_link_lists(text: str, openers: tuple[str, ...]) -> str:
    """Text without "See also" lists: an opener, then link titles each ending in a date."""
    for opener in openers:
        pieces, start = [], 0
        for match in _word_at(opener).finditer(text):
            if match.start() < start:
                continue
            end = _link_list_end(text, match.end(), openers)
            if end > match.end():
                pieces.append(text[start : match.start()])
                start = end
        text = "".join(pieces) + text[start:]
    return text


def _link_list_end(text: str, position: int, openers: tuple[str, ...]) -> int:
    while True:
        rest = text[position:]
        stripped = rest.lstrip()
        opener = next((o for o in openers if stripped.startswith(o)), "")
        offset = len(rest) - len(stripped) + len(opener)
        title = _LINK_TITLE.match(text, position + offset)
        dates = find_dates(title.group()) if title else []
        if not title or not dates:
            return position
        end = title.start() + dates[0][2]
        after = re.match(r"\s+года\b", text[end:])
        position = end + (after.end() if after else 0)


def _drop_footer(text: str, chrome: PageChrome) -> str:
    for marker in chrome.footer:
        found = text.rfind(marker)
        if found != -1:
            text = text[:found]
    while chrome.tags:
        starts = [m.start() for t in chrome.tags for m in _word_at(t).finditer(text)]
        last = max(starts, default=-1)
        if last == -1 or _SENTENCE_END.search(text, last):
            return text
        text = text[:last]
    return text


def _drop_person_cards(text: str) -> str:
    return _PERSON_CARD.sub(lambda m: f"{m.group('label')}{m.group('note') or ''} :", text)


def _flowing_text(text: str, row: dict[str, Any], mapping: TableMapping) -> list[str]:
    text = " ".join(normalise(text).split()) if mapping.page else text
    chrome = mapping.page
    if chrome:
        text = _drop_header(text, row, chrome.header)
        text = _drop_footer(text, chrome)
        text = _drop_link_lists(text, chrome.see_also)
        for phrase in chrome.drop:
            text = text.replace(phrase, " ")
        if chrome.person_cards:
            text = _drop_person_cards(text)
    for marker in mapping.breaks:
        text = text.replace(marker, "\n\n")
    return text_paragraphs(text)


# Rows into documents.


@dataclass
class _Group:
    mapping: TableMapping
    header: list[str]
    rows: list[dict[str, Any]]
    blocks: list[Block] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)

    def value(self, row: dict[str, Any], column: str | None) -> str | None:
        return known(row.get(column), self.mapping.unknown) if column else None

    def paragraphs(self, row: dict[str, Any], column: str | None, *labels: str) -> list[str]:
        """A cell's paragraphs, without the label a cell may repeat ("A: ...")."""
        if not self.value(row, column):
            return []
        texts = text_paragraphs(str(row[column]))
        own = "|".join(re.escape(label) for label in labels if label)
        texts[0] = re.sub(rf"^(?:{own})\s*:\s*", "", texts[0], flags=re.I)
        return [text for text in texts if text]

    def read_rows(self) -> None:
        previous_asker = None
        for row in self.rows:
            speaker = self.value(row, self.mapping.speaker)
            if speaker and speaker not in self.speakers:
                self.speakers.append(speaker)
            self.read_text(row, speaker)
            previous_asker = self.read_exchange(row, speaker, previous_asker)

    def read_text(self, row: dict[str, Any], speaker: str | None) -> None:
        columns = self.mapping.text_columns(self.header)
        if not columns:
            return
        text = self.mapping.join.join(str(row.get(c) or "") for c in columns)
        if known(text, self.mapping.unknown):
            self.blocks.extend(labelled(speaker, _flowing_text(text, row, self.mapping)))

    def read_exchange(
        self, row: dict[str, Any], speaker: str | None, previous_asker: str | None
    ) -> str | None:
        mapping = self.mapping
        asker = self.value(row, mapping.asker)
        if asker and asker.casefold() in {r.casefold() for r in mapping.asker_repeats}:
            asker = previous_asker
        question = self.paragraphs(row, mapping.question, "Q", "Question")
        answer = self.paragraphs(row, mapping.answer, "A", "Answer", speaker or "")
        if question:
            # Parentheses inside the asker would end the label's own parenthetical early.
            label = f"Question ({re.sub(r'[()]', '', asker)})" if asker else "Question"
            self.blocks.extend(labelled(label, question))
        if answer:
            self.blocks.extend(labelled(speaker or "Answer", answer))
        return asker

    def document(self, source: str, meta: SourceMeta) -> SourceDocument:
        mapping, first = self.mapping, self.rows[0]

        def value_of(column: str) -> str | None:
            return self.value(first, column)

        day = read_date(value_of(mapping.date), mapping.date_format) if mapping.date else None
        title = fill_template(mapping.title, value_of) or " ".join(
            part for part in (Path(source).stem, day and day.isoformat()) if part
        )
        return SourceDocument(
            title=title,
            date=day,
            source=source,
            blocks=tuple(self.blocks),
            language=mapping.language or meta.language,
            publisher=meta.publisher,
            url=(value_of(mapping.url) if mapping.url else None) or meta.url,
            kind=fill_template(mapping.kind, value_of) or None,
            speaker=self.speakers[0] if len(self.speakers) == 1 else None,
            place=fill_template(mapping.place, value_of) or None,
        )


def sniff(path: str, text: str) -> bool:
    """A CSV or JSONL table whose header has the columns of a known mapping."""
    header = _header(text)
    if not header:
        return False
    return any(_as_mapping(data).fits(header) for data in known_mappings("table_mapping"))


def read(text: str, source: str, meta: SourceMeta) -> list[SourceDocument]:
    header, rows = _rows(text)
    mapping = _mapping_for(meta, header)
    documents = []
    for rows_of_group in _groups(rows, mapping.group_by):
        group = _Group(mapping, header, rows_of_group)
        group.read_rows()
        if group.blocks:
            documents.append(group.document(source, meta))
    return documents
