"""A result's snippet: the whole sentences around the match, the matched words marked, within a
length limit. Shared by every engine: an engine says where its query matched in a passage's
text (character ranges); choosing sentences, cutting and escaping happen here, once.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from nltk.tokenize.punkt import PunktSentenceTokenizer

from search.sentences import sentence_spans

SNIPPET_CHARS = 300
# Sentences are looked for around the first this many matches only: a long speech may match
# a common word hundreds of times, and one good sentence is all a snippet shows.
MATCHES_CONSIDERED = 12
# ... and within this many characters of the first: Punkt splits about a kilobyte in 2 ms.
CONSIDERED_CHARS = 2000
ELLIPSIS = "…"


def plain_snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The start of a text, escaped, cut at a word boundary."""
    if len(text) <= limit:
        return html.escape(text)
    return html.escape(text[:limit].rsplit(" ", 1)[0]) + f" {ELLIPSIS}"


def merge_spans(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character ranges in order, those that overlap or touch joined into one."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _best_sentence(
    text: str, sentences: list[tuple[int, int]], matches: list[tuple[int, int]]
) -> int:
    """The sentence holding the most different matched words; the earliest of those tied."""

    def words(span: tuple[int, int]) -> int:
        return len({text[a:b].casefold() for a, b in matches if span[0] <= a < span[1]})

    return max(range(len(sentences)), key=lambda i: (words(sentences[i]), -i))


def _window(text: str, start: int, end: int, around: int, limit: int) -> tuple[int, int]:
    """At most `limit` characters of text[start:end] around position `around`, cut between
    words: for a sentence longer than the snippet itself."""
    low = max(start, min(around - limit // 3, end - limit))
    high = min(end, low + limit)
    if low > start:
        space = text.find(" ", low, around)
        low = space + 1 if space != -1 else low
    if high < end:
        space = text.rfind(" ", around, high)
        high = space if space != -1 else high
    return low, high


def _marked(text: str, start: int, end: int, matches: list[tuple[int, int]]) -> str:
    """text[start:end], escaped, each match in a <mark> numbered by the word it matched."""
    numbers: dict[str, int] = {}
    pieces, at = [], start
    for a, b in matches:
        if a < start or b > end:
            continue
        number = numbers.setdefault(text[a:b].casefold(), len(numbers))
        pieces.append(html.escape(text[at:a]))
        pieces.append(f'<mark class="match term{number}">{html.escape(text[a:b])}</mark>')
        at = b
    pieces.append(html.escape(text[at:end]))
    return "".join(pieces)


def sentence_snippet(
    text: str,
    matches: Sequence[tuple[int, int]],
    splitter: PunktSentenceTokenizer,
    limit: int = SNIPPET_CHARS,
) -> str:
    """Whole sentences around the best match, as HTML with the matches marked.

    The sentence with the most matched words, then the sentences after and before it, in turn,
    while they fit in `limit` characters; a sentence longer than `limit` is cut
    around its first match. An ellipsis says where text was left out. Without a match in the
    text (a query that matched the question or the title), the passage's opening is shown.
    """
    found = merge_spans([m for m in matches if 0 <= m[0] < m[1] <= len(text)])
    if not found:
        return plain_snippet(text, limit)
    considered = [m for m in found[:MATCHES_CONSIDERED] if m[0] - found[0][0] <= CONSIDERED_CHARS]
    sentences = sentence_spans(splitter, text, considered[0][0], considered[-1][1])
    if not sentences:
        return plain_snippet(text, limit)
    best = _best_sentence(text, sentences, considered)
    start, end = sentences[best]
    if end - start > limit:
        first = next(a for a, _ in found if start <= a < end)
        start, end = _window(text, start, end, first, limit)
    else:
        # One sentence after, one before, in turn, so the match stays near the middle.
        before, after, grew = best - 1, best + 1, True
        while grew:
            grew = False
            if after < len(sentences) and sentences[after][1] - start <= limit:
                end, after, grew = sentences[after][1], after + 1, True
            if before >= 0 and end - sentences[before][0] <= limit:
                start, before, grew = sentences[before][0], before - 1, True
    snippet = _marked(text, start, end, found).strip()
    if text[:start].strip():
        snippet = f"{ELLIPSIS} {snippet}"
    if text[end:].strip():
        snippet = f"{snippet} {ELLIPSIS}"
    return snippet
