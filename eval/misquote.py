"""How people get a quote not quite right: the word tables and edits the quote set applies.

Deliberately independent of the quote finder's own tables (`search/quotes/`): a finder that
only knew the evaluation's synonyms or spellings would score well here and fail on real misquotes.
"""

from __future__ import annotations

import random
import re
import tomllib
from pathlib import Path

# Words a quote swaps for one of the same sense, British spellings and their American twins,
# negated contractions: tables of words, kept in misquote_words.toml.
_WORDS = tomllib.loads((Path(__file__).parent / "misquote_words.toml").read_text(encoding="utf-8"))
SYNONYMS: dict[str, str] = _WORDS["synonyms"]
_SPELLING_PAIRS: dict[str, str] = _WORDS["spellings"]
_ISE_STEMS = (
    "organis realis recognis emphasis criticis apologis mobilis modernis stabilis minimis "
    "maximis characteris authoris summaris normalis harmonis utilis prioritis legitimis "
    "militaris democratis globalis industrialis privatis centralis decentralis capitalis "
    "finalis formalis standardis specialis categoris jeopardis politicis polaris synchronis "
    "visualis energis hospitalis immunis institutionalis internationalis marginalis neutralis "
    "rationalis revitalis scrutinis symbolis sympathis terroris weaponis civilis familiaris "
    "mechanis memoris optimis sanitis subsidis"
).split()
_OUR_STEMS = (
    "colo favo hono labo neighbo behavio endeavo rumo harbo humo vigo valo savio armo flavo splendo"
).split()
_RE_STEMS = "cent theat met fib lit calib spect somb meag lust".split()
_LL_WORDS = (
    "travelled travelling traveller travellers cancelled cancelling labelled labelling "
    "modelled modelling fuelled fuelling signalled signalling levelled channelled counselling "
    "tunnelling totalled equalled"
).split()


def _spelling_table() -> dict[str, str]:
    british = dict(_SPELLING_PAIRS)
    for stem in _ISE_STEMS:
        american = stem[:-1] + "z"
        for ending in ("e", "ed", "es", "ing", "ation", "ations"):
            british[stem + ending] = american + ending
    for stem in _OUR_STEMS:
        for ending in ("ur", "urs", "ured", "uring", "urable", "urably", "urite", "urites"):
            british[stem + ending] = stem + ending[1:]
    for stem in _RE_STEMS:
        for ending in ("re", "res", "red"):
            british[stem + ending] = stem + {"re": "er", "res": "ers", "red": "ered"}[ending]
    for word in _LL_WORDS:
        british[word] = word.replace("ll", "l", 1)
    both = dict(british)
    both.update({american: b for b, american in british.items()})
    return both


SPELLING = _spelling_table()

# Capitalised words that are titles, institutions or calendar words rather than names.
_NOT_NAMES = frozenset(
    "the this that these those there then when what which while where with without president "
    "minister government secretary ministry council security united nations states republic "
    "federation general assembly foreign affairs prime committee department union european "
    "national international organization organisation chairman vice deputy state house white "
    "congress senate court party agency office press spokesperson ambassador administration "
    "bureau day monday tuesday wednesday thursday friday saturday sunday january february march "
    "april may june july august september october november december however because although "
    "after before since during thank thanks first second third yesterday today tomorrow also "
    "our their your they we you his her its and but for from into over under about against".split()
)
_NAME = re.compile(r"^[A-Z][a-z]{4,}$")
_VOWELS = "aeiou"


def _cased(template: str, word: str) -> str:
    return word[:1].upper() + word[1:] if template[:1].isupper() else word


def _core(token: str) -> tuple[str, str, str]:
    """A token split into leading punctuation, the word, trailing punctuation."""
    match = re.match(r"^(\W*)(.*?)(\W*)$", token)
    assert match is not None
    return match.group(1), match.group(2), match.group(3)


