""" "Did you mean": a query with its unknown words respelt, and the speakers nearest to a speaker
filter that names nobody. Each engine finds the candidate words its own way (Whoosh's
`suggest`, the cluster's term suggester); which one is chosen, and how the query is rewritten,
is decided here for both."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable

from indexer.speakers import default_registry, suggest_speakers
from search.distance import edit_distance
from search.params import Filters, speaker_slug
from search.views import SpeakerCount

# Below this many results, a misspelt word is worth a suggestion.
SUGGEST_BELOW = 3
# Plain words of three letters or more, outside field prefixes and wildcards.
_PLAIN_WORD = re.compile(r"(?<![\w:\"'*])([^\W\d_]{3,})(?![\w:*])")
_OPERATORS = ("AND", "OR", "NOT")
# The unstemmed twins of texts and questions: a suggestion is a word as written.
SPELLING_FIELDS = ("exact", "exact_question")


def _unquoted(text: str) -> list[str]:
    """The query in pieces; quoted phrases are the pieces starting with '"'."""
    return re.split(r'("[^"]*")', text)


def plain_words(text: str) -> list[str]:
    """The words of a query outside its quoted phrases and operators, lowercased, sorted."""
    return sorted(
        {
            m.group(1).lower()
            for piece in _unquoted(text)
            if not piece.startswith('"')
            for m in _PLAIN_WORD.finditer(piece)
            if m.group(1) not in _OPERATORS
        }
    )


def respelt(text: str, nearest: dict[str, str]) -> str | None:
    """The query with each plain word in `nearest` (lowercased) replaced, its capital kept;
    None when no word is replaced."""
    if not nearest:
        return None

    def correct(match: re.Match) -> str:
        word = match.group(1)
        found = nearest.get(word.lower()) if word not in _OPERATORS else None
        if not found:
            return word
        return found.capitalize() if word[0].isupper() else found

    pieces = _unquoted(text)
    return "".join(p if p.startswith('"') else _PLAIN_WORD.sub(correct, p) for p in pieces)


def name_words(names: Iterable[str]) -> set[str]:
    """Words of speakers' names: a misspelt name is the commonest typo in a search for a quote."""
    return {w for name in names for w in re.findall(r"\w+", name.lower())}


def closest(
    word: str, candidates: Iterable[str], names: Iterable[str], frequency: Callable[[str], int]
) -> str | None:
    """Of the engine's candidates and the words of names within two edits, the one nearest to
    `word`, the more frequent in the index on a tie; None if there is none."""
    pool = set(candidates) | {n for n in names if n[0] == word[0] and edit_distance(word, n) <= 2}
    if not pool:
        return None
    counts = {c: frequency(c) for c in pool}
    return min(pool, key=lambda c: (edit_distance(word, c), -counts[c], c))


def speaker_suggestions(
    filters: Filters,
    known: Callable[[], Collection[str]],
    everyone: Callable[[], list[SpeakerCount]],
) -> dict[str, list[str]]:
    """For each speaker filter naming nobody in the index (`known`: its speakers' slugs), the
    nearest speakers who are (`everyone`, most passages first: ties go to the busiest)."""
    if not filters.speakers:
        return {}
    slugs = known()
    unknown = [v for v in filters.speakers if speaker_slug(v) not in slugs]
    if not unknown:
        return {}
    names = [s.name for s in everyone()]
    return {value: suggest_speakers(value, names, default_registry()) for value in unknown}
