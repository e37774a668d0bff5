"""Interviews as JSON lists of speaker turns, read through a small declarative mapping.

No code per file: a mapping says where the turns are and which key is what. Mappings live in
data, as `[[json_mapping]]` entries in `indexer/data/sources/*.toml`; a file whose records have
the keys a mapping names is read with it, wherever it lies. A source profile or a `source.toml`
may also name one (`mapping = "..."` under its options) or give one inline
(`[options.mapping]`, same keys).

The file holds *records* (a list, or one object) at `documents`. Either each record is a
document whose turns are at `turns`, or (no `turns`) each record is a turn and records sharing
the `group_by` keys make one document. Keys (dotted paths reach inside objects):

    name            what the profile calls it
    documents       path to the records ("" for the file's top level)
    turns           path, in a document record, to its turns (a list, or one turn object)
    group_by        keys whose equal values make turn records one document
    speaker         a turn's speaker
    text            a turn's text: a string, or a list of paragraphs
    paragraph_text  in a paragraph given as an object, the key of its text
    paragraph_note  in a paragraph given as an object, the key of a transcription note
                    ("CROSSTALK"), dropped; a question that is only a note is kept as "[NOTE]"
                    so the answer after it does not pair with the question before
    people          path, in a document, to its list of people; `person` and `role` their keys
    asker_roles     roles of the people whose turns are questions ("interviewer")
    answerer_roles  roles of the people interviewed ("speaker")
    asker_when      {key = value} marking the turns that are questions (`outgoing = false`)
    unnamed_askers  speaker names standing for someone unnamed asking ("Unidentified") ...
    audience_kinds  ... except in documents of these kinds, where they are the audience
                    (labelled "Audience": a remark from the audience, no speaker record)
    date            the date's key; `date_format` a strptime format if it is not a usual date
    url             the source address's key
    title, kind, place
                    templates: "{key}" is the value, and in title and place "{askers}" and
                    "{answerers}" are the names; "[...]" is dropped when a value in it is missing
    value_names     {key = {raw = "words"}}: how a raw value reads in templates
                    (`is_as_spoken = {false = "as written", true = ""}`)
    unknown         values meaning "not known"

An asker's turn becomes Block("Question (<asker>)", ...), any other turn Block(<speaker>, ...);
the shaper pairs them. A speech of one speaker becomes that speaker's paragraphs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

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

_SAMPLE = 5  # records looked at to tell whether a mapping fits a file
# How an unnamed speaker in the audience is labelled: a role of the exchange (`indexer.names`).
AUDIENCE_LABEL = "Audience"


@dataclass(frozen=True)
class JsonMapping(DocumentMapping):
    documents: str = ""
    turns: str | None = None
    speaker: str = "speaker"
    text: str = "text"
    paragraph_text: str | None = None
    paragraph_note: str | None = None
    people: str | None = None
    person: str = "person"
    role: str = "role"
    asker_roles: tuple[str, ...] = ()
    answerer_roles: tuple[str, ...] = ()
    asker_when: dict[str, Any] = field(default_factory=dict)
    unnamed_askers: tuple[str, ...] = ()
    audience_kinds: tuple[str, ...] = ()
    value_names: dict[str, dict[str, str]] = field(default_factory=dict)

    def records(self, data: Any) -> list[Any] | None:
        found = at_path(data, self.documents)
        if isinstance(found, dict):
            return [found]
        return found if isinstance(found, list) else None

    def fits(self, data: Any) -> bool:
        """Whether the file's records have the keys this mapping names."""
        records = self.records(data)
        if not records or not all(isinstance(r, dict) for r in records[:_SAMPLE]):
            return False
        if self.turns:
            return all(self._has_turns(record) for record in records[:_SAMPLE])
        keys = [self.speaker, self.text, *self.group_by, *self.asker_when]
        return all(at_path(r, k) is not None for r in records[:_SAMPLE] for k in keys)

    def _has_turns(self, record: dict[str, Any]) -> bool:
        turns = as_list(at_path(record, self.turns or ""))
        return bool(turns) and all(
            isinstance(t, dict) and self.speaker in t and self.text in t for t in turns[:_SAMPLE]
        )


def at_path(value: Any, path: str) -> Any:
    """The value at a dotted path ("publisher.show"), or None."""
    for key in filter(None, path.split(".")):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _names(names: list[str]) -> str:
    """Names as a phrase: "A", "A and B", "A, B and C"."""
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 2 else names)


def _as_mapping(data: dict[str, Any]) -> JsonMapping:
    data = dict(data)
    if isinstance(data.get("group_by"), str):
        data["group_by"] = [data["group_by"]]
    return mapping_from(data, JsonMapping)


def _mapping_for(meta: SourceMeta, data: Any) -> JsonMapping:
    return find_mapping(
        meta.options,
        "json_mapping",
        _as_mapping,
        fits=lambda mapping: mapping.fits(data),
        misfit=lambda mapping: f"the JSON does not have the keys mapping {mapping.name!r} names",
        none_fits="no JSON mapping fits the keys of this file",
    )


