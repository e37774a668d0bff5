"""Candidates for a quote's source: the only part of the quote finder that asks the index.

The index gives a bounded set of candidates: the passages holding most of the quote's rarest
words (stemmed, with their spelling twins, and the nearest index words for unknown ones), and a
few holding its pieces word for word, for a quote that has no rare word. Of those, the ones
holding the quote's words closest together are aligned (`search.quotes.align`).

The index is asked through `QuoteIndex`, a handful of questions any full-text engine answers;
`search/engines/whoosh/quote_candidates.py` answers them for Whoosh.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Protocol

from search.errors import QueryError
from search.quotes.parse import STOPWORDS, Quote
from search.quotes.spelling import normalise_word, spelling_variants
from search.snippets import merge_spans
from search.views import PassageView

# The rarest words of a quote find its source; common ones only add cost. Posting lists are read
# rarest first until this many postings (about 1 µs each), and no fewer than MIN_QUERY_WORDS
# words while under the hard cap; a quote whose rarest word passes the cap cannot be looked for.
POSTINGS_BUDGET = 40_000
POSTINGS_CAP = 120_000
MIN_QUERY_WORDS = 3
MAX_QUERY_WORDS = 16
# Passages drawn from the index per query, and of those, aligned word by word with the quote
# (the ones holding most of its words close together): enough for a misquote's source to be
# among them, few enough that the work stays bounded.
POOL = 200
CANDIDATES = 40
# The same for the questions put to a speaker (an answer's question), which are quoted too.
QUESTION_POOL = 50
QUESTION_CANDIDATES = 10
PARTS = ("text", "question")
# A passage longer than this is aligned only around where the quote's words cluster, with this
# margin; with no such place, only its start is.
FOCUS_FROM_CHARS = 3000
WINDOW_MARGIN = 200
MAX_ALIGNED_CHARS = 20_000
# Passages holding the quote's pieces word for word, added to the candidates: a quote made
# only of common words ("That's what we're focused on.") has no rare word to be found by.
PHRASE_HOLDERS = 20
PHRASE_WINDOW = 4
# Unknown words (a misspelt name) looked up among the index's nearest words, at most.
MAX_UNKNOWN_WORDS = 4


@dataclass(frozen=True)
class Hit:
    """A passage the index offers: its key (its place in the index, which orders ties), the
    weight of the quote's words in it, and a hash of its text (a text published twice is one
    candidate)."""

    key: int
    weight: float
    text_hash: str
    part: str = "text"  # where in the passage: its text, or the question it answers


class QuoteIndex(Protocol):
    """What the quote finder asks of an engine. Words are the index's unstemmed words (lower
    case, possessives stripped); terms are what it ranks by (its stems). A part is "text" (what
    was said) or "question" (the question an answer answers). An engine made for a scope (a
    speaker, dates) offers only the passages within it."""

    def words(self, text: str) -> list[str]:
        """The text's words, as the index holds them unstemmed."""

    def holds(self, word: str) -> bool:
        """Whether any passage has this word."""

    def nearest_words(self, word: str, maxdist: int) -> list[str]:
        """A few of the index's words within `maxdist` edits, sharing the first two letters."""

    def terms(self, words: list[str]) -> list[tuple[str, int]]:
        """The terms these words are ranked by, sorted, each with how many passages hold it."""

    def ranked(self, terms: list[str], limit: int, part: str = "text") -> list[Hit]:
        """Passages holding the terms, the most weight first: up to `limit` by BM25 (a long
        passage holds many words by chance), and up to a quarter as many more by the words'
        weight alone (the source may be long). A term listed twice counts twice."""

    def word_count(self, word: str) -> int:
        """How many passages hold the (unstemmed) word."""

    def phrase_holders(
        self, phrases: list[list[str]], words: list[str], limit: int, part: str = "text"
    ) -> list[Hit]:
        """Passages holding every phrase word for word, and every word: up to `limit + 1`, to
        tell when there are more than `limit`."""

    def passage(self, key: int) -> PassageView:
        """The passage, with its document's facts."""

    def splitter(self):
        """The sentence splitter learnt from this index's texts (`search.sentences`)."""


@dataclass(frozen=True)
class Probe:
    """What to look for: terms in the index, and the quote's words as written in a passage."""

    # Per word of the quote, rarest first: the terms of its forms, with their passage counts.
    terms: list[list[tuple[str, int]]]
    owner: dict[str, str]  # each form of the quote's content words looked up → the quote word
    fragment_words: list[frozenset[str]]  # per fragment: its content words


