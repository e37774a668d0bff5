"""Cyrillic names in Latin letters, every way they are spelt, to propose merges.

"Зарубин" is "Zarubin" under every scheme, but "Воробьёв" is "Vorobyov" (Wikipedia), "Vorobev"
(passports) and "Vorob'yev" (BGN/PCGN), and the Kremlin's English pages write "Yury" where a
passport writes "Iurii". The schemes come from `iuliia` (the Russian official and common
transliteration schemes); `spelling_key` then folds what is left of the differences (y/i/j,
kh/h, dzh/dj/j, doubled letters) so two spellings of one surname meet. A match only proposes a
merge: the registry confirms it (`indexer.identity`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import iuliia

# The schemes the Kremlin's, the press's and passports' spellings come from.
_SCHEMES = (
    iuliia.WIKIPEDIA,
    iuliia.MVD_782,
    iuliia.BGN_PCGN,
    iuliia.ICAO_DOC_9303,
    iuliia.TELEGRAM,
    iuliia.YANDEX_MAPS,
    iuliia.ALA_LC,
)
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


@cache
def latin_spellings(name: str) -> frozenset[str]:
    """The ways `name` is written in Latin letters; a Latin name is its own one spelling."""
    if not _CYRILLIC.search(name):
        return frozenset({name})
    # "ё" is often written "е" in Russian text: both are tried.
    variants = {name, name.replace("ё", "е").replace("Ё", "Е")}
    return frozenset(scheme.translate(v) for scheme in _SCHEMES for v in variants)


def latin_initials(initial: str) -> frozenset[str]:
    """ "Ю" → {"Yu", "Iu", "Ju", ...}: how a Cyrillic initial starts the Latin given name."""
    return frozenset(s for s in latin_spellings(initial) if s)


def spelling_key(name: str) -> str:
    """A surname folded so its spellings meet: "Shakhidjanyan", "Shakhijanyan" and
    "Shakhidzhanyan" give one key, as do "Kleymenov" and "Kleimenov"."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if c.isalpha() and not unicodedata.combining(c))
    for old, new in (
        ("dzh", "j"),
        ("dj", "j"),
        ("zh", "j"),
        ("kh", "h"),
        ("ks", "x"),
        ("ck", "k"),
        ("yu", "u"),
        ("iu", "u"),
        ("ju", "u"),
        ("ya", "a"),
        ("ia", "a"),
        ("ja", "a"),
        ("ye", "e"),
        ("je", "e"),
        ("yo", "e"),
        ("jo", "e"),
        ("ё", "e"),
        ("y", "i"),
        ("j", "i"),
        ("w", "v"),
    ):
        text = text.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", text)
