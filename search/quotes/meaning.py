"""Differences that change what a quote says, not only how: pure, no index needed.

A synonym, a dropped adjective or a British spelling leave a quote's meaning as it was; a
negation or an "only" added or dropped, another number or date, or another name (not the same
name misspelt) do not: "we were not the first" is not what "we were not only the first" says.
The changed steps of an alignment are read for these, per fragment of the quote:
- negation and "only": the words of one kind on the source's side and on the quote's differ in
  number ("never" for "not ever" is no change; "not" dropped is);
- number and date: the source's side has a value the quote's lacks and the other way round (a
  number dropped with the words around it is left to the score);
- name: a capitalised word, not merely the first of a sentence, stands for another one that is
  no misspelling of it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from search.distance import edit_distance
from search.quotes.align import Alignment, Fit
from search.quotes.parse import STOPWORDS, Quote, Words

NEGATIONS = frozenset("not no never nor neither none nobody nothing nowhere cannot without".split())
ONLY = frozenset("only solely merely exclusively".split())
_NUMBER_WORDS = {
    word: str(n)
    for n, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_NUMBER_WORDS.update(
    {
        w: str(10 * n)
        for n, w in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), start=3)
    }
)
_NUMBER_WORDS.update(
    {
        "hundred": "100",
        "thousand": "1000",
        "million": "10^6",
        "billion": "10^9",
        "trillion": "10^12",
        "dozen": "12",
        "once": "1x",
        "twice": "2x",
        "half": "1/2",
        "double": "2x",
        "triple": "3x",
    }
)
_ORDINALS = {
    word: f"#{n}"
    for n, word in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth".split(), start=1
    )
}
_DATE_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday yesterday today tomorrow".split()
)
# Capitalised words that are titles, offices or bodies rather than the name of someone or
# somewhere: one swapped for another ("Minister" for "Secretary") is left to the score.
_NOT_NAMES = frozenset(
    "mr mrs ms dr president minister prime foreign secretary spokesperson ambassador deputy "
    "general chairman vice state ministry government council assembly committee department "
    "office house parliament senate congress court i".split()
)
_DIGITS = re.compile(r"\d")
_SENTENCE_END = re.compile(r"[.!?:;\"“”(\[—–-]\s*$")


@dataclass(frozen=True)
class MeaningChange:
    """A difference that changes the meaning: its kind, and the words on each side."""

    kind: str  # negation, only, number, date, name
    source: str
    quote: str

    @property
    def description(self) -> str:
        """In words: "“only” dropped", "a negation added", "another number"."""
        if self.kind in ("negation", "only"):
            what = "a negation" if self.kind == "negation" else "“only”"
            said, put = (_count(side, self.kind) for side in (self.source, self.quote))
            return f"{what} {'dropped' if said > put else 'added' if put > said else 'moved'}"
        return f"another {self.kind}"

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "source": self.source,
            "quote": self.quote,
            "description": self.description,
        }


def _count(words: str, kind: str) -> int:
    return sum(1 for w in words.split() if _marker(w.lower().replace("’", "'")) == kind)


def _value(word: str) -> tuple[str, str] | None:
    """(kind, value) of a number or date word, None for another word."""
    word = word.lower()
    if word in _DATE_WORDS:
        return "date", word
    if _DIGITS.search(word):
        digits = word.replace(",", "")
        is_year = digits.isdigit() and len(digits) == 4 and digits[:2] in ("19", "20")
        return ("date" if is_year else "number"), digits
    if word in _NUMBER_WORDS:
        return "number", _NUMBER_WORDS[word]
    if word in _ORDINALS:
        return "number", _ORDINALS[word]
    return None


def _marker(word: str) -> str | None:
    """negation or only, for a word that is one."""
    if word in NEGATIONS or word.endswith("n't"):
        return "negation"
    return "only" if word in ONLY else None


def _is_name(word: str) -> bool:
    """A capitalised word that is no title, whether or not it begins a sentence."""
    lowered = word.lower()
    return (
        word[:1].isupper()
        and lowered not in _NOT_NAMES
        and lowered not in STOPWORDS
        and _value(word) is None  # a month is a date
    )


def _begins_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start]
    return start == 0 or not before.strip() or bool(_SENTENCE_END.search(before))


@dataclass(frozen=True)
class _Side:
    """The words of one side of the changed steps: as written, with where each begins."""

    text: str
    words: list[tuple[int, str, int]]  # (step, word as written, start in text)

    def of(self, step: int) -> list[str]:
        return [w for k, w, _ in self.words if k == step]


def _sides(text: str, words: Words, quote: Quote, fragment: Words, fit: Fit) -> tuple[_Side, _Side]:
    """The words of the changed steps, each side; a word the alignment took for a misspelling
    of the source's is changed too ("ever" for "never", "2011" for "2001")."""
    source, quoted = [], []
    for k, (tag, i1, i2, j1, j2) in enumerate(fit.opcodes):
        pairs = [(i1, i2, j1, j2)]
        if tag == "equal":
            pairs = [
                (i1 + j - j1, i1 + j - j1 + 1, j, j + 1) for j in range(j1, j2) if j in fit.misspelt
            ]
        if tag == "insert" and k in (0, len(fit.opcodes) - 1):
            # The quote's words before (or after) the source's matched ones stand for the words
            # just before (after) them: "12 percent of" against "… 6 percent of".
            width = j2 - j1
            before = k == 0 and i1 == 0
            a, b = (-width, 0) if before else (i2, i2 + width)
            a, b = max(a, -fit.first), min(b, len(words.norms) - fit.first)
            pairs = [(a, b, j1, j2)]
        for a, b, c, d in pairs:
            for i in range(fit.first + a, fit.first + b):
                start = words.starts[i]
                source.append((k, text[start : words.ends[i]], start))
            for j in range(c, d):
                start = fragment.starts[j]
                quoted.append((k, quote.text[start : fragment.ends[j]], start))
    return _Side(text, source), _Side(quote.text, quoted)


