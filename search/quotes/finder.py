"""Finding the source of a quote, exact or not quite.

A pasted quote may be trimmed, cut with ellipses, or misremembered: a word swapped for a synonym
or dropped, words reordered, British spelling for American, a name misspelt. The index gives a
bounded set of candidates: the passages holding most of the quote's rarest words (stemmed, with
their spelling twins, and the nearest index words for unknown ones), and a few holding its
pieces word for word, for a quote that has no rare word. Each candidate is aligned
word by word with the quote (`difflib.SequenceMatcher` over normalised words, around the window
where the quote's words cluster, fragments in order); the alignment gives the score. Only the
results shown are then split into sentences and given their word diff and highlight.
"""

from __future__ import annotations

import heapq
import html
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING

from whoosh.query import And, Phrase, Query, Term
from whoosh.searching import Searcher

from search.distance import edit_distance
from search.engines.whoosh.searcher import IndexHandle, passage_view
from search.errors import QueryError
from search.views import Links, PassageView

if TYPE_CHECKING:
    from search.core import Engine
from search.sentences import sentence_spans, splitter_for

MAX_QUOTE_CHARS = 2000
MAX_FRAGMENTS = 12
MAX_LIMIT = 50
# The rarest words of a quote find its source; common ones only add cost. Posting lists are read
# rarest first until this many postings (about 1 µs each), and no fewer than MIN_QUERY_WORDS
# words while under the hard cap; a quote whose rarest word passes the cap cannot be looked for.
POSTINGS_BUDGET = 40_000
POSTINGS_CAP = 120_000
MIN_QUERY_WORDS = 3
MAX_QUERY_WORDS = 16
# BM25's saturation and length normalisation, for a word found once.
BM25_K1 = 1.2
BM25_B = 0.75
# Passages drawn from the index per query, and of those, aligned word by word with the quote
# (the ones holding most of its words close together): enough for a misquote's source to be
# among them, few enough that the work stays bounded.
POOL = 200
CANDIDATES = 40
# A passage longer than this is aligned only around where the quote's words cluster, with this
# margin; with no such place, only its start is.
FOCUS_FROM_CHARS = 3000
WINDOW_MARGIN = 200
MAX_ALIGNED_CHARS = 20_000
# Passages holding the quote's pieces word for word, added to the candidates: a quote made
# only of common words ("That's what we're focused on.") has no rare word to be found by.
PHRASE_HOLDERS = 20
PHRASE_WINDOW = 4
# Windows of a passage tied for holding most of a quote's piece, each aligned in full.
TIED_WINDOWS = 4
# Unknown words (a misspelt name) looked up among the index's nearest words, at most.
MAX_UNKNOWN_WORDS = 4
# Below this score a candidate is not the source of the quote in any useful sense.
MIN_SCORE = 0.3
# Credit for a word that is there but misspelt, or there but elsewhere in the sentence.
FUZZY_CREDIT = 0.8
MOVED_CREDIT = 0.7
# A fragment found only before the previous one loses this share of its score.
OUT_OF_ORDER_PENALTY = 0.9
# Unmarked sentences shown around the matched ones.
CONTEXT_SENTENCES = 1
# Unmatched text between the sentences of an ellipsis, shown in full up to this many characters.
MAX_GAP_CHARS = 400

_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:…|(?:\.\s*){3,})\s*\]|(?:\.\s*){3,}|…)\s*")
# Hyphens split words, so "non-discriminating" and "non discriminating" agree.
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_STOPWORDS = frozenset(
    "a an and are as at be been but by can could did do does for from had has have he her his i "
    "if in into is it its me my no not of on or our she so than that the their them then there "
    "these they this those to us was we were what when which who will with would you your".split()
)

