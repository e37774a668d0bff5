"""The shared transcript shaper: blocks → turns → passages, the same rules for every format.

A speaker label starts a turn; unlabelled paragraphs continue the last one; a label inside a
paragraph ("... the project? Sergey Lavrov: Any threat ...") splits it. How the turns then pair
into questions and answers is `indexer.pairing`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from indexer.dates import iso_partial
from indexer.identity import DocumentNames
from indexer.model import (
    ANSWER,
    NARRATION,
    PARAGRAPH,
    QUESTION,
    Block,
    Document,
    Passage,
    SourceDocument,
    slugify,
    stable_ids,
)
from indexer.names import is_heading
from indexer.pairing import UNNAMED_ASKER, Context, Turn, label_role, turns_to_passages
from indexer.quotations import quotation_owner, quoted_turns
from indexer.speakers import OUTLET, Scope, SpeakerRegistry
from indexer.titles import OWN_VOICE_KINDS, describe_title, title_key_words

# Words that end with a colon at the start of a line without naming anyone.
_NOT_SPEAKERS = frozenset(
    """
    note source photo photos tags see also reference subject topic date time place location
    attachment update background read more video audio transcript contact tel phone email
    fax consular queries address
""".split()
)

_NAME_WORD = r"(?:[A-ZА-ЯЁ][\w'’.-]*|[a-z]{1,3}|\([^)]{1,40}\))"
# A label at the start of a paragraph: up to six name-like words, then a colon.
_LEADING_LABEL = re.compile(
    rf"^(?P<label>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,5}})\s*:\s*(?P<rest>.*)$", re.S
)
# A label inside a paragraph, after the end of a sentence.
_INLINE_LABEL = re.compile(
    rf"(?<=[.?!…\"”»])\s+(?P<label>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}})\s*:\s+(?=\S)"
)
# A label glued to the sentence before it, as text copied out of a page's markup runs them
# together ("...in Caracas?VP: I will say"): taken only for a role ("caller") or the initials
# of someone the document names.
_GLUED_LABEL = re.compile(r"(?<=[.?!…\"”»])\s*(?P<label>[^\W\d_]{2,12}):\s*(?=\S)")
_SURNAME = r"[A-ZА-ЯЁ][a-zа-яё'’]+(?:-[A-ZА-ЯЁ]?[a-zа-яё'’]+)*"
# ... or a full name glued so ("Please, go ahead.Henry Foy: Mr President, ..."): two or three
# capitalised words and a colon, with no space after the sentence before.
_GLUED_NAME = re.compile(rf"(?<=[.?!…\"”»])(?P<label>{_SURNAME}(?:\s{_SURNAME}){{1,2}}):\s+(?=\S)")
# "И.Гусева :" is a label wherever it stands, even with no sentence end before it ("Спасибо.
# И.Гусева:", "Вступительное слово Президента В.Путин:", "(Смех.) В.Путин:").
_INITIALS_INLINE = re.compile(
    r"(?:(?<=\s)|^|(?<=[)»”\"]))(?P<label>(?:[A-ZА-ЯЁ]\.\s?){1,2}"
    + _SURNAME
    + r"(?:\s*\([^)]{1,40}\))?)\s*:\s+(?=\S)"
)
_TITLE_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|St|Messrs)\.$")
_HONORIFIC = re.compile(r"^(?:MR|MS|MRS|DR|SIR|ADM|GEN|SEN|SECRETARY|PRESIDENT)\.?\s+[A-Z]")
_CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}\b")
# "В.Путин", "И.Руденя", "S. Lavrov", "V.V. Putin": initials and a surname, a label anywhere.
_INITIALS_SURNAME = re.compile(rf"^(?:[A-ZА-ЯЁ]\.\s?){{1,2}}{_SURNAME}$")


def _without_notes(label: str) -> str:
    """ "Д.Сассу-Нгессо (как переведено)" → "Д.Сассу-Нгессо"."""
    return re.sub(r"\s*\([^)]*\)", "", label).strip()


def initials(*names: str | None) -> dict[str, str]:
    """ "VP" for "Vladimir Putin": how transcripts label the people they are about."""
    found: dict[str, str] = {}
    for name in names:
        words = re.findall(r"[^\W\d_]+", name or "")
        if 2 <= len(words) <= 3 and all(w[0].isupper() for w in words):
            found.setdefault("".join(w[0] for w in words), name or "")
    return found


def _is_leading_label(
    label: str, rest: str, registry: SpeakerRegistry, aliases: Mapping[str, str]
) -> bool:
    if label_role(label) or registry.lookup(label) or label in aliases:
        return True
    words = re.sub(r"\([^)]*\)", " ", label).split()
    if not words or words[0].casefold().strip(".") in _NOT_SPEAKERS or _CLOCK.match(rest):
        return False
    if _HONORIFIC.match(label) or _INITIALS_SURNAME.match(_without_notes(label)):
        return True
    if label.isupper() and len(label) > 2:
        return True
    # An unknown person: two to four capitalised words, as in "Fyodor Lukyanov:".
    return 2 <= len(words) <= 4 and all(w[0].isupper() for w in words)


def _is_inline_label(label: str, registry: SpeakerRegistry) -> bool:
    role = label_role(label)
    if role:
        # A lone "A:" or "Q:" inside running text is too often something else.
        return len(label.split("(")[0].strip()) > 1
    return bool(registry.lookup(label) or _HONORIFIC.match(label) or _INITIALS_SURNAME.match(label))


def _after_title(text: str, position: int) -> bool:
    """The full stop of "Mr." ends no sentence: "I say to Mr. Erdogan: let us work" is speech."""
    return bool(_TITLE_ABBREVIATION.search(text, 0, position))


def _inline_labels(
    text: str, registry: SpeakerRegistry, aliases: Mapping[str, str]
) -> list[re.Match]:
    """Labels inside a paragraph, in order, none overlapping another."""
    found = [
        m
        for m in _INLINE_LABEL.finditer(text)
        if _is_inline_label(m.group("label"), registry) and not _after_title(text, m.start())
    ]
    found += list(_INITIALS_INLINE.finditer(text))
    found += [
        m
        for m in _GLUED_LABEL.finditer(text)
        if m.group("label") in aliases or label_role(m.group("label"))
    ]
    found += [
        m
        for m in _GLUED_NAME.finditer(text)
        if m.group("label").split()[0].casefold() not in _NOT_SPEAKERS
    ]
    chosen: list[re.Match] = []
    for match in sorted(found, key=lambda m: m.start()):
        if not chosen or match.start() >= chosen[-1].end():
            chosen.append(match)
    return chosen


def split_labels(
    block: Block, registry: SpeakerRegistry, aliases: Mapping[str, str] | None = None
) -> list[Block]:
    """A block split at the speaker labels found at its start and inside it; `aliases` are
    labels standing for a name in this document ("VP" for "Vladimir Putin")."""
    aliases = aliases or {}
    label, text = block.label, block.text.strip()
    if label and re.sub(r"\W", "", label).casefold() in _NOT_SPEAKERS:
        label, text = None, f"{label}: {text}"  # a bold "Note:" is not somebody speaking
    if label is None:
        match = _LEADING_LABEL.match(text)
        if (
            match
            and match.group("rest").strip()
            and _is_leading_label(match.group("label"), match.group("rest"), registry, aliases)
        ):
            label, text = match.group("label").strip(), match.group("rest").strip()
    pieces: list[Block] = []
    start = 0
    for match in _inline_labels(text, registry, aliases):
        pieces.append(Block(label, text[start : match.start()].strip()))
        label, start = match.group("label").strip(), match.end()
    pieces.append(Block(label, text[start:].strip()))
    pieces = [Block(aliases.get(p.label or "", p.label), p.text) for p in pieces]
    return [piece for piece in pieces if piece.text]


def blocks_to_turns(
    blocks: tuple[Block, ...] | list[Block],
    registry: SpeakerRegistry,
    labels_marked: bool = False,
    aliases: Mapping[str, str] | None = None,
) -> list[Turn]:
    """Turns from blocks; `labels_marked` when the reader took every label from the markup, so
    a colon in running text ("France: ...", a quoted list) is not read as one."""
    turns: list[Turn] = []
    for block in blocks:
        for piece in [block] if labels_marked else split_labels(block, registry, aliases):
            if piece.label and is_heading(piece.label):
                # A heading is nobody: "Текст Указа: 1. Назначить ..." is the text it heads.
                piece = Block(None, piece.text)
            if piece.label is None and turns:
                turns[-1].paragraphs.append(piece.text)
            else:
                role = label_role(piece.label) if piece.label else None
                turns.append(Turn(role, piece.label, [piece.text]))
    return turns


def document_id(source: SourceDocument, speaker: str | None, registry: SpeakerRegistry) -> str:
    """`2021-08-04-lavrov-komsomolskaya-pravda`: date, speaker's surname, the title's key words."""
    # "1954-…" for a speech known to the year: an id never claims a day nobody knows.
    parts = [iso_partial(source.date, source.date_precision) or "undated"]
    # "Castro (Philippines)": the qualifier tells people apart, the surname names the page.
    speaker = _without_notes(speaker) if speaker else speaker
    if speaker:
        known = registry.lookup(speaker)
        family = sorted(known.family_names()) if known else []
        parts.append(slugify(family[0]) if len(family) == 1 else slugify(speaker).split("-")[-1])
    parts.extend(slugify(w) for w in title_key_words(source.title, speaker))
    return "-".join(p for p in parts if p)


# A web host standing for a person: interview files name the interviewer by the outlet's site
# ("cnn.com", "abcnews.go.com"). Written in lower case, unlike a name with an initial.
_WEB_HOST = re.compile(r"[a-z0-9-]{2,}(?:\.[a-z0-9-]+)*\.[a-z]{2,6}")


def _is_outlet(speaker: str, registry: SpeakerRegistry) -> bool:
    """Whether a speaker name is a news outlet rather than a person."""
    known = registry.lookup(speaker) if speaker else None
    return bool(known and known.kind == OUTLET) or bool(_WEB_HOST.fullmatch(speaker))


def _without_placeholders(
    passages: list[Passage], publisher: str | None, registry: SpeakerRegistry
) -> list[Passage]:
    """Passages nobody in particular says, with no speaker record: the publisher's own text (a
    press service's readout, news item or account of an event) is narration, the publisher
    shown as its role; a question whose asker the source does not name shows "Unnamed
    questioner"; an outlet's turns (its interviewer named by the outlet alone, "cnn.com") show
    the outlet as their role, and a question keeps it as its asker."""
    result = []
    for p in passages:
        if p.speaker == UNNAMED_ASKER:
            p = replace(p, speaker="", role=UNNAMED_ASKER)
        elif _is_outlet(p.speaker, registry):
            p = replace(p, speaker="", role=p.speaker)
        elif publisher and p.speaker == publisher:
            kind = NARRATION if p.kind == PARAGRAPH else p.kind
            p = replace(p, speaker="", role=publisher, kind=kind)
        result.append(p)
    return result


def shape(source: SourceDocument, registry: SpeakerRegistry) -> tuple[Document, list[Passage]]:
    """One document and its passages from what a reader found."""
    facts = describe_title(source.title, registry)
    kind = source.kind or facts.kind
    # Who each label names is settled with what this document says: its date, its publisher,
    # the full names in its text (indexer.identity).
    texts = [t for b in source.blocks for t in (b.label or "", b.text)]
    text = "\n".join([source.title, *texts])
    scope = Scope(source.publisher, frozenset(registry.named_in_full(text)))
    settled = {}
    if source.speaker and source.speaker_settled:
        # The reader's source said who this is; only a registry person named in full is them.
        known = registry.by_full_name(source.speaker)
        settled[source.speaker] = named = known.name if known else source.speaker
    else:
        # A surname alone is a registry person of this document or publisher first: the UN's
        # "Fischer" is not the Kremlin's Heinz Fischer.
        named = registry.canonical(source.speaker, scope) if source.speaker else facts.speaker
    names = DocumentNames(
        registry, text, source.date or facts.date, source.publisher, settled=settled
    )
    # A call's readout is the press service's account of it, whoever the title says was called.
    readout = kind == "telephone conversation" and not source.speaker and source.publisher
    asker = source.asker or facts.outlet
    context = Context(
        # A byline naming an office is its holder that day; the publisher stands for itself.
        speaker=(
            None
            if readout or not named
            else named
            if named == source.publisher
            else names.canonical(named)
        )
        or source.publisher
        or "Unattributed",
        asker=asker,
        kind=kind,
        outlet=facts.outlet,
        publisher=source.publisher,
    )
    # A publisher speaking for a page says nothing about which page it is: ids name people,
    # and an office's own statement its holder ("2025-04-28-putin-...", not "...-федерации").
    id_speaker = facts.speaker if named == source.publisher else named
    if named and kind in OWN_VOICE_KINDS and not registry.lookup(named):
        id_speaker = names.resolve(named).name or id_speaker
    doc_id = document_id(source, id_speaker, registry)
    aliases = initials(context.speaker, asker)
    turns = blocks_to_turns(source.blocks, registry, source.labels_marked, aliases)
    if context.speaker == source.publisher:
        # The publisher's report may quote somebody's message or address whole: their words.
        opening = source.blocks[0].text if source.blocks else ""
        turns = quoted_turns(turns, quotation_owner(names, source.title, opening, source.publisher))
    passages = stable_ids(doc_id, names.finish(turns_to_passages(turns, doc_id, context, names)))
    passages = _without_placeholders(passages, source.publisher, registry)
    # The people who speak in it: not the publisher, nor an unnamed reporter's "Thank you."
    speakers = tuple(dict.fromkeys(p.speaker for p in passages if p.kind != QUESTION and p.speaker))
    kind = kind or ("interview" if any(p.kind == ANSWER for p in passages) else "statement")
    document = Document(
        id=doc_id,
        title=source.title,
        date=source.date or facts.date,
        date_precision=(source.date_precision if source.date else "day" if facts.date else None),
        kind=kind,
        speakers=speakers,
        source=source.source,
        language=source.language,
        publisher=source.publisher,
        url=source.url,
    )
    return document, passages
