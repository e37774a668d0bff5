"""Spelling twins: British and American spellings of a word, compared in one form.

The quote finder compares every word written American (`normalise_word`), and looks a quote's
word up in the index with its twins (`spelling_variants`), since the index may hold either.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# British spellings and their American twins; both sides of a comparison are written American.
# (Tables here are kept several pairs a line, unformatted: read as a table, not a column.)
_SPELLING_WORDS = {
    "programme": "program",
    "programmes": "programs",
    "judgement": "judgment",
    "judgements": "judgments",
    "ageing": "aging",
    "defence": "defense",
    "defences": "defenses",
    "offence": "offense",
    "offences": "offenses",
    "licence": "license",
    "pretence": "pretense",
    "grey": "gray",
    "sceptical": "skeptical",
    "sceptic": "skeptic",
    "sceptics": "skeptics",
    "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers",
    "aluminium": "aluminum",
    "fulfil": "fulfill",
    "fulfilment": "fulfillment",
    "enrol": "enroll",
    "cheque": "check",
    "whilst": "while",
    "amongst": "among",
    "learnt": "learned",
    "kerb": "curb",
}
_SPELLING_RULES = [
    # realise, organisation; analyse, paralysed
    (re.compile(r"^(\w{2,}[iy])s(e|es|ed|ing|ation|ations|er|ers)$"), r"\1z\2"),
    # colour, honourable, neighbourhood (not four, your, hour: too short a stem)
    (
        re.compile(r"^(\w{3,})our(s|ed|ing|able|ably|ite|ites|ful|less|er|ers|hood|hoods)?$"),
        r"\1or\2",
    ),
    # centre, theatre, metres; centred
    (re.compile(r"^(\w{2,}[^\Waeiou])re(s)?$"), r"\1er\2"),
    (re.compile(r"^(\w{2,}[^\Waeiou])red$"), r"\1ered"),
    # dialogue, catalogues
    (re.compile(r"^(\w+)ogue(s)?$"), r"\1og\2"),
    # travelled, cancelling, signalled
    (re.compile(r"^(\w{2,}[ae])ll(ed|ing|er|ers)$"), r"\1l\2"),
]
_AMERICAN_TO_BRITISH = {american: british for british, american in _SPELLING_WORDS.items()}

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