def swap_synonyms(words: list[str], rng: random.Random) -> list[str] | None:
    spots = [i for i, w in enumerate(words) if _core(w)[1].lower() in SYNONYMS]
    if not spots:
        return None
    out = list(words)
    for i in rng.sample(spots, min(len(spots), rng.choice((1, 2)))):
        lead, word, trail = _core(words[i])
        out[i] = lead + _cased(word, SYNONYMS[word.lower()]) + trail
    return out


def swap_spelling(words: list[str], rng: random.Random) -> list[str] | None:
    spots = [i for i, w in enumerate(words) if _core(w)[1].lower() in SPELLING]
    if not spots:
        return None
    out = list(words)
    i = rng.choice(spots)
    lead, word, trail = _core(words[i])
    out[i] = lead + _cased(word, SPELLING[word.lower()]) + trail
    return out


def drop_words(words: list[str], rng: random.Random) -> list[str] | None:
    if len(words) < 10:
        return None
    gone = set(rng.sample(range(1, len(words) - 1), rng.choice((1, 2))))
    return [w for i, w in enumerate(words) if i not in gone]


def reorder_words(words: list[str], rng: random.Random) -> list[str] | None:
    """Two neighbouring words swapped, or one moved two places on."""
    if len(words) < 8:
        return None
    out = list(words)
    i = rng.randrange(1, len(words) - 3)
    if rng.random() < 0.5:
        out[i], out[i + 1] = out[i + 1], out[i]
    else:
        out.insert(i + 2, out.pop(i))
    return out if out != words else None


def misspell(word: str, rng: random.Random) -> str:
    """One slip of the keyboard inside the word: letters swapped, dropped, doubled, a vowel."""
    inner = range(1, len(word) - 1)
    kind = rng.choice(("swap", "drop", "double", "vowel"))
    i = rng.choice(list(inner)[:-1]) if kind == "swap" else rng.choice(list(inner))
    if kind == "swap" and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "vowel" and word[i] in _VOWELS:
        return word[:i] + rng.choice([v for v in _VOWELS if v != word[i]]) + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def misspell_name(words: list[str], rng: random.Random) -> list[str] | None:
    spots = [
        i
        for i, w in enumerate(words[1:], start=1)
        if _NAME.match(_core(w)[1]) and _core(w)[1].lower() not in _NOT_NAMES
    ]
    if not spots:
        return None
    out = list(words)
    i = rng.choice(spots)
    lead, word, trail = _core(words[i])
    out[i] = lead + misspell(word, rng) + trail
    return out


MISQUOTES = {
    "synonym": swap_synonyms,
    "dropped": drop_words,
    "reordered": reorder_words,
    "spelling": swap_spelling,
    "name": misspell_name,
}


# Misquotes that change the meaning: a negation or "only" added or dropped, another number,
# another date, another name. Kept apart from MISQUOTES, so the faithful quote set (and its
# figures) stays as it was.
_AUXILIARIES = frozenset(
    "is are was were will would can could should must has have had do does did may might".split()
)
_NEGATIONS = frozenset(("not", "never", "no"))
_CONTRACTIONS: dict[str, str] = _WORDS["contractions"]
_DETERMINERS = frozenset("the a an this these those our their its his her".split())
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
# Names people are quoted as mentioning; one swapped in for another is another person.
_OTHER_NAMES = (
    "Lavrov Blinken Putin Biden Merkel Macron Guterres Zelensky Erdogan Johnson Pompeo Trump "
    "Obama Scholz Stoltenberg Borrell Zakharova Peskov"
).split()


def _put(words: list[str], i: int, new: list[str], drop: int = 1) -> list[str]:
    """The words with `drop` of them at i replaced by `new`."""
    return [*words[:i], *new, *words[i + drop :]]


def _plain(word: str) -> str:
    return _core(word)[1].lower().replace("’", "'")


