"""Who a speaker label names, as one document sees it: one identity per person.

The registry alone answers "which known person does this label name"; a document adds what it
knows: its date (an office's holder that day), its publisher (whose people a bare surname may
mean) and its own text (the full name behind "MR. CHEUNG" or "П.Зарубин"). `DocumentNames`
offers the registry's `lookup` and `canonical` under those rules, so the pairing code asks it as
it would ask the registry, and `finish` then turns each passage's speaker into a person and the
role shown beside them:

- a label naming the part a turn plays ("Remark", "Реплика", "OPERATOR", "SENIOR ADMINISTRATION
  OFFICIAL") names nobody: the speaker is unknown (""), the role says what the turn is;
- a label naming an office ("THE PRESIDENT", "Президент России") is its holder that day, the
  office the role; an office nobody can settle keeps the person unknown;
- a post before a name ("President of Egypt Mohammed Morsi") is the role, the rest the name;
- initials and a surname ("П.Зарубин", "Лавров С.В.") are the full name the document gives, or
  the registry's one person whose transliterated surname and initial match;
- a surname ("MR. CHEUNG") is the full name the document gives, or written readably.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from indexer.model import Passage
from indexer.names import (
    CONNECTORS,
    HONORIFICS,
    PARTICLES,
    POST_WORDS,
    clean_label,
    edit_distance,
    exchange_role,
    initials_and_surname,
    label_is_shouted,
    readable,
    split_post,
    title_word,
)
from indexer.offices import OfficeRegistry, default_offices
from indexer.speakers import OUTLET, Scope, Speaker, SpeakerRegistry
from indexer.translit import latin_initials, latin_spellings, spelling_key


@dataclass(frozen=True)
class Who:
    name: str  # "" when the source does not say who
    role: str | None = None


UNKNOWN = ""


class DocumentNames:
    """The speaker registry as one document sees it (see the module's docstring)."""

    def __init__(
        self,
        registry: SpeakerRegistry,
        text: str,
        day: date | None,
        publisher: str | None,
        offices: OfficeRegistry | None = None,
        settled: Mapping[str, str] | None = None,
    ) -> None:
        self.registry = registry
        # Labels whose person the reader settled from a source of its own (the UN speaker
        # table), and who they are: not read again by their shape here.
        self.settled = dict(settled or {})
        self.offices = offices or default_offices()
        self.day, self.publisher, self.text = day, publisher, text
        self.named = frozenset(registry.named_in_full(text))
        self.scope = Scope(publisher, self.named)
        self._who: dict[str, Who] = {}
        self._resolved: dict[str, Who] = {}
        self._full_names: dict[str, str | None] = {}
        self._lower: set[str] | None = None

    # --- what the pairing code asks ---------------------------------------------------------

    def lookup(self, label: str) -> Speaker | None:
        who = self.resolve(label)
        return self.registry.lookup(who.name, self.scope) if who.name else None

    def canonical(self, label: str) -> str:
        """A key for the person or the role a label names; `finish` reads it back."""
        who = self.resolve(label)
        key = who.name or who.role or UNKNOWN
        known = self._who.get(key)
        if known is None or (known.role is None and who.role):
            self._who[key] = who  # a holder's office shows on all their turns
        return key

    def mentioned_in(self, text: str) -> list[Speaker]:
        return self.registry.mentioned_in(text, self.scope)

    # --- resolution -------------------------------------------------------------------------

    def resolve(self, label: str) -> Who:
        if label not in self._resolved:
            self._resolved[label] = self._resolve(label)
        return self._resolved[label]

    def _resolve(self, label: str) -> Who:
        if label in self.settled:
            return Who(self.settled[label])
        clean = clean_label(label)
        if not clean:
            return Who(UNKNOWN)
        role = exchange_role(clean)
        if role:
            return Who(UNKNOWN, role)
        office = self.offices.named_by(clean, self.publisher)
        if office:
            return Who(office.holder_on(self.day, self.named) or UNKNOWN, office.name)
        parsed = split_post(clean)
        post = _readable_post(parsed.post)
        if not parsed.name or parsed.name.casefold().rstrip(".") in HONORIFICS:
            return Who(UNKNOWN, post)  # "MR.:" names nobody
        if _SURNAME.fullmatch(parsed.name) or (parsed.honorific and len(parsed.name.split()) == 2):
            # A surname alone ("MR. CHEUNG", "MR. FERNÁNDEZ HERNÁNDEZ") is first a registry
            # person this document names in full, then whoever else it names in full with it.
            known = self.registry.lookup(clean, self.scope)
            if known is not None and known.name in self.named:
                return Who(known.name, post)
            full = self.full_name(readable(parsed.name))
            if full:
                known = self.registry.lookup(full, self.scope)
                return Who(known.name if known else full, post)
        known = self.registry.lookup(clean, self.scope)
        if known is not None:
            return Who(known.name, post if known.kind != OUTLET else None)
        if post:
            known = self.registry.lookup(parsed.name, self.scope)
            if known is not None:
                return Who(known.name, post)
        near = self._near_miss(parsed.name)
        if near is not None:
            return Who(near.name, post)
        if self._is_heading(parsed.name):
            return Who(UNKNOWN)
        return self._unknown_person(parsed.name, post, parsed.honorific)

    def _near_miss(self, name: str) -> Speaker | None:
        """A surname mistyped by one letter ("MR. SULLVIAN", "Ms. Jean-Piere") of the one person
        this document names in full, else of the one registry person of its publisher, else of
        the one known everywhere. A given name in the label must be theirs too: "Sergei
        Ivanov" is not Igor Ivanov, nor "Sergei Aksyonov" Mikhail Kasyanov."""
        words = name.split()
        if not words:
            return None
        surname = readable(words[-1]).casefold()
        given = readable(words[0]).casefold().rstrip(".") if len(words) > 1 else None
        if len(surname) < 4:
            return None

        def fits(speaker: Speaker) -> bool:
            if not any(edit_distance(surname, f) <= 1 for f in speaker.family_names()):
                return False
            if given is None:
                return True
            names = speaker.given_names()
            if len(given) == 1:
                return any(g.startswith(given) for g in names)
            return any(edit_distance(given, g) <= 1 for g in names)

        for pool in (
            [s for s in self.registry.speakers if s.name in self.named],
            [s for s in self.registry.speakers if self.publisher in s.publishers],
            [s for s in self.registry.speakers if not s.publishers],
        ):
            near = [s for s in pool if s.kind != OUTLET and fits(s)]
            if len(near) == 1:
                return near[0]
            if near:
                return None
        return None

    def _is_heading(self, name: str) -> bool:
        """Words every one of which the document also writes in lower case are no name:
        "Invest in Collective Resilience:", "Integrated Approach:"."""
        words = [w.casefold().strip(",.") for w in name.split()]
        if len(words) < 2 or initials_and_surname(name):
            return False
        if CONNECTORS.intersection(words) and not any(w in POST_WORDS for w in words):
            return True  # "Assess Climate-Related Threats and Opportunities:"
        words = [w for w in words if w not in PARTICLES and w not in CONNECTORS]
        if len(words) < 2:
            return False
        lower = self._lower_words()
        return all(w in lower for w in words)

    def _lower_words(self) -> set[str]:
        if self._lower is None:
            self._lower = set(re.findall(r"\b[a-zа-яё]+\b", self.text))
        return self._lower

    def _unknown_person(self, name: str, post: str | None, honorific: str | None) -> Who:
        """Somebody the registry does not know: the document's full name for them, or the
        registry's one match for a transliterated initial and surname, or a readable label."""
        initialled = initials_and_surname(name)
        if initialled:
            initial, surname = initialled
            full = self.full_name(surname, initial)
            found = self._by_transliteration(full or name, surname, initial)
            if found:
                return Who(found.name, post)
            return Who(full or name, post)
        words = name.split()
        if len(words) == 1:
            shown = readable(" ".join(w for w in (honorific, name) if w))
            if post and not honorific:
                surname = title_word(name) if label_is_shouted(name) else name
                return Who(f"{post} {surname}", None)  # "Governor Beshear"
            return Who(shown, post)
        return Who(readable(name), post)

    def full_name(self, surname: str, initial: str | None = None) -> str | None:
        """The one full name ending in `surname` the document gives ("Steven Cheung" for
        "MR. CHEUNG"), its given name starting with `initial` when one is known."""
        key = f"{initial or ''}|{surname}"
        if key not in self._full_names:
            self._full_names[key] = _full_name_in(self.text, surname, initial)
        return self._full_names[key]

    def _by_transliteration(self, name: str, surname: str, initial: str) -> Speaker | None:
        """The one registry person in scope whose surname is a transliteration of `surname` and
        whose given name starts as `initial` does in some transliteration."""
        if not re.search(r"[А-Яа-яЁё]", surname):
            return None
        spellings = {spelling_key(s) for s in latin_spellings(surname)}
        starts = {i.casefold() for i in latin_initials(initial)}
        matches = [
            s
            for s in self.registry.speakers
            if s.kind != OUTLET
            and {spelling_key(f) for f in s.family_names()} & spellings
            and any(g.startswith(tuple(starts)) for g in s.given_names())
        ]
        matches = self.scope.narrow(matches)
        return matches[0] if len(matches) == 1 else None

    # --- the passages -----------------------------------------------------------------------

    def who(self, key: str) -> Who:
        return self._who.get(key, Who(key))

    def finish(self, passages: list[Passage]) -> list[Passage]:
        """Each passage's speaker as a person and the role shown; spelling variants of one
        person in this document ("Kleymenov", "Kleimenov") under the spelling used most."""
        found = [
            replace(p, speaker=self.who(p.speaker).name, role=self.who(p.speaker).role)
            if p.speaker in self._who
            else p
            for p in passages
        ]
        variants = _spelling_variants(Counter(p.speaker for p in found if p.speaker))
        if not variants:
            return found
        return [replace(p, speaker=variants.get(p.speaker, p.speaker)) for p in found]


def _readable_post(post: str | None) -> str | None:
    return post.strip(" ,") or None if post else None


# Russian given names in a case other than the nominative: "Александром", "Виталием", "Анне".
_OBLIQUE = re.compile(r"(?:ом|ем|ём|ым|им|ой|ей|ою|ею|у|ю|е|и|ы)$")
# A patronymic between given name and surname: the registry writes names without it.
_PATRONYMIC = re.compile(r"^[А-ЯЁ][а-яё]+(?:вич|вна|ична|инична|ич)$")
_SURNAME = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_GIVEN = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]\."
_GIVEN_CYRILLIC = r"[А-ЯЁ][а-яё]+"