@dataclass
class _Interview:
    """One document's record (or first turn record) and its turns, as the mapping reads them."""

    mapping: JsonMapping
    record: dict[str, Any]
    turns: list[Any]

    def value(self, path: str | None, record: Any = None) -> str | None:
        if not path:
            return None
        raw = at_path(self.record if record is None else record, path)
        if isinstance(raw, bool):
            raw = str(raw).lower()
        names = self.mapping.value_names.get(path, {})
        if raw is not None and str(raw) in names:
            return names[str(raw)] or None
        return known(raw, self.mapping.unknown)

    def people_with(self, roles: tuple[str, ...]) -> list[str]:
        if not self.mapping.people:
            return []
        people = as_list(at_path(self.record, self.mapping.people))
        found = [
            self.value(self.mapping.person, p)
            for p in people
            if isinstance(p, dict) and self.value(self.mapping.role, p) in roles
        ]
        return list(dict.fromkeys(name for name in found if name))

    @cached_property
    def kind(self) -> str | None:
        # From the record's own fields only: who asks may depend on the kind.
        return fill_template(self.mapping.kind, self.value) or None

    @cached_property
    def named_askers(self) -> list[str]:
        return self.people_with(self.mapping.asker_roles)

    def asks(self, turn: dict[str, Any]) -> bool:
        mapping = self.mapping
        speaker = self.value(mapping.speaker, turn)
        if mapping.asker_when and all(at_path(turn, k) == v for k, v in mapping.asker_when.items()):
            return True
        if speaker in mapping.unnamed_askers:
            return self.kind not in mapping.audience_kinds
        return speaker in self.named_askers

    def speakers(self, turns: list[Any]) -> list[str]:
        """The named speakers of these turns, in order, once each."""
        names = [self.value(self.mapping.speaker, t) for t in turns if isinstance(t, dict)]
        unnamed = set(self.mapping.unnamed_askers)
        return list(dict.fromkeys(name for name in names if name and name not in unnamed))

    @cached_property
    def askers(self) -> list[str]:
        asking = [t for t in self.turns if isinstance(t, dict) and self.asks(t)]
        return self.named_askers or self.speakers(asking)

    @cached_property
    def answerers(self) -> list[str]:
        named = self.people_with(self.mapping.answerer_roles)
        return named or [s for s in self.speakers(self.turns) if s not in self.askers]

    def field(self, name: str) -> str | None:
        if name in ("askers", "answerers"):
            return _names(self.askers if name == "askers" else self.answerers) or None
        return self.value(name)

    def paragraphs(self, turn: dict[str, Any]) -> tuple[list[str], list[str]]:
        """A turn's paragraphs, and the transcription notes standing among them."""
        texts, notes = [], []
        for item in as_list(at_path(turn, self.mapping.text)):
            if isinstance(item, dict):
                note_key, text_key = self.mapping.paragraph_note, self.mapping.paragraph_text
                notes.extend(str(n) for n in as_list(at_path(item, note_key or "")) if note_key)
                item = at_path(item, text_key) if text_key else None
            if isinstance(item, str):
                texts.extend(p for p in text_paragraphs(item) if any(ch.isalnum() for ch in p))
        return texts, notes

    def blocks(self) -> list[Block]:
        blocks: list[Block] = []
        for turn in self.turns:
            if not isinstance(turn, dict):
                continue
            speaker = self.value(self.mapping.speaker, turn)
            texts, notes = self.paragraphs(turn)
            if self.asks(turn):
                named = speaker and speaker not in self.mapping.unnamed_askers
                if not texts and notes:
                    texts = [f"[{' '.join(notes)}]"]
                blocks.extend(labelled(f"Question ({speaker})" if named else "Question", texts))
            elif speaker in self.mapping.unnamed_askers:
                # The crowd at a speech: a remark from the audience, nobody's speaker record.
                blocks.extend(labelled(AUDIENCE_LABEL, texts))
            else:
                blocks.extend(labelled(speaker, texts))
        return blocks

    def document(self, source: str, meta: SourceMeta) -> SourceDocument:
        mapping, askers, answerers = self.mapping, self.askers, self.answerers
        day = read_date(self.value(mapping.date), mapping.date_format) if mapping.date else None
        title = fill_template(mapping.title, self.field) or Path(source).stem
        return SourceDocument(
            title=title,
            date=day,
            source=source,
            blocks=tuple(self.blocks()),
            language=meta.language,
            publisher=meta.publisher,
            url=self.value(mapping.url) or meta.url,
            kind=self.kind,
            speaker=answerers[0] if len(answerers) == 1 else None,
            asker=askers[0] if len(askers) == 1 else None,
            place=fill_template(mapping.place, self.field) or None,
        )


def _interviews(data: Any, mapping: JsonMapping) -> list[_Interview]:
    records = [r for r in mapping.records(data) or [] if isinstance(r, dict)]
    if mapping.turns:
        return [_Interview(mapping, r, as_list(at_path(r, mapping.turns))) for r in records]
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for record in records:
        key = tuple(json.dumps(at_path(record, k)) for k in mapping.group_by)
        groups.setdefault(key, []).append(record)
    return [_Interview(mapping, turns[0], turns) for turns in groups.values()]


def _load(text: str) -> Any:
    if text.lstrip()[:1] not in ("[", "{"):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def sniff(path: str, text: str) -> bool:
    """A JSON array or object whose records have the keys of a known mapping."""
    data = _load(text)
    if data is None:
        return False
    return any(_as_mapping(m).fits(data) for m in known_mappings("json_mapping"))


def read(text: str, source: str, meta: SourceMeta) -> list[SourceDocument]:
    data = _load(text)
    if data is None:
        raise MappingError("not a JSON array or object")
    mapping = _mapping_for(meta, data)
    documents = [interview.document(source, meta) for interview in _interviews(data, mapping)]
    return [document for document in documents if document.blocks]
