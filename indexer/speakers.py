"""One canonical name per speaker, from a data file users can extend.

A label or a title names a person in many ways: "Lavrov", "S. Lavrov", "Foreign Minister Sergey
Lavrov", "Lavrov's", "С.Лавров". Matching works on word sequences: a full name or alias wins; a
surname alone counts when the word before it is an initial of that person, a role ("Foreign
Minister", "MS."), or a lower-case word, so "Hunter Biden" is not taken for Joe Biden.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from indexer.model import slugify
from indexer.names import edit_distance, within_one_edit
from indexer.translit import latin_spellings

DATA_DIR = Path(__file__).parent / "data"
DATA_FILE = DATA_DIR / "speakers.toml"
PERSON = "person"
OUTLET = "outlet"  # a news organisation: a label naming one asks a question
# A person who asks rather than answers (a television journalist at a Direct Line): named like
# anyone, but not one of the officials the pairing rules expect to answer.
JOURNALIST = "journalist"

# Numbers are words of their own: "France 24" is not "France", "CCTV4" is "CCTV 4".
_WORD = re.compile(r"[^\W\d_]+(?:[-'’`][^\W\d_]+)*|\d+")
_POSSESSIVE = re.compile(r"[’'`]s$")

# Words that may stand before a surname without being a first name: roles, honorifics and the
# words titles put around a name ("Comment by", "interview with").
_ROLE_WORDS = frozenset(
    """
    mr ms mrs dr sir madam president presidential minister foreign spokeswoman spokesman
    spokesperson secretary press deputy prime chancellor ambassador director general
    chairman premier state counselor counsellor official senior russian chinese american
    british us usa russia china ministry envoy representative permanent head leader senator
    governor vice first assistant adviser advisor coordinator affairs by with comment
    article address interview statement speech remarks message answers question answer q a
    the and on of to at national security council admiral rear white house administrator
    chair acting