def _nearest_words(index: QuoteIndex, word: str) -> list[str]:
    """The index's nearest words to one it does not hold: a misspelt name finds its owner.

    Misspellings seldom touch a word's first two letters, and requiring them is much faster.
    """
    if len(word) < 4 or not word.isalpha():
        return []
    return index.nearest_words(word, 2 if len(word) >= 7 else 1)


def probe_for(index: QuoteIndex, quote: Quote) -> Probe:
    """Each word brings its spelling twins; a word the index lacks brings its nearest words."""
    groups: list[list[tuple[str, int]]] = []
    owner: dict[str, str] = {}
    unknown = 0
    for word in sorted(set(index.words(quote.text))):
        forms = [w for w in spelling_variants(word) if index.holds(w)]
        if not forms and unknown < MAX_UNKNOWN_WORDS:
            unknown += 1
            forms = _nearest_words(index, word)
        group = index.terms(forms)
        if any(df for _, df in group):
            groups.append([(s, df) for s, df in group if df])
        if normalise_word(word) not in STOPWORDS:
            owner.update((form.replace("’", "'"), normalise_word(word)) for form in forms)
    # Possessives stripped as the index strips them: "Lavrov's" counts as "lavrov".
    fragment_words = [
        frozenset(normalise_word(w) for w in index.words(f.written(quote.text, 0, len(f.norms))))
        & set(owner.values())
        for f in quote.fragments
    ]
    groups.sort(key=lambda group: (sum(df for _, df in group), group))
    return Probe(groups, owner, fragment_words)


def _pool(index: QuoteIndex, probe: Probe, part: str, limit: int) -> list[Hit]:
    """The passages holding the most of the quote's rarest words.

    Posting lists are read rarest first, up to a budget, so a quote of common words costs no
    more than one of rare ones.
    """
    if probe.terms and sum(df for _, df in probe.terms[0]) > POSTINGS_CAP:
        raise QueryError("every word of the quote is too common to look for: quote more of it")
    chosen: list[str] = []
    read = 0
    for n, group in enumerate(probe.terms):
        postings = sum(df for _, df in group)
        budget = POSTINGS_BUDGET if n >= MIN_QUERY_WORDS else POSTINGS_CAP
        if n >= MAX_QUERY_WORDS or (n > 0 and read + postings > budget):
            break
        chosen.extend(term for term, _ in group)
        read += postings
    return index.ranked(chosen, limit, part) if chosen else []


# Where in a passage the quote's words cluster


def _hits(text: str, owner: dict[str, str]) -> list[tuple[int, str]]:
    """(position, quote word) of each form of the quote's words in the text, in text order.

    str.find runs at C speed; a regex alternation of the forms is ten times slower.
    """
    lowered = text.lower().replace("’", "'")
    hits = []
    for form, word in owner.items():
        at = lowered.find(form)
        while at >= 0:
            end = at + len(form)
            if (at == 0 or not lowered[at - 1].isalnum()) and (
                end == len(lowered) or not lowered[end].isalnum()
            ):
                hits.append((at, word))
            at = lowered.find(form, end)
    hits.sort()
    return hits


def _densest(
    hits: list[tuple[int, str]], wanted: frozenset[str], width: int
) -> tuple[int, int, int]:
    """(distinct wanted words, start, end) of the `width` characters that hold the most of them."""
    hits = [(pos, word) for pos, word in hits if word in wanted]
    best = (0, 0, 0)
    inside: Counter = Counter()
    low = 0
    for pos, word in hits:
        inside[word] += 1
        while hits[low][0] < pos - width:
            gone = hits[low][1]
            inside[gone] -= 1
            if not inside[gone]:
                del inside[gone]
            low += 1
        if len(inside) > best[0]:
            best = (len(inside), hits[low][0], pos)
    return best


@dataclass(frozen=True)
class Focus:
    density: float  # share of the quote's content words found close together
    windows: list[tuple[int, int]]  # characters of the passage worth aligning


def focus(text: str, quote: Quote, probe: Probe) -> Focus:
    """How densely the passage holds the quote's words, and where: one window per fragment.

    A short passage is aligned whole; a long one (a whole speech may be one passage) only
    around the places its fragments' words cluster.
    """
    if not probe.owner:
        return Focus(0.0, [(0, min(len(text), MAX_ALIGNED_CHARS))])
    hits = _hits(text, probe.owner)
    found, wanted, windows = 0, 0, []
    for fragment, words in zip(quote.fragments, probe.fragment_words, strict=True):
        if not words:
            continue
        width = fragment.ends[-1] - fragment.starts[0] + 20
        count, start, end = _densest(hits, words, width)
        found, wanted = found + count, wanted + len(words)
        if count:
            margin = WINDOW_MARGIN + width // 2
            windows.append((max(0, start - margin), min(len(text), end + margin)))
    density = found / wanted if wanted else 0.0
    if len(text) <= FOCUS_FROM_CHARS or not windows:
        return Focus(density, [(0, min(len(text), MAX_ALIGNED_CHARS))])
    return Focus(density, merge_spans(windows))


