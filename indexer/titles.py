"""What a document's title says about it: its kind, who speaks, to which outlet, when."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from indexer.dates import find_date, find_dates
from indexer.offices import default_offices
from indexer.speakers import OUTLET, PERSON, SpeakerRegistry, is_role_word

# The earliest of these in a title names the document's kind: "address ... and answers to
# questions" is an address.
_KINDS = [
    ("press conference", "press conference"),
    ("news conference", "press conference"),
    ("briefing", "briefing"),
    ("press gaggle", "briefing"),
    ("gaggle", "briefing"),
    ("press call", "briefing"),
    ("interview", "interview"),
    ("direct line", "direct line"),
    ("media forum", "media forum"),
    ("comment", "comment"),
    ("article", "article"),
    ("op-ed", "article"),
    ("address", "address"),
    ("speech", "speech"),
    ("statement", "statement"),
    ("remarks", "remarks"),
    ("message", "message"),
    ("greetings", "message"),
    ("telephone conversation", "telephone conversation"),
    ("phone call", "telephone conversation"),
    ("meeting", "meeting"),
    ("talks", "meeting"),
    ("position", "position paper"),
    ("пресс-конференция", "press conference"),
    ("брифинг", "briefing"),
    ("интервью", "interview"),
    ("прямая линия", "direct line"),
    ("медиафорум", "media forum"),
    ("комментарий", "comment"),
    ("статья", "article"),
    ("обращение", "address"),
    ("послание", "address"),
    ("выступление", "speech"),
    ("заявление", "statement"),
    ("телефонный разговор", "telephone conversation"),
    ("встреча", "meeting"),
    ("беседа", "meeting"),
    ("переговоры", "meeting"),
    ("совещание", "meeting"),
]
_KIND_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(word) for word, _ in _KINDS) + r")s?\b", re.IGNORECASE
)
_KIND_OF = dict(_KINDS)
# Kinds of text one author speaks in, named in a title before them: "Statement by ...".
OWN_VOICE_KINDS = frozenset({"statement", "address", "speech", "article", "message", "comment"})
_AUTHOR_LEAD = re.compile(r"^\s*(?:by|of|from)\s+", re.IGNORECASE)

_OUTLET_NOUNS = (
    r"news agency|newspaper|magazine|agency|tv channel|television channel|television|channel"
    r"|radio station|radio|website|daily|weekly|broadcaster|network|journalist"
)
_OUTLET = re.compile(
    rf"\binterview\s+(?:with|to|given to|for)\s+(?:the\s+)?(?:(?:{_OUTLET_NOUNS})\s+)?"
    r"(?P<outlet>[^,;:(]+)",
    re.IGNORECASE,
)
_TRAILING_OUTLET_NOUN = re.compile(rf"\s+(?:{_OUTLET_NOUNS})\s*$", re.IGNORECASE)
# "..., Moscow, August 4, 2021": a last comma-separated part of one to three capitalised words.
_TRAILING_PLACE = re.compile(r",\s*((?:[A-Z][\w.'’-]*\s?){1,3})\s*$")
# "Article by Vladimir Putin" for people the registry does not know: two or three capitalised
# words after "by", or before a possessive.
_NAMED_PERSON = re.compile(
    r"\bby\s+(?:[A-Z][a-z]+\s+)*?(?P<by>[A-Z][a-z]+(?:\s+[A-Z][a-z'-]+){1,2})\b"
    r"|(?P<own>[A-Z][a-z]+(?:\s+[A-Z][a-z'-]+){1,2})[’'`]s\b"
)


@dataclass(frozen=True)
class TitleFacts:
    kind: str | None
    speaker: str | None
    outlet: str | None
    date: date | None
    place: str | None


def _title_without_date(title: str) -> str:
    for _, start, end in reversed(find_dates(title)):
        title = title[:start] + title[end:]
    return title.strip(" ,;")


def describe_title(title: str, registry: SpeakerRegistry) -> TitleFacts:
    kind_match = _KIND_PATTERN.search(title)
    kind = _KIND_OF[kind_match.group(1).lower()] if kind_match else None

    known = registry.mentioned_in(title)
    people = [s for s in known if s.kind == PERSON]
    speaker = people[0].name if people else None
    if speaker is None:
        named = _NAMED_PERSON.search(title)
        found = named and (named.group("by") or named.group("own"))
        # "the Vice President's Engagements" names nobody; "Foreign Ministry Spokesperson's
        # Regular Press Conference" names an office, whose holder is settled with the date.
        if found and not all(is_role_word(w.casefold()) for w in found.split()):
            speaker = registry.canonical(found)
        elif found and default_offices().named_by(found, None):
            speaker = found
        elif kind in OWN_VOICE_KINDS and kind_match:
            # "Заявление Президента Российской Федерации", "Statement by the President of
            # Russia": an office's own text, whose holder is settled with the date.
            author = _AUTHOR_LEAD.sub("", title[kind_match.end() :]).strip(" .,:;")
            if default_offices().named_by(author, None):
                speaker = author

    outlet = None
    outlet_match = _OUTLET.search(title)
    if outlet_match:
        outlet = _TRAILING_OUTLET_NOUN.sub("", outlet_match.group("outlet")).strip() or None
    elif kind == "interview":
        outlets = [s.name for s in known if s.kind == OUTLET]
        outlet = outlets[0] if outlets else None

    place_match = _TRAILING_PLACE.search(_title_without_date(title))
    place = place_match.group(1).strip() if place_match else None
    return TitleFacts(kind, speaker, outlet, find_date(title), place)


_KEY_STOP_WORDS = frozenset(
    """
    a an in for from about as is are was were its it his her their our
""".split()
)


def title_key_words(title: str, speaker: str | None, limit: int = 4) -> list[str]:
    """The words that tell this title from others by the same speaker, for readable ids."""
    text = _title_without_date(title)
    place = _TRAILING_PLACE.search(text)
    if place and place.start() > 0:
        text = text[: place.start()]
    dropped = set(_KEY_STOP_WORDS)
    dropped.update(word.lower() for word, _ in _KINDS)
    dropped.update(re.findall(r"\w+", _OUTLET_NOUNS.lower()))
    if speaker:
        dropped.update(re.findall(r"\w+", speaker.lower()))
    words = [
        w
        for w in re.findall(r"[^\W_]+", re.sub(r"[’'`]s\b", "", text.lower()))
        if w not in dropped and not is_role_word(w)
    ]
    return words[:limit]