def _counted(side: _Side, kind: str) -> int:
    return sum(1 for _, w, _ in side.words if _marker(w.lower().replace("’", "'")) == kind)


def _changes(source: _Side, quoted: _Side) -> Iterator[tuple[str, set[int]]]:
    """(kind, steps) of each change of meaning between the two sides."""
    for kind in ("negation", "only"):
        if _counted(source, kind) != _counted(quoted, kind):
            steps = {
                k
                for side in (source, quoted)
                for k, w, _ in side.words
                if _marker(w.lower().replace("’", "'")) == kind
            }
            yield kind, steps
    for kind in ("number", "date"):
        said = Counter(v[1] for _, w, _ in source.words if (v := _value(w)) and v[0] == kind)
        put = Counter(v[1] for _, w, _ in quoted.words if (v := _value(w)) and v[0] == kind)
        if said - put and put - said:
            steps = {
                k
                for side in (source, quoted)
                for k, w, _ in side.words
                if (v := _value(w)) and v[0] == kind
            }
            yield kind, steps
    names = _renamed(source, quoted)
    if names:
        yield "name", names


def _renamed(source: _Side, quoted: _Side) -> set[int]:
    """Steps where a name stands for another name, neither only capitalised as a sentence's
    first word, and the quote's is no misspelling of the source's."""
    steps = set()
    for k in dict.fromkeys(k for k, _, _ in source.words):
        said = [(w, at) for step, w, at in source.words if step == k and _is_name(w)]
        put = [(w, at) for step, w, at in quoted.words if step == k and _is_name(w)]
        for s, s_at in said:
            for q, q_at in put:
                if _begins_sentence(source.text, s_at) and _begins_sentence(quoted.text, q_at):
                    continue
                if not _same_name(s.lower(), q.lower()):
                    steps.add(k)
    return steps


def _same_name(said: str, put: str) -> bool:
    """The same name, perhaps misspelt: its letters swapped ("Chirs" for "Chris"), or two edits
    away (one in a short name) with its first or last letter kept."""
    if said == put or sorted(said) == sorted(put):
        return True
    limit = 2 if max(len(said), len(put)) >= 5 else 1
    kept = said[0] == put[0] or said[-1] == put[-1]
    return kept and edit_distance(said, put, limit) <= limit


def meaning_changes(
    text: str, words: Words, quote: Quote, alignment: Alignment
) -> list[tuple[int, int, MeaningChange]]:
    """(fragment, step of its alignment, change) for each change of meaning the quote makes."""
    found = []
    for n, (fragment, fit) in enumerate(zip(quote.fragments, alignment.fits, strict=True)):
        if fit is None:
            continue
        source, quoted = _sides(text, words, quote, fragment, fit)
        for kind, steps in _changes(source, quoted):
            for k in sorted(steps):
                change = MeaningChange(kind, " ".join(source.of(k)), " ".join(quoted.of(k)))
                found.append((n, k, change))
    return found