def _full_name_in(text: str, surname: str, initial: str | None) -> str | None:
    """The one "Given Surname" (or "Given Middle Surname") in `text`, given names not posts."""
    cyrillic = bool(re.search(r"[А-Яа-яЁё]", surname))
    given = _GIVEN_CYRILLIC if cyrillic else _GIVEN
    # The surname as the text spells it: "MR. LABOLT" is "Ben LaBolt".
    pattern = re.compile(rf"\b((?:{given})(?:\s+(?:{given}))?)\s+((?i:{re.escape(surname)}))\b")
    found = set()
    lower_words: set[str] | None = None
    for match in pattern.finditer(text):
        words = [w for w in match.group(1).split() if not _post_or_honorific(w)]
        if words and not cyrillic:
            # A word the document also writes in lower case is no given name: "As Becerra
            # said", "Doctors Walensky and Fauci", "Chief of Staff Zients".
            if lower_words is None:
                lower_words = set(re.findall(r"\b[a-z]+\b", text))
            while words and words[0].lower() in lower_words:
                words = words[1:]
        if not words or (initial and not words[0].startswith(initial)):
            continue
        if cyrillic and _OBLIQUE.search(words[0]):
            continue  # "с Александром Дрозденко": not the form a name is given in
        words = [w for i, w in enumerate(words) if not (i and _PATRONYMIC.match(w))]
        if len(words) > 1 and not re.fullmatch(r"[A-Z]\.", words[1]):
            continue  # "Vladimir Putin Alina": two names, not one with a middle initial
        if not words or words[-1].casefold() == surname.casefold():
            continue  # "Galvez Galvez": a double surname, not a given name
        if not _reads_as_given_name(text, words[0]):
            continue  # "the General Assembly Rosales": a noun that only stands before Rosales
        found.add(" ".join([*words, match.group(2)]))
    # "Steven Cheung" and "Steven J. Cheung" are one person; two given names are two people,
    # unless the title names one ("Director Stephen Benjamin", "Steve Benjamin" in the text).
    firsts = {name.split()[0] for name in found}
    if len(firsts) > 1:
        title = text.split("\n", 1)[0]
        found = {name for name in found if name in title}
        firsts = {name.split()[0] for name in found}
    if len(firsts) != 1:
        return None
    return min(found, key=len)


