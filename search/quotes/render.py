"""Rendering a match: the word diff (HTML for the page, text for the terminal) and the matched
sentences highlighted in their context. Every word from the corpus or the quote is escaped."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from search.quotes.align import Alignment, Fit
from search.quotes.meaning import MeaningChange
from search.quotes.parse import Quote, Words

# Unmarked sentences shown around the matched ones.
CONTEXT_SENTENCES = 1
# Unmatched text between the sentences of an ellipsis, shown in full up to this many characters.
MAX_GAP_CHARS = 400


@dataclass(frozen=True)
class DiffOp:
    """One step of the word diff; `source` and `quote` are the words as written on each side.

    op is "equal", "replaced", "missing" (in the source, left out of the quote), "added" (in the
    quote, not in the source) or "elided" (the source's words an ellipsis stands for).
    `meaning` names how a step changes the meaning (`search.quotes.meaning`): negation, only,
    number, date or name; None when it does not.
    """

    op: str
    source: str
    quote: str
    meaning: str | None = None

    def as_json(self) -> dict:
        return {"op": self.op, "source": self.source, "quote": self.quote, "meaning": self.meaning}


def render_diff(
    ops,
    source: Callable[[str], str],
    quote: Callable[[str], str],
    elided: str,
    replaced_gap: str = "",
    escape: Callable[[str], str] = str,
    meaning: Callable[[str, str], str] = lambda step, kind: step,
) -> str:
    """The diff as text, each step's words wrapped by `source` (the source's) or `quote` (the
    quote's), and a step that changes the meaning by `meaning`: one walk over the steps for the
    page, the API and the command line."""
    out = []
    for op in ops:
        said, quoted = escape(op.source), escape(op.quote)
        if op.op == "equal":
            step = said
        elif op.op == "replaced":
            step = source(said) + replaced_gap + quote(quoted)
        elif op.op == "missing":
            step = source(said)
        elif op.op == "added":
            step = quote(quoted)
        else:
            step = elided
        out.append(meaning(step, op.meaning) if op.meaning else step)
    return " ".join(out)


MEANING_LABELS = {
    "negation": "a negation added or dropped",
    "only": "“only” added or dropped",
    "number": "another number",
    "date": "another date",
    "name": "another name",
}


def diff_html(ops: tuple[DiffOp, ...] | list[DiffOp]) -> str:
    """The diff as HTML, every word escaped: the source's words in <del>, the quote's in <ins>."""
    return render_diff(
        ops,
        source=lambda words: f'<del class="diff-source">{words}</del>',
        quote=lambda words: f'<ins class="diff-quote">{words}</ins>',
        elided='<span class="diff-elided">[…]</span>',
        replaced_gap=" ",
        escape=html.escape,
        meaning=lambda step, kind: (
            f'<span class="diff-meaning" data-kind="{kind}">{step} <strong class="meaning-flag">'
            f"changes the meaning: {MEANING_LABELS[kind]}</strong></span>"
        ),
    )


def _fragment_diff(
    text: str, words: Words, quote: Quote, fragment: Words, fit: Fit, changed: dict[int, str]
) -> list[DiffOp]:
    def source(i1: int, i2: int) -> str:
        return words.written(text, fit.first + i1, fit.first + i2)

    def quoted(j1: int, j2: int) -> str:
        return fragment.written(quote.text, j1, j2)

    ops = []
    for step, (tag, i1, i2, j1, j2) in enumerate(fit.opcodes):
        if tag != "equal":
            kind = {"replace": "replaced", "delete": "missing", "insert": "added"}[tag]
            ops.append(DiffOp(kind, source(i1, i2), quoted(j1, j2), changed.get(step)))
            continue
        run = 0  # a misspelt word inside an equal run is shown replaced
        for k in [k for k in range(j2 - j1) if j1 + k in fit.misspelt] + [j2 - j1]:
            if k > run:
                ops.append(DiffOp("equal", source(i1 + run, i1 + k), quoted(j1 + run, j1 + k)))
            if k < j2 - j1:
                said, put = source(i1 + k, i1 + k + 1), quoted(j1 + k, j1 + k + 1)
                ops.append(DiffOp("replaced", said, put, changed.get(step)))
            run = k + 1
    return ops


def word_diff(
    text: str,
    words: Words,
    quote: Quote,
    alignment: Alignment,
    changes: Iterable[tuple[int, int, MeaningChange]] = (),
) -> list[DiffOp]:
    """The word diff of the quote against the source; `changes` (`meaning_changes`) mark the
    steps that change the meaning."""
    changed: dict[int, dict[int, str]] = {}
    for n, step, change in changes:
        changed.setdefault(n, {}).setdefault(step, change.kind)
    diff: list[DiffOp] = []
    previous: Fit | None = None
    for n, (fragment, fit) in enumerate(zip(quote.fragments, alignment.fits, strict=True)):
        if n > 0:
            between = ""
            if fit and previous and fit.first > previous.last:
                between = text[words.ends[previous.last] : words.starts[fit.first]].strip()
            diff.append(DiffOp("elided", between, "…"))
        if fit is None:
            diff.append(DiffOp("added", "", fragment.written(quote.text, 0, len(fragment.norms))))
            continue
        diff.extend(_fragment_diff(text, words, quote, fragment, fit, changed.get(n, {})))
        previous = fit
    return diff


def marked_sentences(spans: list[tuple[int, int]], ranges: list[tuple[int, int]]) -> list[int]:
    return [i for i, (a, b) in enumerate(spans) if any(a < y and x < b for x, y in ranges)]


def highlight(text: str, spans: list[tuple[int, int]], marked: list[int]) -> str:
    """The matched sentences in <mark>, a sentence either side, everything escaped."""
    low = max(0, marked[0] - CONTEXT_SENTENCES)
    high = min(len(spans) - 1, marked[-1] + CONTEXT_SENTENCES)
    pieces = ["… "] if spans[low][0] > 0 else []
    marked_set = set(marked)
    i = low
    while i <= high:
        a, b = spans[i]
        sentence = html.escape(text[a:b])
        pieces.append(
            f'<mark class="quote-match">{sentence}</mark>' if i in marked_set else sentence
        )
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