""".split()
)


def _words(text: str) -> list[tuple[str, int, int]]:
    """Case-folded words of `text` with their spans, possessives removed."""
    return [
        (_POSSESSIVE.sub("", m.group()).casefold(), m.start(), m.end())
        for m in _WORD.finditer(text)
    ]


# Russian names change their endings with case ("интервью Сергея Лаврова", "с Марией
# Захаровой"): endings to strip or swap to find the nominative a registry holds.
_RUSSIAN_ENDINGS = [
    ("а", ""),
    ("у", ""),
    ("е", ""),
    ("ым", ""),
    ("ом", ""),
    ("ой", "а"),
    ("у", "а"),
    ("я", "й"),
    ("ю", "й"),
    ("ем", "й"),
    ("и", "я"),
    ("ю", "я"),
    ("ей", "я"),
    ("ы", "а"),
]
_CYRILLIC = re.compile(r"[а-яё]")


def is_role_word(word: str) -> bool:
    if word in _ROLE_WORDS:
        return True
    # Titles carry typos ("Presiden Putin's address"); a near-miss of a long role word is a role.
    return len(word) >= 6 and any(
        len(role) >= 6 and within_one_edit(word, role) for role in _ROLE_WORDS
    )


@dataclass(frozen=True)
class Speaker:
    name: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    family_name: str | None = None
    kind: str = PERSON
    # The publishers on whose pages this person speaks (a data file's `[scope]`): a bare
    # surname resolves to them only there. Empty for the people of speakers.toml, known anywhere.
    publishers: tuple[str, ...] = ()

    def in_scope(self, publisher: str | None) -> bool:
        return not self.publishers or publisher in self.publishers

    @property
    def slug(self) -> str:
        return slugify(self.name)

    def full_forms(self) -> list[tuple[str, ...]]:
        """Word sequences that name this speaker on their own."""
        forms = [tuple(w for w, _, _ in _words(n)) for n in (self.name, *self.aliases)]
        # An organisation's one-word name ("TASS") is whole; a person's single word is a surname.
        return [f for f in forms if len(f) > 1 or (f and self.kind == OUTLET)]

    def family_names(self) -> set[str]:
        if self.kind == OUTLET:
            return set()
        if self.family_name:
            return {self.family_name.casefold()}
        return {_words(n)[-1][0] for n in (self.name, *self.aliases) if _words(n)}

    def given_names(self) -> set[str]:
        family = self.family_names()
        return {w for n in (self.name, *self.aliases) for w, _, _ in _words(n)} - family


@dataclass
class SpeakerRegistry:
    speakers: list[Speaker]
    _full: dict[tuple[str, ...], Speaker] = field(init=False, repr=False)
    _family: dict[str, list[Speaker]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._full = {}
        self._family = {}
        for speaker in self.speakers:
            for form in speaker.full_forms():
                self._full[form] = speaker
            for name in speaker.family_names():
                self._family.setdefault(name, []).append(speaker)
        self._longest_form = max((len(f) for f in self._full), default=1)
        self._vocabulary = {w for form in self._full for w in form} | set(self._family)
        self._vocabulary |= {g for s in self.speakers for g in s.given_names()}

    def _nominative(self, words: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
        """Cyrillic words the registry does not hold, put back into the form it holds."""
        result = []
        for word, start, end in words:
            if word not in self._vocabulary and _CYRILLIC.search(word):
                for ending, replacement in _RUSSIAN_ENDINGS:
                    if word.endswith(ending):
                        candidate = word[: -len(ending)] + replacement
                        if candidate in self._vocabulary:
                            word = candidate
                            break
            result.append((word, start, end))
        return result

    @classmethod
    def from_files(cls, *paths: Path) -> SpeakerRegistry:
        """Records from every file; records of the same name are merged, so a file can add
        aliases or roles to a speaker another file defines."""
        merged: dict[str, Speaker] = {}
        for path in paths:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
            scope = tuple(data.get("scope", {}).get("publishers", ()))
            for record in data.get("speaker", []):
                found = merged.get(record["name"])
                publishers = tuple(record.get("publishers", scope))
                merged[record["name"]] = Speaker(
                    name=record["name"],
                    aliases=(*(found.aliases if found else ()), *record.get("aliases", ())),
                    roles=(*(found.roles if found else ()), *record.get("roles", ())),
                    family_name=record.get("family_name") or (found and found.family_name),
                    kind=record.get("kind") or (found.kind if found else PERSON),
                    # A person known everywhere stays so when another file adds to them.
                    publishers=() if found and not found.publishers else publishers,
                )
        return cls(list(merged.values()))

    def _match_at(
        self, words: list[tuple[str, int, int]], i: int, text: str, scope: Scope | None = None
    ) -> tuple[Speaker, int] | None:
        """The speaker named by the words starting at index i, and how many words name them."""
        for length in range(min(self._longest_form, len(words) - i), 0, -1):
            form = tuple(w for w, _, _ in words[i : i + length])
            if form in self._full:
                return self._full[form], length
        candidates = self._family.get(words[i][0], [])
        if scope is not None:
            candidates = scope.narrow(candidates)
        if i + 1 < len(words) and text[words[i + 1][1]].isupper():
            # "Hong Kong", "Liu He": for a name written family name first, the next capitalised
            # word must be the given name, or it is somebody (or something) else.
            after = words[i + 1][0]
            candidates = [s for s in candidates if not s.family_name or after in s.given_names()]
        if not candidates:
            return None
        if i == 0:
            return (candidates[0], 1) if len(candidates) == 1 else None
        before, start, _ = words[i - 1]
        if len(before) == 1:
            chosen = [s for s in candidates if any(g.startswith(before) for g in s.given_names())]
        elif not text[start].isupper() or is_role_word(before):
            chosen = candidates
        else:
            chosen = [s for s in candidates if before in s.given_names()]
        return (chosen[0], 1) if len(chosen) == 1 else None

    def lookup(self, label: str, scope: Scope | None = None) -> Speaker | None:
        """The known speaker a label names, reading it from the end: roles come first. With a
        `scope`, a surname alone names only someone the scope allows (see `Scope`)."""
        label = re.sub(r"\([^)]*\)", " ", label)
        words = self._nominative(_words(label))
        for i in range(len(words)):
            found = self._match_at(words, i, label, scope)
            if found and i + found[1] == len(words):
                return found[0]
        return None

    def by_full_name(self, name: str) -> Speaker | None:
        """The speaker whose name or alias is exactly `name`'s words, surnames not enough."""
        return self._full.get(tuple(w for w, _, _ in _words(name)))

    def canonical(self, label: str, scope: Scope | None = None) -> str:
        """The canonical name for a label; a name nobody knows yet is kept as written. With a
        `scope`, a surname alone names only someone the scope allows."""
        speaker = self.lookup(label, scope)
        if speaker:
            return speaker.name
        # Notes such as "(retranslated)" or "(как переведено)" are not part of the name.
        return " ".join(re.sub(r"\([^)]*\)", " ", label).split()).strip(" :")

    def named_in_full(self, text: str) -> set[str]:
        """The known people `text` names by a full name or an alias, not by surname alone."""
        words = [w for w, _, _ in self._nominative(_words(text))]
        found = set()
        for i in range(len(words)):
            for length in range(min(self._longest_form, len(words) - i), 1, -1):
                speaker = self._full.get(tuple(words[i : i + length]))
                if speaker is not None:
                    found.add(speaker.name)
                    break
        return found

    def mentioned_in(self, text: str, scope: Scope | None = None) -> list[Speaker]:
        """Known speakers named anywhere in `text`, in order of first mention."""
        words = self._nominative(_words(text))
        found: list[Speaker] = []
        i = 0
        while i < len(words):
            match = self._match_at(words, i, text, scope)
            if match:
                if match[0] not in found:
                    found.append(match[0])
                i += match[1]
            else:
                i += 1
        return found