# British spellings and their American twins; both sides of a comparison are written American.
_SPELLING_WORDS = {
    "programme": "program", "programmes": "programs", "judgement": "judgment",
    "judgements": "judgments", "ageing": "aging", "defence": "defense", "defences": "defenses",
    "offence": "offense", "offences": "offenses", "licence": "license", "pretence": "pretense",
    "grey": "gray", "sceptical": "skeptical", "sceptic": "skeptic", "sceptics": "skeptics",
    "manoeuvre": "maneuver", "manoeuvres": "maneuvers", "aluminium": "aluminum",
    "fulfil": "fulfill", "fulfilment": "fulfillment", "enrol": "enroll", "cheque": "check",
    "whilst": "while", "amongst": "among", "learnt": "learned", "kerb": "curb",
}  # fmt: skip
_SPELLING_RULES = [
    # realise, organisation; analyse, paralysed
    (re.compile(r"^(\w{2,}[iy])s(e|es|ed|ing|ation|ations|er|ers)$"), r"\1z\2"),
    # colour, honourable, neighbourhood (not four, your, hour: too short a stem)
    (re.compile(r"^(\w{3,})our(s|ed|ing|able|ably|ite|ites|ful|less|er|ers|hood|hoods)?$"),
     r"\1or\2"),
    # centre, theatre, metres; centred
    (re.compile(r"^(\w{2,}[^\Waeiou])re(s)?$"), r"\1er\2"),
    (re.compile(r"^(\w{2,}[^\Waeiou])red$"), r"\1ered"),
    # dialogue, catalogues
    (re.compile(r"^(\w+)ogue(s)?$"), r"\1og\2"),
    # travelled, cancelling, signalled
    (re.compile(r"^(\w{2,}[ae])ll(ed|ing|er|ers)$"), r"\1l\2"),
]  # fmt: skip
_AMERICAN_TO_BRITISH = {american: british for british, american in _SPELLING_WORDS.items()}


@dataclass(frozen=True)
class DiffOp:
    """One step of the word diff; `source` and `quote` are the words as written on each side.

    op is "equal", "replaced", "missing" (in the source, left out of the quote), "added" (in the
    quote, not in the source) or "elided" (the source's words an ellipsis stands for).
    """

    op: str
    source: str
    quote: str

    def as_json(self) -> dict:
        return {"op": self.op, "source": self.source, "quote": self.quote}


@dataclass(frozen=True)
class QuoteMatch:
    passage: PassageView
    score: float
    # Characters of passage.text from the first matched sentence's start to the last one's end.
    span: tuple[int, int]
    sentence: str
    highlight_html: str
    diff: tuple[DiffOp, ...]

    @property
    def diff_html(self) -> str:
        return diff_html(self.diff)

    def as_json(self, links: Links) -> dict:
        return self.passage.as_json(links) | {
            "score": self.score,
            "sentence": self.sentence,
            "highlight": self.highlight_html,
            "diff": [op.as_json() for op in self.diff],
        }


def render_diff(ops, source: Callable[[str], str], quote: Callable[[str], str], elided: str,
                replaced_gap: str = "", escape: Callable[[str], str] = str) -> str:  # fmt: skip
    """The diff as text, each step's words wrapped by `source` (the source's) or `quote` (the
    quote's): one walk over the steps for the page, the API and the command line."""
    out = []
    for op in ops:
        said, quoted = escape(op.source), escape(op.quote)
        if op.op == "equal":
            out.append(said)
        elif op.op == "replaced":
            out.append(source(said) + replaced_gap + quote(quoted))
        elif op.op == "missing":
            out.append(source(said))
        elif op.op == "added":
            out.append(quote(quoted))
        else:
            out.append(elided)
    return " ".join(out)


def diff_html(ops: tuple[DiffOp, ...] | list[DiffOp]) -> str:
    """The diff as HTML, every word escaped: the source's words in <del>, the quote's in <ins>."""
    return render_diff(
        ops,
        source=lambda words: f'<del class="diff-source">{words}</del>',
        quote=lambda words: f'<ins class="diff-quote">{words}</ins>',
        elided='<span class="diff-elided">[…]</span>',
        replaced_gap=" ",
        escape=html.escape,
    )


