"""The data model shared by the indexer and the web layer, with stable, readable ids."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date

# Passage kinds. An answer carries the question that prompted it; a question with no answer
# stands alone; everything said outside an exchange is a paragraph; the publisher's own account
# (a press service's readout, news item or lead: nobody's words) is narration.
ANSWER = "answer"
QUESTION = "question"
PARAGRAPH = "paragraph"
NARRATION = "narration"
PASSAGE_KINDS = (ANSWER, QUESTION, PARAGRAPH, NARRATION)


@dataclass(frozen=True)
class Block:
    """A piece of a page in reading order, as a reader found it: a speaker label or None."""

    label: str | None
    text: str


@dataclass(frozen=True)
class SourceDocument:
    """What a reader hands the transcript shaper: one document's metadata and its blocks.

    `kind`, `speaker` (who says the unlabelled text) and `asker` (who asks the unlabelled
    questions) are for readers whose source states them; left None, the shaper infers them from
    the title.
    """

    title: str
    date: date | None
    source: str
    blocks: tuple[Block, ...]
    language: str = "en"
    publisher: str | None = None
    url: str | None = None
    kind: str | None = None
    speaker: str | None = None
    asker: str | None = None
    place: str | None = None
    # How precise `date` is: "day", "month" or "year" (`indexer.dates`).
    date_precision: str = "day"
    # True when the reader found every speaker label in the markup (bold names): the shaper
    # then looks for no labels in the text.
    labels_marked: bool = False
    # True when the reader settled who `speaker` is from a source of its own (the UN speaker
    # table, read against the country's other rows): the shaper keeps that name, qualifier and
    # all ("Castro (Philippines)"), merging it only with a registry person it names in full.
    speaker_settled: bool = False


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    date: date | None
    kind: str
    speakers: tuple[str, ...]
    source: str
    language: str = "en"
    publisher: str | None = None
    url: str | None = None
    # Other files that published the same text: it is indexed once, under `source`.
    also_sources: tuple[str, ...] = ()
    # "day", "month" or "year" (`indexer.dates`); None when there is no date. A date known to
    # the year is the year's first day here, never shown as such.
    date_precision: str | None = None


@dataclass(frozen=True)
class Passage:
    id: str
    doc_id: str
    position: int
    kind: str
    speaker: str
    text: str
    question: str | None = None
    asker: str | None = None
    # The news organisation the asker speaks for ("Bloomberg" beside "John Micklethwait").
    asker_outlet: str | None = None
    # The part the speaker plays, as the source shows it: an office ("President of Russia") or
    # post beside a known person; for an unknown speaker (`speaker` is ""), what the turn is
    # ("Remark from the audience", "Operator", "Senior administration official").
    role: str | None = None

    @property
    def shown_speaker(self) -> str:
        """The speaker's name, or for an unknown speaker the role: never an invented name."""
        return self.speaker or self.role or "Unknown speaker"

    @property
    def anchor(self) -> str:
        """The passage's key ("bcdfghj"): an anchor that, like its id, survives re-parsing."""
        return self.id.removeprefix(f"{self.doc_id}-")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; Cyrillic and other letters are kept as they are."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = re.findall(r"[^\W_]+", text.lower())
    return "-".join(words)


def passage_id(doc_id: str, position: int) -> str:
    """The positional id every passage had before ids were stable: kept as a redirect."""
    return f"{doc_id}-{position}"


# A passage id is its document's id and a key made from the passage's opening words, so that a
# parser fix that splits, merges or re-attributes one passage leaves the others' ids alone.
# The speaker is left out of the key on purpose: fixing who said something must not move the
# link to it. The key is written in consonants only: it never spells a word, and never reads as
# a position (the ids before were `{doc_id}-{position}`).
_KEY_ALPHABET = "bcdfghjkmnpqrstvwxz"
_KEY_LENGTH = 7
OPENING_WORDS = 12


def opening_words(text: str, count: int = OPENING_WORDS) -> str:
    """The first words of a text, case-folded, punctuation and spacing aside."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold())[:count])


def passage_key(text: str) -> str:
    number = int.from_bytes(hashlib.sha1(opening_words(text).encode()).digest()[:8], "big")
    letters = []
    for _ in range(_KEY_LENGTH):
        number, digit = divmod(number, len(_KEY_ALPHABET))
        letters.append(_KEY_ALPHABET[digit])
    return "".join(letters)


def stable_ids(doc_id: str, passages: list[Passage]) -> list[Passage]:
    """The passages with ids that survive re-parsing: `{doc_id}-{key}`, and `-2`, `-3` … for a
    passage whose opening words an earlier one in the document already has ("Thank you.")."""
    seen: dict[str, int] = {}
    result = []
    for p in passages:
        key = passage_key(p.text)
        seen[key] = seen.get(key, 0) + 1
        suffix = f"-{seen[key]}" if seen[key] > 1 else ""
        result.append(replace(p, id=f"{doc_id}-{key}{suffix}", doc_id=doc_id))
    return result