# The candidates


@dataclass(frozen=True)
class Candidate:
    """A passage worth aligning with the quote, and where in its text."""

    hit: Hit
    passage: PassageView
    focus: Focus

    @property
    def text(self) -> str:
        return (self.passage.question or "") if self.hit.part == "question" else self.passage.text


def _candidate(index: QuoteIndex, hit: Hit, quote: Quote, probe: Probe) -> Candidate:
    passage = index.passage(hit.key)
    text = (passage.question or "") if hit.part == "question" else passage.text
    return Candidate(hit, passage, focus(text, quote, probe))


def shortlist(index: QuoteIndex, quote: Quote, probe: Probe) -> list[Candidate]:
    """The pool's passages holding most of the quote's words close together, one per text;
    then the questions' own, so that answers and questions do not crowd each other out."""
    found = []
    for part, pool, keep in (
        ("text", POOL, CANDIDATES),
        ("question", QUESTION_POOL, QUESTION_CANDIDATES),
    ):
        seen: set[str] = set()
        looked = []
        for hit in _pool(index, probe, part, pool):
            if hit.text_hash in seen:  # the same text published twice is one candidate
                continue
            seen.add(hit.text_hash)
            looked.append(_candidate(index, hit, quote, probe))
        looked.sort(key=lambda c: (-c.focus.density, -c.hit.weight, c.hit.key))
        found += looked[:keep]
    return found


def phrase_candidates(
    index: QuoteIndex, quote: Quote, probe: Probe, chosen: set[str]
) -> list[Candidate]:
    """Passages holding each piece of the quote as a phrase, unstemmed, but for texts `chosen`.

    The rarest few words in a row of each piece are looked up first: cheap, and when few
    passages hold them those are all the passages that can hold the whole piece. Only when they
    are common too is the whole piece looked up, which costs more; and when even that is
    common, the piece with its first and last words as written (`_holders`).
    """
    written = [
        index.words(piece.written(quote.text, 0, len(piece.norms))) for piece in quote.fragments
    ]
    # A quote may be cut inside its first or last word: those are not looked for as written.
    pieces = [words[1:-1] if len(words) >= 5 else words for words in written]
    pieces = [words for words in pieces if len(words) >= 2]
    if not pieces:
        return []
    inner = [w for words in written for w in words][1:-1]
    others = sorted(set(inner) - {w for p in pieces for w in p})

    def rarest_run(words: list[str]) -> list[str]:
        counts = [index.word_count(w) for w in words]
        starts = range(len(words) - PHRASE_WINDOW + 1)
        best = min(starts, key=lambda i: sum(counts[i : i + PHRASE_WINDOW]))
        return words[best : best + PHRASE_WINDOW]

    narrow = [rarest_run(words) if len(words) > PHRASE_WINDOW else words for words in pieces]
    whole = [words for words in written if len(words) >= 2]
    found = []
    for part in PARTS:
        holders = _holders(index, narrow, pieces, whole, others, part)
        for hit in holders[:PHRASE_HOLDERS]:
            if hit.text_hash not in chosen:
                chosen.add(hit.text_hash)
                found.append(_candidate(index, hit, quote, probe))
    return found


def _holders(
    index: QuoteIndex,
    narrow: list[list[str]],
    pieces: list[list[str]],
    whole: list[list[str]],
    others: list[str],
    part: str,
) -> list[Hit]:
    """The holders of the narrowest phrases that few passages hold: the pieces' rarest runs,
    then the pieces without their first and last words, then the pieces whole.

    The first and last words are left out at first because a trimmed quote may have cut them
    mid-word. But a piece of common words ("I — I'm going to be") is held by thousands of
    passages without them, and then the first `PHRASE_HOLDERS` of those, in index order, are as
    good as none: its words as written tell its source from the rest. Should no passage hold
    them (a word cut, or misquoted), the holders of the piece without them stand.
    """
    holders = index.phrase_holders(narrow, others, PHRASE_HOLDERS, part)
    if len(holders) > PHRASE_HOLDERS:
        holders = index.phrase_holders(pieces, others, PHRASE_HOLDERS, part)
    if len(holders) > PHRASE_HOLDERS and whole != pieces:
        holders = index.phrase_holders(whole, others, PHRASE_HOLDERS, part) or holders
    return holders