# Normalising words


_MAYBE_BRITISH = re.compile(
    r"[iy]s(?:e|es|ed|ing|ation|ations|er|ers)$|our\w{0,5}$|re[sd]?$|ogues?$|ll(?:ed|ing|ers?)$"
)


@lru_cache(maxsize=200_000)
def normalise_word(word: str) -> str:
    """A word as compared: lower case, no accents, straight apostrophes, American spelling."""
    word = word.lower().replace("’", "'")
    if not word.isascii():
        decomposed = unicodedata.normalize("NFKD", word)
        word = "".join(c for c in decomposed if not unicodedata.combining(c))
    if word in _SPELLING_WORDS:
        return _SPELLING_WORDS[word]
    if _MAYBE_BRITISH.search(word):
        for pattern, replacement in _SPELLING_RULES:
            changed, count = pattern.subn(replacement, word)
            if count:
                return changed
    return word


_BRITISH_ENDINGS = [
    (re.compile(r"iz(e|es|ed|ing|ation|ations)$"), r"is\1"),
    (re.compile(r"yz(e|es|ed|ing)$"), r"ys\1"),
    (re.compile(r"(\w{3})or(s|ed|ing|able|ite|ful)?$"), r"\1our\2"),
    (re.compile(r"([^\Waeiou])er(s)?$"), r"\1re\2"),
    (re.compile(r"og(s)?$"), r"ogue\1"),
]


def spelling_variants(word: str) -> set[str]:
    """The word with its British or American twins, as the index may hold either.

    Some twins are not words ("doctour"); they are looked up and not found.
    """
    american = normalise_word(word)
    variants = {word.lower(), american}
    if american in _AMERICAN_TO_BRITISH:
        variants.add(_AMERICAN_TO_BRITISH[american])
    variants.update(pattern.sub(british, american) for pattern, british in _BRITISH_ENDINGS)
    return variants


@dataclass(frozen=True)
class _Words:
    """A text's words, normalised, with where each is written (when asked for)."""

    norms: list[str]
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, text: str, offset: int = 0) -> _Words:
        found = list(_WORD.finditer(text))
        starts = [offset + m.start() for m in found]
        ends = [offset + m.end() for m in found]
        return cls([normalise_word(m.group()) for m in found], starts, ends)

    @classmethod
    def in_windows(cls, text: str, windows: list[tuple[int, int]]) -> _Words:
        found = [m for start, end in windows for m in _WORD.finditer(text, start, end)]
        starts = [m.start() for m in found]
        ends = [m.end() for m in found]
        return cls([normalise_word(m.group()) for m in found], starts, ends)

    def written(self, text: str, first: int, end: int) -> str:
        """The words first..end-1 as they stand in the text, punctuation between them kept."""
        return text[self.starts[first] : self.ends[end - 1]] if end > first else ""


# The quote


@dataclass(frozen=True)
class _Quote:
    text: str
    fragments: tuple[_Words, ...]


def parse_quote(text: str) -> _Quote:
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
        words = _Words.of(text[last:end], last)
        if words.norms:
            fragments.append(words)
        last = match.end() if match else len(text)
    if not fragments:
        raise QueryError("the quote has no words to look for")
    if len(fragments) > MAX_FRAGMENTS:
        raise QueryError(f"the quote has more than {MAX_FRAGMENTS - 1} ellipses")
    return _Quote(text, tuple(fragments))


# Candidates from the index


def _nearest_words(searcher: Searcher, word: str) -> list[str]:
    """The index's nearest words to one it does not hold: a misspelt name finds its owner.

    Misspellings seldom touch a word's first two letters, and requiring them is much faster.
    """
    if len(word) < 4 or not word.isalpha():
        return []
    maxdist = 2 if len(word) >= 7 else 1
    return list(searcher.suggest("exact", word, limit=2, maxdist=maxdist, prefix=2))