@dataclass(frozen=True)
class Scope:
    """Where a surname alone may resolve: first to the people the document names in full, then
    to the registry's people of its publisher, then to those known everywhere. A White House
    official is never found by surname on a Kremlin page."""

    publisher: str | None
    named: frozenset[str] = frozenset()

    def narrow(self, candidates: list[Speaker]) -> list[Speaker]:
        for allowed in (
            [s for s in candidates if s.name in self.named],
            [s for s in candidates if s.publishers and self.publisher in s.publishers],
            [s for s in candidates if not s.publishers],
        ):
            if allowed:
                return allowed
        return []


@cache
def default_registry() -> SpeakerRegistry:
    """Every `speakers*.toml` in indexer/data, then the file VERBATIM_SPEAKERS names."""
    paths = sorted(DATA_DIR.glob("speakers*.toml"))
    extra = os.environ.get("VERBATIM_SPEAKERS")
    if extra:
        paths.append(Path(extra))
    return SpeakerRegistry.from_files(*paths)


def suggest_speakers(
    value: str, names: Iterable[str], registry: SpeakerRegistry, limit: int = 5
) -> list[str]:
    """The known speakers nearest a speaker filter nobody matched ("puttin" → "Vladimir Putin"),
    nearest first, at most `limit`; `names` are the speakers to choose from, most passages first.

    A name is compared word by word and whole, with its registry aliases and the Latin spellings
    of its Cyrillic ones, so "putin", "lavrof", "zaharova" and "Путин" all find their person. A
    word counts when it is at most a third of its length away (one typo in a short name)."""
    wanted = " ".join(_normal_words(value))
    if not wanted:
        return []
    scored: list[tuple[int, int, str]] = []
    for rank, name in enumerate(names):
        best = min((edit_distance(wanted, key) for key in _name_keys(name, registry)), default=99)
        if best <= max(1, len(wanted) // 3):
            scored.append((best, rank, name))
    return [name for _, _, name in sorted(scored)[:limit]]


def _normal_words(text: str) -> list[str]:
    return [w for w, _, _ in _words(text)]


def _name_keys(name: str, registry: SpeakerRegistry) -> set[str]:
    """Every way of writing `name` a filter may aim at: whole, each word, aliases, and Latin
    spellings of Cyrillic aliases."""
    known = registry.lookup(name)
    forms = {name, *(known.aliases if known and known.name == name else ())}
    forms |= {latin for form in list(forms) for latin in latin_spellings(form)}
    keys = set()
    for form in forms:
        words = _normal_words(form)
        keys.add(" ".join(words))
        keys.update(w for w in words if len(w) > 2)
    return keys
