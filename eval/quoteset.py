"""The quote set: sentences of indexed passages, quoted as people quote them, with a fixed seed.

Passages are visited in a shuffled order (the seed fixes it for a given set of passages, however
the index was built); each gives at most one query, to the class whose turn it is, so every class
draws from the whole corpus. A sentence is a run of 8 to 45 words ending in . ! or ?, with no
ellipsis of its own.

- exact: the sentence as it is;
- trimmed: one to three words cut at each end;
- ellipsis: the start of one sentence "... " the end of a later one in the same passage, or the
  start and end of one long sentence with its middle left out;
- misquote (`eval.misquote`): a word or two swapped for a synonym, a word or two dropped, words
  reordered, British and American spelling swapped, a name misspelt.

Each query keeps the words it was made from (`fragments`): a result is right if it is the passage
the quote was drawn from, or any passage holding those words (the same sentence said twice).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass

from whoosh.searching import Searcher

from eval.misquote import MEANING_CHANGES, MISQUOTES

SEED = 20240611
ELLIPSIS = " ... "
MIN_WORDS, MAX_WORDS = 8, 45
# Queries per class; the misquote kinds together make the "misquoted" class.
QUOTAS = {
    "exact": 200,
    "trimmed": 200,
    "ellipsis": 150,
    **{f"misquote:{kind}": 100 for kind in MISQUOTES},
}
# The misquotes that change the meaning: a set of their own (`eval.meaning`), another seed.
MEANING_SEED = 20261207
MEANING_QUOTAS = {f"meaning:{kind}": 20 for kind in MEANING_CHANGES}
ENGLISH_ONLY = {f"misquote:{kind}" for kind in MISQUOTES} | set(MEANING_QUOTAS)
_SENTENCE = re.compile(r"[^.!?]*?[^\W\d_][^.!?]*?[.!?]+[\"”’)]*(?=\s|$)", re.S)
_ELIDED = re.compile(r"\.\.\.|…")


@dataclass(frozen=True)
class Query:
    qid: str
    cls: str  # exact, trimmed, ellipsis, misquote:<kind>
    text: str
    target: str  # the passage id it was drawn from
    fragments: tuple[str, ...]  # source words the quote stands for, in order
    language: str
    source: str

    @property
    def group(self) -> str:
        """The class a target is set for: the misquote kinds count together."""
        return "misquoted" if self.cls.startswith("misquote:") else self.cls

    def as_json(self) -> dict:
        return asdict(self)


def sentences(text: str) -> list[str]:
    found = []
    for match in _SENTENCE.finditer(text):
        sentence = " ".join(match.group().split())
        if MIN_WORDS <= len(sentence.split()) <= MAX_WORDS and not _ELIDED.search(sentence):
            found.append(sentence)
    return found


def _exact(found: list[str], rng: random.Random) -> tuple[str, tuple[str, ...]] | None:
    sentence = rng.choice(found)
    return sentence, (sentence,)


def _trimmed(found: list[str], rng: random.Random) -> tuple[str, tuple[str, ...]] | None:
    words = rng.choice(found).split()
    head, tail = rng.randint(1, 3), rng.randint(1, 3)
    kept = words[head : len(words) - tail]
    if len(kept) < 6:
        return None
    text = " ".join(kept)
    return text, (text,)


def _ellipsis(found: list[str], rng: random.Random) -> tuple[str, tuple[str, ...]] | None:
    """Across two sentences of the passage when it has them, else inside one long sentence."""
    head_words, tail_words = rng.randint(5, 9), rng.randint(5, 9)
    if len(found) >= 2 and rng.random() < 0.5:
        i, j = sorted(rng.sample(range(len(found)), 2))
        head, tail = found[i].split()[:head_words], found[j].split()[-tail_words:]
    else:
        words = rng.choice(found).split()
        if len(words) - head_words - tail_words < 3:  # at least three words left out
            return None
        head, tail = words[:head_words], words[-tail_words:]
    before, after = " ".join(head), " ".join(tail)
    return before + ELLIPSIS + after, (before, after)


def _misquote(change: Callable) -> Callable:

    def make(found: list[str], rng: random.Random) -> tuple[str, tuple[str, ...]] | None:
        for sentence in rng.sample(found, len(found)):
            changed = change(sentence.split(), rng)
            if changed is not None:
                return " ".join(changed), (sentence,)
        return None

    return make


MAKERS: dict[str, Callable] = {
    "exact": _exact,
    "trimmed": _trimmed,
    "ellipsis": _ellipsis,
    **{f"misquote:{kind}": _misquote(change) for kind, change in MISQUOTES.items()},
    **{f"meaning:{kind}": _misquote(change) for kind, change in MEANING_CHANGES.items()},
}


def _passages(searcher: Searcher, live: list[int], rng: random.Random) -> Iterator[dict]:
    # Shuffled from passage id order, not docnum order: builds on two workers, or updated ones,
    # number the same passages differently, and the set must not depend on how the index was made.
    order = sorted((searcher.stored_fields(docnum)["id"], docnum) for docnum in live)
    rng.shuffle(order)
    for _, docnum in order:
        yield searcher.stored_fields(docnum)


def generate(
    searcher: Searcher, live: list[int], quotas: dict[str, int] = QUOTAS, seed: int = SEED
) -> list[Query]:
    """The quote set for these passages: the same passages and seed always give the same queries."""
    rng = random.Random(seed)
    wanted = dict(quotas)
    queries: list[Query] = []
    turn = 0
    classes = list(wanted)
    for fields in _passages(searcher, live, rng):
        if not any(wanted.values()):
            break
        found = sentences(fields.get("text", ""))
        if not found:
            continue
        language = fields.get("language", "en")
        for step in range(len(classes)):
            cls = classes[(turn + step) % len(classes)]
            if not wanted[cls] or (cls in ENGLISH_ONLY and language != "en"):
                continue
            made = MAKERS[cls](found, rng)
            if made is None:
                continue
            text, fragments = made
            n = quotas[cls] - wanted[cls] + 1
            queries.append(
                Query(
                    f"{cls}-{n:03d}",
                    cls,
                    text,
                    fields["id"],
                    fragments,
                    language,
                    fields.get("source", ""),
                )
            )
            wanted[cls] -= 1
            turn = (turn + step + 1) % len(classes)
            break
    return queries