@dataclass(frozen=True)
class _Probe:
    """What to look for: stems in the index, and the quote's words as written in a passage."""

    # Per word of the quote, rarest first: the stems of its forms, with their passage counts.
    stems: list[list[tuple[str, int]]]
    owner: dict[str, str]  # each form of the quote's content words looked up → the quote word
    fragment_words: list[frozenset[str]]  # per fragment: its content words


def probe_for(searcher: Searcher, quote: _Quote) -> _Probe:
    """Each word brings its spelling twins; a word the index lacks brings its nearest words."""
    reader = searcher.reader()
    stem = searcher.schema["text"].analyzer
    exact = searcher.schema["exact"].analyzer
    groups: list[list[tuple[str, int]]] = []
    owner: dict[str, str] = {}
    unknown = 0
    for word in sorted({t.text for t in exact(quote.text)}):
        forms = [w for w in spelling_variants(word) if ("exact", w) in reader]
        if not forms and unknown < MAX_UNKNOWN_WORDS:
            unknown += 1
            forms = _nearest_words(searcher, word)
        stems = {t.text for form in forms for t in stem(form)}
        group = sorted((s, reader.doc_frequency("text", s)) for s in stems)
        if any(df for _, df in group):
            groups.append([(s, df) for s, df in group if df])
        if normalise_word(word) not in _STOPWORDS:
            owner.update((form.replace("’", "'"), normalise_word(word)) for form in forms)
    # Possessives stripped as the index strips them: "Lavrov's" counts as "lavrov".
    fragment_words = [
        frozenset(normalise_word(t.text) for t in exact(f.written(quote.text, 0, len(f.norms))))
        & set(owner.values())
        for f in quote.fragments
    ]
    groups.sort(key=lambda group: (sum(df for _, df in group), group))
    return _Probe(groups, owner, fragment_words)


def _text_lengths(searcher: Searcher) -> tuple[list[int], float]:
    """Every passage's length in words, and the average: read once per index build."""
    reader = searcher.reader()
    lengths = [reader.doc_field_length(d, "text") or 0 for d in range(reader.doc_count_all())]
    return lengths, max(1.0, sum(lengths) / max(1, len(lengths)))