def _reads_as_given_name(text: str, word: str) -> bool:
    """A given name is mostly followed by a surname: at least a third of its occurrences are
    followed by another capitalised word ("Assembly" mostly is not); or somebody is called
    by it ("Thanks, Kurt.", "Kurt, go ahead"), as nobody is called "Assembly"."""
    after = re.findall(rf"\b{re.escape(word)}\b(\s+[A-ZА-ЯЁ])?", text)
    if 3 * sum(1 for a in after if a) >= len(after):
        return True
    return bool(re.search(rf"(?:,\s+|^){re.escape(word)}[.,!?]", text, re.M))


def _post_or_honorific(word: str) -> bool:
    key = word.casefold().rstrip(".")
    return key in HONORIFICS or key in POST_WORDS


def _spelling_variants(counts: Counter) -> dict[str, str]:
    """Names of one person spelt two ways in a document: same given name, surnames equal under
    `spelling_key`. Each maps to the spelling used most."""
    groups: dict[tuple[str, str], list[str]] = {}
    for name in counts:
        words = name.split()
        if len(words) >= 2 and not label_is_shouted(name):
            groups.setdefault((words[0], spelling_key(words[-1])), []).append(name)
    variants = {}
    for names in groups.values():
        if len(names) > 1:
            chosen = max(names, key=lambda n: (counts[n], n))
            variants.update({n: chosen for n in names if n != chosen})
    return variants
