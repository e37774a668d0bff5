"""Finding the source of a quote, exact or not quite.

A pasted quote may be trimmed, cut with ellipses, or misremembered: a word swapped for a synonym
or dropped, words reordered, British spelling for American, a name misspelt. The finder works in
stages, each its own module:
- `parse`: the quote's words, normalised (`spelling`), cut into fragments by ellipses;
- `candidates`: the passages worth aligning, the only stage that asks the index (`QuoteIndex`);
- `align`: each candidate aligned word by word with the quote, fragments in order: the score;
- `meaning`: the differences that change what the quote says (a negation, "only", a number, a
  date, a name), which cost it its place above every match whose differences do not;
- `render`: for the results shown only, the word diff and the matched sentences highlighted.

Matches fall into tiers: exact (word for word), close (the diff explains every difference) and
weak (a passage sharing some of the quote's words, likely not its source).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from search.errors import QueryError
from search.params import NO_FILTERS, Filters
from search.quotes.align import Alignment, align
from search.quotes.candidates import (
    Candidate,
    QuoteIndex,
    phrase_candidates,
    probe_for,
    shortlist,
)
from search.quotes.meaning import MeaningChange, meaning_changes
from search.quotes.parse import MAX_QUOTE_CHARS, Quote, Words, parse_quote
from search.quotes.render import DiffOp, diff_html, highlight, marked_sentences, word_diff
from search.sentences import sentence_spans
from search.views import Links, PassageView

if TYPE_CHECKING:
    from search.core import Engine

__all__ = [
    "MAX_LIMIT",
    "MAX_QUOTE_CHARS",
    "TIERS",
    "DiffOp",
    "QuoteMatch",
    "find_quote",
    "parse_quote",
]

MAX_LIMIT = 50
# Below this score a candidate is not the source of the quote in any useful sense.
MIN_SCORE = 0.3
# A match that changes the quote's meaning keeps this share of its score: below 0.8 however
# close its words, so under every match that leaves the meaning intact and differs by a word
# or two (a synonym costs about 0.08, a misspelling 0.02).
MEANING_FACTOR = 0.79
# At or above this score a match is close: its differences are few, and the diff shows each;
# below it, weak.
CLOSE_SCORE = 0.6
TIERS = ("exact", "close", "weak")


@dataclass(frozen=True)
class QuoteMatch:
    passage: PassageView
    score: float
    # Characters of the part matched (passage.text, or passage.question) from the first matched
    # sentence's start to the last one's end.
    span: tuple[int, int]
    sentence: str
    highlight_html: str
    diff: tuple[DiffOp, ...]
    meaning_changes: tuple[MeaningChange, ...] = ()
    part: str = "text"  # "question": the quote is from the question this passage answers

    @property
    def diff_html(self) -> str:
        return diff_html(self.diff)

    @property
    def meaning_changed(self) -> bool:
        return bool(self.meaning_changes)

    @property
    def tier(self) -> str:
        if self.score >= 1.0:
            return "exact"
        return "close" if self.score >= CLOSE_SCORE else "weak"

    @property
    def said_by(self) -> str | None:
        """Who said the words quoted: the speaker, or for a question its asker (None: unknown)."""
        return self.passage.asker if self.part == "question" else self.passage.speaker

    def as_json(self, links: Links) -> dict:
        return self.passage.as_json(links) | {
            "score": self.score,
            "tier": self.tier,
            "meaning_changed": self.meaning_changed,
            "meaning_changes": [c.as_json() for c in self.meaning_changes],
            "part": self.part,
            "said_by": self.said_by,
            "sentence": self.sentence,
            "highlight": self.highlight_html,
            "diff": [op.as_json() for op in self.diff],
        }


@dataclass(frozen=True)
class _Scored:
    """A candidate aligned with the quote: its words (in the windows aligned) and how they fit."""

    candidate: Candidate
    words: Words
    alignment: Alignment
    changes: list[tuple[int, int, MeaningChange]]  # (fragment, step, change): meaning_changes

    @property
    def score(self) -> float:
        if self.changes:
            return round(self.alignment.score * MEANING_FACTOR, 4)
        return self.alignment.score

    def order(self) -> tuple[float, bool, float, int]:
        """The closest first; on a tie, what was said before a question put to the speaker, then
        the one whose words weigh more, then index order."""
        hit = self.candidate.hit
        return (-self.score, hit.part == "question", -hit.weight, hit.key)


def _aligned(candidates: list[Candidate], quote: Quote) -> list[_Scored]:
    scored = []
    for candidate in candidates:
        words = Words.in_windows(candidate.text, candidate.focus.windows)
        alignment = align(words.norms, quote)
        if alignment.score < MIN_SCORE:
            continue
        # A weak match differs in too much for one difference to be said to change its meaning.
        changes = []
        if alignment.score >= CLOSE_SCORE:
            changes = meaning_changes(candidate.text, words, quote, alignment)
        scored.append(_Scored(candidate, words, alignment, changes))
    return scored


def _match_view(index: QuoteIndex, scored: _Scored, quote: Quote) -> QuoteMatch:
    text, words, alignment = scored.candidate.text, scored.words, scored.alignment
    ranges = [(words.starts[f.first], words.ends[f.last]) for f in alignment.fits if f]
    spans = sentence_spans(index.splitter(), text, ranges[0][0], ranges[-1][1])
    marked = marked_sentences(spans, ranges)
    if not marked:  # Punkt always puts words in a sentence; should it not, show the words
        spans, marked = ranges, list(range(len(ranges)))
    sentence = " … ".join(" ".join(text[spans[i][0] : spans[i][1]].split()) for i in marked)
    return QuoteMatch(
        passage=replace(scored.candidate.passage, score=scored.score),
        score=scored.score,
        span=(spans[marked[0]][0], spans[marked[-1]][1]),
        sentence=sentence,
        highlight_html=highlight(text, spans, marked),
        diff=tuple(word_diff(text, words, quote, alignment, scored.changes)),
        meaning_changes=tuple(dict.fromkeys(change for _, _, change in scored.changes)),
        part=scored.candidate.hit.part,
    )


def find_quote(
    engine: Engine, text: str, limit: int = 10, filters: Filters = NO_FILTERS
) -> list[QuoteMatch]:
    """The passages the quote may come from, the closest first, each scored from 0 to 1; with
    filters, only among the passages a search with them would find (speakers, dates...)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}")
    quote = parse_quote(text)
    index = engine.quote_index(filters)
    probe = probe_for(index, quote)
    too_common = None
    try:
        candidates = shortlist(index, quote, probe)
    except QueryError as exc:
        candidates, too_common = [], exc
    scored = _aligned(candidates, quote)
    if not any(s.alignment.score >= 1.0 for s in scored):
        # No word-for-word source among them: look the quote up as a phrase too, the way for a
        # quote of common words only, which has no rare word to be found by.
        chosen = {c.hit.text_hash for c in candidates}
        scored += _aligned(phrase_candidates(index, quote, probe, chosen), quote)
        if too_common and not scored:
            raise too_common
    scored.sort(key=_Scored.order)
    return [_match_view(index, s, quote) for s in scored[:limit]]
