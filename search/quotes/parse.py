"""The quote as pasted: its words, normalised, cut into fragments by ellipses."""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.errors import QueryError
from search.quotes.spelling import normalise_word

MAX_QUOTE_CHARS = 2000
MAX_FRAGMENTS = 12

_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:…|(?:\.\s*){3,})\s*\]|(?:\.\s*){3,}|…)\s*")
# Hyphens split words, so "non-discriminating" and "non discriminating" agree.
WORD = re.compile(r"\w+(?:['’]\w+)*")
STOPWORDS = frozenset(
    "a an and are as at be been but by can could did do does for from had has have he her his i "
    "if in into is it its me my no not of on or our she so than that the their them then there "
    "these they this those to us was we were what when which who will with would you your".split()
)


@dataclass(frozen=True)
class Words:
    """A text's words, normalised, with where each is written (when asked for)."""

    norms: list[str]
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, text: str, offset: int = 0) -> Words:
        found = list(WORD.finditer(text))
        starts = [offset + m.start() for m in found]
        ends = [offset + m.end() for m in found]
        return cls([normalise_word(m.group()) for m in found], starts, ends)

    @classmethod
    def in_windows(cls, text: str, windows: list[tuple[int, int]]) -> Words:
        found = [m for start, end in windows for m in WORD.finditer(text, start, end)]
        starts = [m.start() for m in found]
        ends = [m.end() for m in found]
        return cls([normalise_word(m.group()) for m in found], starts, ends)

    def written(self, text: str, first: int, end: int) -> str:
        """The words first..end-1 as they stand in the text, punctuation between them kept."""
        return text[self.starts[first] : self.ends[end - 1]] if end > first else ""


@dataclass(frozen=True)
class Quote:
    text: str
    fragments: tuple[Words, ...]


def parse_quote(text: str) -> Quote:
    """The quote's fragments (ellipses cut it), or a QueryError saying why it cannot be used."""
    if "\x00" in text:
        raise QueryError("the quote contains a NUL character")
    if len(text) > MAX_QUOTE_CHARS:
        raise QueryError(
            f"the quote is longer than {MAX_QUOTE_CHARS} characters: paste a shorter part of it"
        )
    if not text.strip():
        raise QueryError("paste a quote to look for")
    fragments, last = [], 0
    for match in [*_ELLIPSIS.finditer(text), None]:
        end = match.start() if match else len(text)
        words = Words.of(text[last:end], last)
        if words.norms:
            fragments.append(words)
        last = match.end() if match else len(text)
    if not fragments:
        raise QueryError("the quote has no words to look for")
    if len(fragments) > MAX_FRAGMENTS:
        raise QueryError(f"the quote has more than {MAX_FRAGMENTS - 1} ellipses")
    return Quote(text, tuple(fragments))
