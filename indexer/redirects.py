"""Where the passages of the last build went: the redirect table an index keeps for old links.

Passage ids are keyed on a passage's opening words (`indexer.model.stable_ids`), so most survive
a re-parse as they are. Those that do not — a passage split, merged, its first words changed, its
document renamed — and the positional ids every link used before ids were stable, are kept as
*former ids* of the passage they now belong to, and the index resolves them (`former_ids`). Each
former id leads to one passage:

1. an id of the previous build, and that passage's own former ids, go to where its opening words
   are now: a passage of the same file opening with them (in the same document if it can), else
   one containing them (a passage merged into the one before);
2. failing that, `{doc_id}-{position}` goes to the passage at that position of this parse.

Document ids that went away are former document ids of the document their passages went to.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from indexer.model import Document, Passage, opening_words, passage_id


@dataclass(frozen=True)
class OldPassage:
    """A passage of the previous build, as much of it as finding it again takes."""

    id: str
    doc_id: str
    source: str
    opening: str  # opening_words() of its text
    former_ids: tuple[str, ...] = ()
    former_doc_ids: tuple[str, ...] = ()

    @classmethod
    def stored(
        cls, fields: Mapping[str, Any], former_ids: Iterable[str], former_doc_ids: Iterable[str]
    ) -> OldPassage:
        """From the fields an index stored for it; each engine reads the former ids its way."""
        return cls(
            fields["id"],
            fields["doc_id"],
            fields.get("source") or "",
            opening_words(fields.get("text") or ""),
            tuple(former_ids),
            tuple(former_doc_ids),
        )


@dataclass
class Redirects:
    passages: dict[str, list[str]] = field(default_factory=dict)  # new id → its former ids
    documents: dict[str, list[str]] = field(default_factory=dict)  # new doc id → former doc ids


class _Finder:
    """The passages of this build, by file and opening words, to find old passages in."""

    def __init__(self, shaped: Iterable[tuple[Document, list[Passage]]]) -> None:
        self.doc_of: dict[str, str] = {}
        self.by_opening: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self.by_doc: dict[str, list[tuple[str, str]]] = {}
        self.by_source: dict[str, list[str]] = {}
        self.texts: dict[str, str] = {}
        self.passages: list[Passage] = []
        for doc, passages in shaped:
            self.by_source.setdefault(doc.source, []).append(doc.id)
            for p in passages:
                self.passages.append(p)
                self.doc_of[p.id] = doc.id
                key = (doc.source, opening_words(p.text))
                self.by_opening.setdefault(key, []).append((doc.id, p.id))
                self.by_doc.setdefault(doc.id, []).append((p.id, p.text))

    def _words(self, pid: str, text: str) -> str:
        if pid not in self.texts:
            self.texts[pid] = f" {opening_words(text, count=len(text))} "
        return self.texts[pid]

    def find(self, old: OldPassage) -> str | None:
        if not old.opening:
            return None
        same = self.by_opening.get((old.source, old.opening), [])
        for doc_id, pid in same:
            if doc_id == old.doc_id:
                return pid
        if same:
            return same[0][1]
        # Merged into another passage: the same document first, then the rest of its file.
        docs = [old.doc_id] + [d for d in self.by_source.get(old.source, []) if d != old.doc_id]
        for doc_id in docs:
            for pid, text in self.by_doc.get(doc_id, []):
                if f" {old.opening} " in self._words(pid, text):
                    return pid
        return None


def redirects(
    old: Iterable[OldPassage],
    shaped: Iterable[tuple[Document, list[Passage]]],
    taken: frozenset[str] = frozenset(),
) -> Redirects:
    """The former ids of this build's passages and documents; `taken` are ids still served
    outside `shaped` (an update's untouched documents), never made anyone's former id."""
    finder = _Finder(shaped)
    live = set(finder.doc_of) | taken
    live_docs = set(finder.doc_of.values())
    claimed: dict[str, str] = {}
    doc_claimed: dict[str, str] = {}
    for o in old:
        target = o.id if o.id in finder.doc_of else finder.find(o)
        if target is None:
            continue
        for former in (o.id, *o.former_ids):
            if former not in live:
                claimed.setdefault(former, target)
        new_doc = finder.doc_of[target]
        for former in (o.doc_id, *o.former_doc_ids):
            if former not in live_docs:
                doc_claimed.setdefault(former, new_doc)
    for p in finder.passages:
        positional = passage_id(p.doc_id, p.position)
        if positional not in live:
            claimed.setdefault(positional, p.id)
    result = Redirects()
    for former, target in claimed.items():
        result.passages.setdefault(target, []).append(former)
    for former, target in doc_claimed.items():
        result.documents.setdefault(target, []).append(former)
    return result
