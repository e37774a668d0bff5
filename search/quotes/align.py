"""Aligning a quote with a passage's words, word by word: pure, no index needed.

Each fragment of the quote is aligned (`difflib.SequenceMatcher` over normalised words) around
the windows of the passage that hold most of its words, fragments in order; a misspelt word
counts for part of a word, and so does one the quote moved. The alignment gives the score.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from search.distance import edit_distance
from search.quotes.parse import STOPWORDS, Quote

# Windows of a passage tied for holding most of a quote's piece, each aligned in full.
TIED_WINDOWS = 4
# Credit for a word that is there but misspelt, or there but elsewhere in the sentence.
FUZZY_CREDIT = 0.8
MOVED_CREDIT = 0.7
# A fragment found only before the previous one loses this share of its score.
OUT_OF_ORDER_PENALTY = 0.9


def is_misspelling(quoted: str, source: str) -> bool:
    """The same word misspelt, not another word: one edit in a short word, two in a long one.

    The caller has checked that `quoted` is no stop word and has four letters or more.
    """
    if abs(len(quoted) - len(source)) > 2 or (quoted[0] != source[0] and quoted[-1] != source[-1]):
        return False
    limit = 2 if max(len(quoted), len(source)) >= 7 else 1
    return edit_distance(quoted, source, limit) <= limit


def _source_word_for(word: str, present: list[str], first: bool, last: bool) -> tuple[str, bool]:
    """The source word a quote word not in the source stands for, and whether it is misspelt.

    A fragment cut inside a word has a first word that ends a source word, or a last word that
    begins one; that is no misquote.
    """
    if len(word) >= 3 and (first or last):
        for candidate in present:
            if (first and candidate.endswith(word)) or (last and candidate.startswith(word)):
                return candidate, False
    if len(word) >= 4 and word not in STOPWORDS:
        for candidate in present:
            if is_misspelling(word, candidate):
                return candidate, True
    return word, False


def _best_windows(passage: list[str], fragment: list[str], start: int) -> list[int]:
    """Where, from `start`, the passage's words best cover the fragment's: the windows' starts,
    the first few of those tied for best (a sentence said twice in a passage, once exactly).
    A word counts in a window no more often than the fragment has it.

    Tied starts are kept half a fragment apart: a window is wider than the fragment, so a run
    of tied windows can begin well before the exact occurrence, and `_fit_at` aligns only a
    few words either side of the fragment's length from the start it is given."""
    needed = Counter(fragment)
    weight = {w: (0.25 if w in STOPWORDS else 1.0) for w in needed}
    width = len(fragment) + max(2, len(fragment) // 3)
    step = max(1, len(fragment) // 2)
    words = passage[start:]
    if not needed.keys() & set(words):
        return []
    held: Counter[str] = Counter()
    total = 0.0
    best, starts = -1.0, []
    for i, word in enumerate(words):
        if held[word] < needed[word]:
            total += weight[word]
        held[word] += 1
        if i >= width:
            gone = words[i - width]
            held[gone] -= 1
            if held[gone] < needed[gone]:
                total -= weight[gone]
        at = max(0, i - width + 1)
        if i >= width - 1 or i == len(words) - 1:
            if total > best + 1e-9:
                best, starts = total, [at]
            elif total > best - 1e-9 and at >= starts[-1] + step:
                starts.append(at)
    return [start + at for at in starts[:TIED_WINDOWS]]


def _as_source_words(region: list[str], fragment: list[str]) -> tuple[list[str], frozenset[int]]:
    """The fragment's words, a misspelt or cut one replaced by the source word it stands for.

    Returns the words and the positions of the misspelt ones.
    """
    present = list(dict.fromkeys(region))
    known = set(present)
    words, misspelt = [], set()
    for i, word in enumerate(fragment):
        if word not in known:
            word, wrong = _source_word_for(word, present, i == 0, i == len(fragment) - 1)
            if wrong:
                misspelt.add(i)
        words.append(word)
    return words, frozenset(misspelt)


def _moved(source: list[str], quoted: list[str], blocks) -> list[int]:
    """Source positions of content words the quote has, but in another place."""
    matched_source = {i for a, _, size in blocks for i in range(a, a + size)}
    matched_quote = {j for _, b, size in blocks for j in range(b, b + size)}
    left = Counter(w for j, w in enumerate(quoted) if j not in matched_quote and w not in STOPWORDS)
    moved = []
    for i, w in enumerate(source):
        if i not in matched_source and left[w] > 0:
            left[w] -= 1
            moved.append(i)
    return moved


@dataclass(frozen=True)
class Fit:
    """One fragment aligned with the passage words first..last."""

    first: int
    last: int
    credit: float  # matched words; misspelt and moved ones at part credit
    size: int  # fragment words plus passage words in the span: the score's denominator
    opcodes: list[tuple[str, int, int, int, int]]  # span words against fragment words
    misspelt: frozenset[int]


def _credit(opcodes, source: list[str], quoted: list[str], misspelt: frozenset[int]) -> float:
    credit = 0.0
    unmatched_source: Counter = Counter()
    unmatched_quote: Counter = Counter()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            wrong = sum(1 for j in range(j1, j2) if j in misspelt)
            credit += (j2 - j1 - wrong) + FUZZY_CREDIT * wrong
        else:
            unmatched_source.update(w for w in source[i1:i2] if w not in STOPWORDS)
            unmatched_quote.update(w for w in quoted[j1:j2] if w not in STOPWORDS)
    return credit + MOVED_CREDIT * sum((unmatched_source & unmatched_quote).values())


def _fit_fragment(passage: list[str], fragment: list[str], start: int) -> Fit | None:
    fits = [
        fit
        for at in _best_windows(passage, fragment, start)
        if (fit := _fit_at(passage, fragment, start, at))
    ]
    return max(fits, key=lambda fit: fit.credit / fit.size, default=None)


def _fit_at(passage: list[str], fragment: list[str], start: int, at: int) -> Fit | None:
    slack = 3 + len(fragment) // 4
    low = max(start, at - slack)
    region = passage[low : at + len(fragment) + 2 * slack]
    quoted, misspelt = _as_source_words(region, fragment)
    blocks = SequenceMatcher(None, region, quoted, autojunk=False).get_matching_blocks()
    matched = [i for a, _, size in blocks for i in range(a, a + size)]
    if not matched:
        return None
    # A word moved far from the matched words is more likely another sentence's.
    reach = max(2, len(fragment) // 4)
    low_end, high_end = min(matched) - reach, max(matched) + reach
    moved = [i for i in _moved(region, quoted, blocks) if low_end <= i <= high_end]
    first, last = min(matched + moved), max(matched + moved)
    # Aligned again on the span alone, so the quote's unmatched ends show as added words.
    span = region[first : last + 1]
    opcodes = SequenceMatcher(None, span, quoted, autojunk=False).get_opcodes()
    credit = _credit(opcodes, span, quoted, misspelt)
    return Fit(low + first, low + last, credit, len(fragment) + len(span), opcodes, misspelt)


@dataclass(frozen=True)
class Alignment:
    score: float
    fits: list[Fit | None]  # per fragment of the quote


def align(passage: list[str], quote: Quote) -> Alignment:
    """How well, and where, the quote matches these passage words: fragments in order."""
    start, credit, size = 0, 0.0, 0
    fits: list[Fit | None] = []
    for fragment in quote.fragments:
        fit = _fit_fragment(passage, fragment.norms, start)
        penalty = 1.0
        if fit is None and start > 0:
            fit = _fit_fragment(passage, fragment.norms, 0)
            penalty = OUT_OF_ORDER_PENALTY
        fits.append(fit)
        if fit is None:
            size += len(fragment.norms)
            continue
        credit += fit.credit * penalty
        size += fit.size
        start = fit.last + 1
    return Alignment(round(2 * credit / size, 4) if size else 0.0, fits)
