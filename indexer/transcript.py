"""The shared transcript shaper: blocks → turns → passages, the same rules for every format.

A speaker label starts a turn; unlabelled paragraphs continue the last one; a label inside a
paragraph ("... the project? Sergey Lavrov: Any threat ...") splits it. A question, or several
in a row, pairs with the answer or answers that follow; whatever is said outside an exchange
becomes one passage per paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.model import (
    ANSWER,
    PARAGRAPH,
    QUESTION,
    Block,
    Document,
    Passage,
    SourceDocument,
    passage_id,
    slugify,
)
from indexer.speakers import OUTLET, SpeakerRegistry
from indexer.titles import describe_title, title_key_words

_QUESTION_LABELS = frozenset({"question", "q", "вопрос"})
# A label holding one of these asks a question: "Follow-up:", "Foreign Journalist:", "Reporter:".
# "Remark:" or "Reply:" is somebody in the audience whose name was not taken down.
_ASKING_WORDS = frozenset({"follow-up", "followup", "journalist", "reporter", "correspondent",
                           "remark", "reply", "response", "журналист", "корреспондент",
                           "реплика"})  # fmt: skip
# Who asks a question when nobody said who: "Q:" with no outlet.
UNNAMED_ASKER = "Unnamed questioner"
# A moderator hands the floor on ("Next, Josh from Bloomberg."): that is no answer.
_MODERATOR_WORDS = frozenset({"moderator", "operator", "host", "presenter", "ведущий"})
_FOLLOW_UP = re.compile(r"^follow[- ]?up\b", re.I)
_ANSWER_LABELS = frozenset({"answer", "a", "ответ"})
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
_SURNAME = r"[A-ZА-ЯЁ][a-zа-яё'’]+(?:-[A-ZА-ЯЁ]?[a-zа-яё'’]+)*"
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


def _label_role(label: str) -> str | None:
    """'question' or 'answer' for the generic labels, None for a name."""
    head = re.sub(r"\s*\(.*\)\s*$", "", label).strip().casefold()
    if head in _QUESTION_LABELS or _ASKING_WORDS.intersection(head.split()):
        return QUESTION
    if head in _ANSWER_LABELS:
        return ANSWER
    return None


def _without_notes(label: str) -> str:
    """ "Д.Сассу-Нгессо (как переведено)" → "Д.Сассу-Нгессо"."""
    return re.sub(r"\s*\([^)]*\)", "", label).strip()


def _parenthetical(label: str) -> str | None:
    match = re.search(r"\(([^)]+)\)", label)
    if not match or re.fullmatch(r"(?:re)?translated", match.group(1).strip(), re.I):
        return None
    return match.group(1).strip()


def _is_leading_label(label: str, rest: str, registry: SpeakerRegistry) -> bool:
    if _label_role(label) or registry.lookup(label):
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
    role = _label_role(label)
    if role:
        # A lone "A:" or "Q:" inside running text is too often something else.
        return len(label.split("(")[0].strip()) > 1
    return bool(registry.lookup(label) or _HONORIFIC.match(label) or _INITIALS_SURNAME.match(label))


def _after_title(text: str, position: int) -> bool:
    """The full stop of "Mr." ends no sentence: "I say to Mr. Erdogan: let us work" is speech."""
    return bool(_TITLE_ABBREVIATION.search(text, 0, position))


def _inline_labels(text: str, registry: SpeakerRegistry) -> list[re.Match]:
    """Labels inside a paragraph, in order, none overlapping another."""
    found = [
        m
        for m in _INLINE_LABEL.finditer(text)
        if _is_inline_label(m.group("label"), registry) and not _after_title(text, m.start())
    ]
    found += list(_INITIALS_INLINE.finditer(text))
    chosen: list[re.Match] = []
    for match in sorted(found, key=lambda m: m.start()):
        if not chosen or match.start() >= chosen[-1].end():
            chosen.append(match)
    return chosen


def split_labels(block: Block, registry: SpeakerRegistry) -> list[Block]:
    """A block split at the speaker labels found at its start and inside it."""
    label, text = block.label, block.text.strip()
    if label and re.sub(r"\W", "", label).casefold() in _NOT_SPEAKERS:
        label, text = None, f"{label}: {text}"  # a bold "Note:" is not somebody speaking
    if label is None:
        match = _LEADING_LABEL.match(text)
        if (
            match
            and match.group("rest").strip()
            and _is_leading_label(match.group("label"), match.group("rest"), registry)
        ):
            label, text = match.group("label").strip(), match.group("rest").strip()
    pieces: list[Block] = []
    start = 0
    for match in _inline_labels(text, registry):
        pieces.append(Block(label, text[start : match.start()].strip()))
        label, start = match.group("label").strip(), match.end()
    pieces.append(Block(label, text[start:].strip()))
    return [piece for piece in pieces if piece.text]


@dataclass
class Turn:
    role: str | None  # QUESTION, ANSWER (a generic "Answer:" label) or None for a named speaker
    label: str | None
    paragraphs: list[str] = field(default_factory=list)


def blocks_to_turns(
    blocks: tuple[Block, ...] | list[Block], registry: SpeakerRegistry, labels_marked: bool = False
) -> list[Turn]:
    """Turns from blocks; `labels_marked` when the reader took every label from the markup, so
    a colon in running text ("France: ...", a quoted list) is not read as one."""
    turns: list[Turn] = []
    for block in blocks:
        for piece in [block] if labels_marked else split_labels(block, registry):
            if piece.label is None and turns:
                turns[-1].paragraphs.append(piece.text)
            else:
                role = _label_role(piece.label) if piece.label else None
                turns.append(Turn(role, piece.label, [piece.text]))
    return turns


@dataclass(frozen=True)
class _Context:
    """What the document as a whole says about who speaks and who asks."""

    speaker: str
    asker: str | None


def _asker(turn: Turn, context: _Context, registry: SpeakerRegistry,
           previous: str | None = None) -> str | None:  # fmt: skip
    if turn.label and turn.role != QUESTION:
        return registry.canonical(turn.label)  # an outlet asking in its own name
    if turn.label and _FOLLOW_UP.match(turn.label) and previous:
        return previous  # a follow-up comes from whoever asked last
    named = turn.label and _parenthetical(turn.label)
    return registry.canonical(named) if named else context.asker


def _speaker(turn: Turn, context: _Context, registry: SpeakerRegistry) -> str:
    if turn.label is None or turn.role == ANSWER:
        return context.speaker
    return registry.canonical(turn.label)


def _is_question(turn: Turn, context: _Context, registry: SpeakerRegistry) -> bool:
    if turn.role == QUESTION or not turn.label:
        return turn.role == QUESTION
    # An outlet asking in its own name: "Interfax: ..." or "TASS: ...".
    speaker = registry.lookup(turn.label)
    if speaker and speaker.kind == OUTLET:
        return True
    return bool(context.asker and registry.canonical(turn.label) == context.asker)


def turns_to_passages(
    turns: list[Turn], doc_id: str, context: _Context, registry: SpeakerRegistry
) -> list[Passage]:
    """Pair questions with the answers that follow them; the rest becomes paragraphs."""
    passages: list[Passage] = []
    pending: list[Turn] = []  # the questions awaiting, or being given, their answers
    answered = False
    last_asker: str | None = None

    def add(kind: str, speaker: str, text: str, question: str | None = None,
            asker: str | None = None) -> None:  # fmt: skip
        position = len(passages) + 1
        passages.append(
            Passage(passage_id(doc_id, position), doc_id, position, kind, speaker, text,
                    question, asker)
        )  # fmt: skip

    def flush_unanswered() -> None:
        for q in pending:
            asker = _asker(q, context, registry, last_asker)
            add(QUESTION, asker or UNNAMED_ASKER, "\n\n".join(q.paragraphs), asker=asker)

    for turn in turns:
        if _is_question(turn, context, registry):
            if answered:
                pending, answered = [], False
            pending.append(turn)
            continue
        speaker = _speaker(turn, context, registry)
        if turn.label and _MODERATOR_WORDS.intersection(turn.label.casefold().split()):
            # Not an answer; an answer the moderator interrupts goes on answering the question.
            for paragraph in turn.paragraphs:
                add(PARAGRAPH, speaker, paragraph)
            continue
        if pending:
            question = "\n\n".join(p for q in pending for p in q.paragraphs)
            if not answered:
                last_asker = _asker(pending[0], context, registry, last_asker)
            add(ANSWER, speaker, "\n\n".join(turn.paragraphs), question, last_asker)
            answered = True
        else:
            for paragraph in turn.paragraphs:
                add(PARAGRAPH, speaker, paragraph)
    if not answered:
        flush_unanswered()
    return passages


def document_id(source: SourceDocument, speaker: str | None, registry: SpeakerRegistry) -> str:
    """`2021-08-04-lavrov-komsomolskaya-pravda`: date, speaker's surname, the title's key words."""
    parts = [source.date.isoformat() if source.date else "undated"]
    if speaker:
        known = registry.lookup(speaker)
        family = sorted(known.family_names()) if known else []
        parts.append(slugify(family[0]) if len(family) == 1 else slugify(speaker).split("-")[-1])
    parts.extend(slugify(w) for w in title_key_words(source.title, speaker))
    return "-".join(p for p in parts if p)


def shape(source: SourceDocument, registry: SpeakerRegistry) -> tuple[Document, list[Passage]]:
    """One document and its passages from what a reader found."""
    facts = describe_title(source.title, registry)
    named = registry.canonical(source.speaker) if source.speaker else facts.speaker
    context = _Context(
        speaker=named or source.publisher or "Unattributed", asker=source.asker or facts.outlet
    )
    # A publisher speaking for a page says nothing about which page it is: ids name people.
    doc_id = document_id(source, facts.speaker if named == source.publisher else named, registry)
    turns = blocks_to_turns(source.blocks, registry, source.labels_marked)
    passages = turns_to_passages(turns, doc_id, context, registry)
    speakers = tuple(dict.fromkeys(p.speaker for p in passages if p.kind != QUESTION))
    kind = source.kind or facts.kind
    kind = kind or ("interview" if any(p.kind == ANSWER for p in passages) else "statement")
    document = Document(
        id=doc_id,
        title=source.title,
        date=source.date or facts.date,
        kind=kind,
        speakers=speakers,
        source=source.source,
        language=source.language,
        publisher=source.publisher,
        url=source.url,
    )
    return document, passages