def _pool(handle: IndexHandle, searcher: Searcher, probe: _Probe) -> list[tuple[int, float]]:
    """(docnum, weight) of the passages holding the most of the quote's rarest words.

    The weight is the sum of the words' inverse passage frequencies, scaled by passage length as
    BM25 does, since a long speech holds many words by chance. Posting lists are read rarest
    first, up to a budget, so a quote of common words costs no more than one of rare ones.
    """
    reader = searcher.reader()
    total = max(1, reader.doc_count_all())
    weights: dict[int, float] = {}
    read = 0
    if probe.stems and sum(df for _, df in probe.stems[0]) > POSTINGS_CAP:
        raise QueryError("every word of the quote is too common to look for: quote more of it")
    for n, group in enumerate(probe.stems):
        postings = sum(df for _, df in group)
        budget = POSTINGS_BUDGET if n >= MIN_QUERY_WORDS else POSTINGS_CAP
        if n >= MAX_QUERY_WORDS or (n > 0 and read + postings > budget):
            break
        for stem, df in group:
            idf = math.log(1 + total / df)
            for docnum in reader.postings("text", stem).all_ids():
                weights[docnum] = weights.get(docnum, 0.0) + idf
        read += postings
    lengths, average = handle.cached("quote-text-lengths", _text_lengths)
    scaled = {d: w * (BM25_K1 + 1) / (1 + BM25_K1 * (1 - BM25_B + BM25_B * lengths[d] / average))
              for d, w in weights.items()}  # fmt: skip
    # The passages holding the most words whatever their length, too: the source may be long.
    best = heapq.nlargest(POOL, scaled, key=scaled.__getitem__)
    best += heapq.nlargest(POOL // 4, weights, key=weights.__getitem__)
    pool = dict.fromkeys(d for d in best if not reader.is_deleted(d))
    return [(d, scaled[d]) for d in pool]


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


def _densest(hits: list[tuple[int, str]], wanted: frozenset[str],
             width: int) -> tuple[int, int, int]:  # fmt: skip
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
class _Focus:
    density: float  # share of the quote's content words found close together
    windows: list[tuple[int, int]]  # characters of the passage worth aligning


def focus(text: str, quote: _Quote, probe: _Probe) -> _Focus:
    """How densely the passage holds the quote's words, and where: one window per fragment.

    A short passage is aligned whole; a long one (a whole speech may be one passage) only
    around the places its fragments' words cluster.
    """
    if not probe.owner:
        return _Focus(0.0, [(0, min(len(text), MAX_ALIGNED_CHARS))])
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
        return _Focus(density, [(0, min(len(text), MAX_ALIGNED_CHARS))])
    return _Focus(density, _merged(windows))


def _merged(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# Aligning the quote with a candidate


def _misspelt(quoted: str, source: str) -> bool:
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
    if len(word) >= 4 and word not in _STOPWORDS:
        for candidate in present:
            if _misspelt(word, candidate):
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
    weight = {w: (0.25 if w in _STOPWORDS else 1.0) for w in needed}
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
    left = Counter(
        w for j, w in enumerate(quoted) if j not in matched_quote and w not in _STOPWORDS
    )
    moved = []
    for i, w in enumerate(source):
        if i not in matched_source and left[w] > 0:
            left[w] -= 1
            moved.append(i)
    return moved


@dataclass(frozen=True)
class _Fit:
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
            unmatched_source.update(w for w in source[i1:i2] if w not in _STOPWORDS)
            unmatched_quote.update(w for w in quoted[j1:j2] if w not in _STOPWORDS)
    return credit + MOVED_CREDIT * sum((unmatched_source & unmatched_quote).values())


def _fit_fragment(passage: list[str], fragment: list[str], start: int) -> _Fit | None:
    fits = [fit for at in _best_windows(passage, fragment, start)
            if (fit := _fit_at(passage, fragment, start, at))]  # fmt: skip
    return max(fits, key=lambda fit: fit.credit / fit.size, default=None)


def _fit_at(passage: list[str], fragment: list[str], start: int, at: int) -> _Fit | None:
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
    return _Fit(low + first, low + last, credit, len(fragment) + len(span), opcodes, misspelt)


@dataclass(frozen=True)
class _Alignment:
    score: float
    fits: list[_Fit | None]  # per fragment of the quote


def align(passage: list[str], quote: _Quote) -> _Alignment:
    """How well, and where, the quote matches these passage words: fragments in order."""
    start, credit, size = 0, 0.0, 0
    fits: list[_Fit | None] = []
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
    return _Alignment(round(2 * credit / size, 4) if size else 0.0, fits)


# The diff, the sentences and the highlighted context


def _fragment_diff(text: str, words: _Words, quote: _Quote, fragment: _Words,
                   fit: _Fit) -> list[DiffOp]:  # fmt: skip
    def source(i1: int, i2: int) -> str:
        return words.written(text, fit.first + i1, fit.first + i2)

    def quoted(j1: int, j2: int) -> str:
        return fragment.written(quote.text, j1, j2)

    ops = []
    for tag, i1, i2, j1, j2 in fit.opcodes:
        if tag != "equal":
            kind = {"replace": "replaced", "delete": "missing", "insert": "added"}[tag]
            ops.append(DiffOp(kind, source(i1, i2), quoted(j1, j2)))
            continue
        run = 0  # a misspelt word inside an equal run is shown replaced
        for k in [k for k in range(j2 - j1) if j1 + k in fit.misspelt] + [j2 - j1]:
            if k > run:
                ops.append(DiffOp("equal", source(i1 + run, i1 + k), quoted(j1 + run, j1 + k)))
            if k < j2 - j1:
                ops.append(DiffOp("replaced", source(i1 + k, i1 + k + 1),
                                  quoted(j1 + k, j1 + k + 1)))  # fmt: skip
            run = k + 1
    return ops


def word_diff(text: str, words: _Words, quote: _Quote, alignment: _Alignment) -> list[DiffOp]:
    diff: list[DiffOp] = []
    previous: _Fit | None = None
    for n, (fragment, fit) in enumerate(zip(quote.fragments, alignment.fits, strict=True)):
        if n > 0:
            between = ""
            if fit and previous and fit.first > previous.last:
                between = text[words.ends[previous.last] : words.starts[fit.first]].strip()
            diff.append(DiffOp("elided", between, "…"))
        if fit is None:
            diff.append(DiffOp("added", "", fragment.written(quote.text, 0, len(fragment.norms))))
            continue
        diff.extend(_fragment_diff(text, words, quote, fragment, fit))
        previous = fit
    return diff


def _marked_sentences(spans: list[tuple[int, int]],
                      ranges: list[tuple[int, int]]) -> list[int]:  # fmt: skip
    return [i for i, (a, b) in enumerate(spans) if any(a < y and x < b for x, y in ranges)]


def _highlight(text: str, spans: list[tuple[int, int]], marked: list[int]) -> str:
    """The matched sentences in <mark>, a sentence either side, everything escaped."""
    low = max(0, marked[0] - CONTEXT_SENTENCES)
    high = min(len(spans) - 1, marked[-1] + CONTEXT_SENTENCES)
    pieces = ["… "] if spans[low][0] > 0 else []
    marked_set = set(marked)
    i = low
    while i <= high:
        a, b = spans[i]
        sentence = html.escape(text[a:b])
        pieces.append(f'<mark class="quote-match">{sentence}</mark>' if i in marked_set
                      else sentence)  # fmt: skip
        # Between two marked sentences far apart, the unmarked middle is elided.
        following = next((m for m in marked if m > i), None)
        if i in marked_set and following and spans[following][0] - b > MAX_GAP_CHARS:
            pieces.append(" … ")
            i = following
            continue
        pieces.append(" ")
        i += 1
    if spans[high][1] < len(text.rstrip()):
        pieces.append("…")
    return "".join(pieces).strip()


def _match_view(handle: IndexHandle, fields: dict, words: _Words, quote: _Quote,
                alignment: _Alignment) -> QuoteMatch:  # fmt: skip
    text = fields["text"]
    ranges = [(words.starts[f.first], words.ends[f.last]) for f in alignment.fits if f]
    spans = sentence_spans(splitter_for(handle), text, ranges[0][0], ranges[-1][1])
    marked = _marked_sentences(spans, ranges)
    if not marked:  # Punkt always puts words in a sentence; should it not, show the words
        spans, marked = ranges, list(range(len(ranges)))
    sentence = " … ".join(" ".join(text[spans[i][0] : spans[i][1]].split()) for i in marked)
    return QuoteMatch(
        passage=passage_view(fields, score=alignment.score),
        score=alignment.score,
        span=(spans[marked[0]][0], spans[marked[-1]][1]),
        sentence=sentence,
        highlight_html=_highlight(text, spans, marked),
        diff=tuple(word_diff(text, words, quote, alignment)),
    )


def _phrase_holders(searcher: Searcher, quote: _Quote) -> list[int]:
    """Passages holding each piece of the quote as a phrase, in the exact (unstemmed) words.

    The rarest few words in a row of each piece are looked up first: cheap, and when few
    passages hold them those are all the passages that can hold the whole piece. Only when they
    are common too is the whole piece looked up, which costs more.
    """
    reader = searcher.reader()
    analyzer = searcher.schema["exact"].analyzer
    written = [[t.text for t in analyzer(piece.written(quote.text, 0, len(piece.norms)))]
               for piece in quote.fragments]  # fmt: skip
    # A quote may be cut inside its first or last word: those are not looked for as written.
    pieces = [words[1:-1] if len(words) >= 5 else words for words in written]
    pieces = [words for words in pieces if len(words) >= 2]
    if not pieces:
        return []
    inner = [w for words in written for w in words][1:-1]
    others = [Term("exact", w) for w in sorted(set(inner) - {w for p in pieces for w in p})]

    def rarest_run(words: list[str]) -> list[str]:
        counts = [reader.doc_frequency("exact", w) for w in words]
        starts = range(len(words) - PHRASE_WINDOW + 1)
        best = min(starts, key=lambda i: sum(counts[i : i + PHRASE_WINDOW]))
        return words[best : best + PHRASE_WINDOW]

    narrow = [rarest_run(words) if len(words) > PHRASE_WINDOW else words for words in pieces]
    holders = _first(And([Phrase("exact", words) for words in narrow] + others), searcher)
    if len(holders) > PHRASE_HOLDERS:
        holders = _first(And([Phrase("exact", words) for words in pieces] + others), searcher)
    return holders[:PHRASE_HOLDERS]


def _first(query: Query, searcher: Searcher) -> list[int]:
    """Up to one more than PHRASE_HOLDERS of the passages matching, to tell when there are more."""
    found = []
    for docnum in query.docs(searcher):
        found.append(docnum)
        if len(found) > PHRASE_HOLDERS:
            break
    return found


def _shortlist(handle: IndexHandle, searcher: Searcher, quote: _Quote,
               probe: _Probe) -> list[tuple[_Focus, float, int, dict]]:  # fmt: skip
    """The pool's passages holding most of the quote's words close together, one per text."""
    hashes = handle.columns().values["text_hash"]
    seen: set[str] = set()
    looked = []
    for docnum, weight in _pool(handle, searcher, probe):
        if hashes[docnum] in seen:  # the same text published twice is one candidate
            continue
        seen.add(hashes[docnum])
        fields = searcher.stored_fields(docnum)
        looked.append((focus(fields["text"], quote, probe), weight, docnum, fields))
    looked.sort(key=lambda item: (-item[0].density, -item[1], item[2]))
    return looked[:CANDIDATES]


def _aligned(candidates: list[tuple[_Focus, float, int, dict]], quote: _Quote) -> list[tuple]:
    scored = []
    for spot, weight, docnum, fields in candidates:
        words = _Words.in_windows(fields["text"], spot.windows)
        alignment = align(words.norms, quote)
        if alignment.score >= MIN_SCORE:
            scored.append((alignment.score, weight, docnum, fields, words, alignment))
    return scored


def find_quote(engine: Engine, text: str, limit: int = 10) -> list[QuoteMatch]:
    """The passages the quote may come from, the closest first, each scored from 0 to 1."""
    # The candidates are read from the Whoosh index itself, until they ask the engine protocol.
    handle = engine.handle
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}")
    quote = parse_quote(text)
    searcher = handle.searcher()
    probe = probe_for(searcher, quote)
    too_common = None
    try:
        candidates = _shortlist(handle, searcher, quote, probe)
    except QueryError as exc:
        candidates, too_common = [], exc
    scored = _aligned(candidates, quote)
    if not any(score >= 1.0 for score, *_ in scored):
        # No word-for-word source among them: look the quote up as a phrase too, the way for a
        # quote of common words only, which has no rare word to be found by.
        hashes = handle.columns().values["text_hash"]
        chosen = {hashes[docnum] for _, _, docnum, _ in candidates}
        holders = []
        for docnum in _phrase_holders(searcher, quote):
            if hashes[docnum] not in chosen and not searcher.reader().is_deleted(docnum):
                chosen.add(hashes[docnum])
                fields = searcher.stored_fields(docnum)
                holders.append((focus(fields["text"], quote, probe), 0.0, docnum, fields))
        scored += _aligned(holders, quote)
        if too_common and not scored:
            raise too_common
    scored.sort(key=lambda item: (-item[0], -item[1], item[2]))
    return [_match_view(handle, fields, words, quote, alignment)
            for _, _, _, fields, words, alignment in scored[:limit]]  # fmt: skip