def drop_negation(words: list[str], rng: random.Random) -> list[str] | None:
    spots = [i for i, w in enumerate(words) if _plain(w) in _NEGATIONS | _CONTRACTIONS.keys()]
    if not spots:
        return None
    i = rng.choice(spots)
    lead, word, trail = _core(words[i])
    if _plain(word) in _CONTRACTIONS:
        return _put(words, i, [lead + _cased(word, _CONTRACTIONS[_plain(word)]) + trail])
    if lead or trail:  # "not," would leave its comma behind
        return None
    return _put(words, i, [])


def add_negation(words: list[str], rng: random.Random) -> list[str] | None:
    spots = [
        i
        for i, w in enumerate(words[:-1])
        if _plain(w) in _AUXILIARIES and not _core(w)[2] and _plain(words[i + 1]) not in _NEGATIONS
    ]
    if not spots:
        return None
    i = rng.choice(spots)
    return _put(words, i + 1, ["not"], drop=0)


def drop_only(words: list[str], rng: random.Random) -> list[str] | None:
    spots = [i for i, w in enumerate(words) if w.lower() == "only"]
    return _put(words, rng.choice(spots), []) if spots else None


def add_only(words: list[str], rng: random.Random) -> list[str] | None:
    spots = [
        i
        for i, w in enumerate(words[1:], start=1)
        if w.lower() in _DETERMINERS and _plain(words[i - 1]) != "only"
    ]
    return _put(words, rng.choice(spots), ["only"], drop=0) if spots else None


def _is_year(word: str) -> bool:
    return word.isdigit() and len(word) == 4 and word[:2] in ("19", "20")


def change_number(words: list[str], rng: random.Random) -> list[str] | None:
    """A count or amount (not a year) given as another."""
    counts = [_core(w)[1].replace(",", "") for w in words]
    spots = [i for i, n in enumerate(counts) if n.isdigit() and not _is_year(n)]
    if not spots:
        return None
    i = rng.choice(spots)
    lead, word, trail = _core(words[i])
    n = int(word.replace(",", ""))
    other = n + rng.randint(1, 9) if n < 10 or rng.random() < 0.5 else n * rng.choice((2, 3, 10))
    return _put(words, i, [lead + str(other) + trail])


def change_date(words: list[str], rng: random.Random) -> list[str] | None:
    """A year, a month or a weekday given as another."""
    spots = [
        i
        for i, w in enumerate(words)
        if _is_year(_core(w)[1]) or _core(w)[1] in (*_MONTHS, *_WEEKDAYS)
    ]
    if not spots:
        return None
    i = rng.choice(spots)
    lead, word, trail = _core(words[i])
    if word.isdigit():
        other = str(int(word) + rng.choice((-3, -2, -1, 1, 2, 3)))
    else:
        other = rng.choice([n for n in (_MONTHS if word in _MONTHS else _WEEKDAYS) if n != word])
    return _put(words, i, [lead + other + trail])


def swap_name(words: list[str], rng: random.Random) -> list[str] | None:
    """A name (not a sentence's first word) given as another person's."""
    spots = [
        i
        for i, w in enumerate(words[1:], start=1)
        if _NAME.match(_core(w)[1])
        and _core(w)[1].lower() not in _NOT_NAMES
        and _core(w)[1] not in _MONTHS
        and not words[i - 1].endswith((".", "!", "?", ":"))
    ]
    if not spots:
        return None
    i = rng.choice(spots)
    lead, word, trail = _core(words[i])
    other = rng.choice([n for n in _OTHER_NAMES if n[:2] != word[:2] and n[-2:] != word[-2:]])
    return _put(words, i, [lead + other + trail])


MEANING_CHANGES = {
    "negation-dropped": drop_negation,
    "negation-added": add_negation,
    "only-dropped": drop_only,
    "only-added": add_only,
    "number": change_number,
    "date": change_date,
    "name": swap_name,
}
