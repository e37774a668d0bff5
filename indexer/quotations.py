"""Somebody's own text quoted whole in a publisher's report: "The message said, in part: “…”".

A press service's news item often gives the text of a message, an address or a letter after a
line introducing it ("The message said, in part:", "Text of the address:", "В поздравлении, в
частности, говорится: «…»"). The introduction is the publisher's; the quotation is the words of
the one whose message it is, verbatim and usually in the first person. Whose it is, by the
shape of the page alone:

- the person or office the introduction names ("Mr Putin said:", "В послании Президента
  говорится:"), an office being its holder on the page's date;
- else the person the title opens with ("President Vladimir Putin sent a message to ..."): the
  subject of the report;
- else, on a page whose title names nobody ("Поздравление с праздником Пасхи"), the office the
  publisher itself is ("President of Russia" publishes the President's messages).

Nothing else is taken for a quotation: a quote inside a sentence of the report ("“I could be
wrong,” he said") stays the report's, and a quotation that speaks to nobody, in neither the
first nor the second person (an inscription, a decree's wording), stays the publisher's.
Whoever it names is written as a label the shaper resolves with the rest (`indexer.identity`):
a person's name, or an office's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from indexer.identity import DocumentNames
from indexer.pairing import Turn
from indexer.speakers import PERSON

# An introduction: a sentence that says a text follows, ending in a colon, with at most the
# opening of the quotation after it.
_SAYING = re.compile(
    r"\b(?:said|says|say|reads?|read|stated|states|text|message|address|letter|telegram|"
    r"greetings?|noted|stressed|wrote|writes|declared|emphasi[sz]ed|pointed out)\b"
    r"|(?<![\w-])(?:говорится|сказано|текст\w*|послани\w*|поздравлени\w*|обращени\w*|"
    r"телеграмм\w*|письм\w*|заявил\w*|отметил\w*|подчеркнул\w*|написал\w*)(?![\w-])",
    re.I,
)
_INTRO = re.compile(r"^(?P<intro>[^:“”«»\"]{3,200}?):\s*(?P<rest>(?:[“«\"].*)?)$", re.S)
_OPENING = '“«"'
_CLOSING = '”»"'
# Somebody speaking or writing to somebody: the first or the second person.
_PERSONAL = re.compile(
    # Case matters in English: "US" is no "us".
    r"\b(?:I|I['’](?:m|ve|d|ll)|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself|[Ww]e|[Ww]e['’](?:re|ve|d|ll)|"
    r"[Oo]urs?|us|[Yy]ou|[Yy]ours?)\b"
    r"|(?<![\w-])(?i:я|мне|меня|мной|мой|моя|моё|мое|мои|моих|мы|нам|нас|нами|наш|наша|наше|"
    r"наши|наших|нашей|нашего|нашим|нашими|нашу|нашем|вы|вас|вам|вами|ваш|ваша|ваше|ваши|"
    r"ваших|вашей|вашего|вашим|вашу|вашем)(?![\w-])"
)
_MAX_QUOTED_PARAGRAPHS = 60


def _closes(text: str) -> bool:
    """The quotation ends with this paragraph: it ends on a closing mark and opens no more
    quotes than it closes (English quotes reopen each paragraph of a long quotation)."""
    end = text.rstrip().rstrip(".")
    if not end or end[-1] not in _CLOSING:
        return False
    if "«" in text or "»" in text:
        return text.count("»") >= text.count("«")
    if "“" in text or "”" in text:
        # Russian inner quotes open with „ and close with “.
        return text.count("”") >= text.count("“") - text.count("„")
    return text.count('"') % 2 == 0


def _quotation(paragraphs: Sequence[str], start: int, rest: str) -> tuple[list[str], int]:
    """The quoted paragraphs from an introduction's `rest` on, and the index after them."""
    quoted = [rest] if rest.strip() else []
    if quoted and _closes(rest):
        return quoted, start
    i = start
    while i < len(paragraphs) and len(quoted) < _MAX_QUOTED_PARAGRAPHS:
        text = paragraphs[i]
        if not quoted and text.lstrip()[:1] not in _OPENING:
            break
        quoted.append(text)
        i += 1
        if _closes(text):
            return quoted, i
    # A quotation that never closes is no quotation the page marks: leave the text alone.
    return [], start


def quoted_turns(turns: list[Turn], whose: Callable[[str], str | None]) -> list[Turn]:
    """The turns with each quotation a publisher introduces in unlabelled text made a turn of
    its own, labelled with whose words it is; the text after it is the publisher's again.
    `whose(introduction)` names them, or None to leave the quotation alone. A page whose text
    opens with a quotation ("“We will defend the truth about this war ...”") is one introduced
    by its title."""
    result: list[Turn] = []
    for turn in turns:
        if turn.label is not None or turn.role is not None:
            result.append(turn)
            continue
        before: list[str] = []
        i = 0
        while i < len(turn.paragraphs):
            paragraph = turn.paragraphs[i]
            i += 1
            match = _INTRO.match(paragraph.strip())
            intro, quoted, after = "", [], i
            if match and _SAYING.search(match.group("intro")):
                intro = match.group("intro").strip()
                quoted, after = _quotation(turn.paragraphs, i, match.group("rest"))
            elif not result and i == 1 and paragraph.lstrip()[:1] in _OPENING:
                quoted, after = _quotation(turn.paragraphs, i, paragraph)
            speaker = whose(intro) if quoted else None
            if not speaker or not any(_PERSONAL.search(q) for q in quoted):
                before.append(paragraph)
                continue
            if intro:
                before.append(intro + ":")
            if before:
                result.append(Turn(None, None, before))
            result.append(Turn(None, speaker, [q.strip() for q in quoted if q.strip()]))
            before, i = [], after
        if before:
            result.append(Turn(None, None, before))
    return result


# The words a sentence opens with, up to its verb: "Acting President and Prime Minister Vladimir
# Putin" of "Acting President and Prime Minister Vladimir Putin sent a message to ...".
_LEADING = re.compile(r"^(?:(?:[A-ZА-ЯЁ][\w'’.-]*|and|of|the|и)(?:\s+|$))+")


def subject_of(sentence: str, names: DocumentNames, publisher: str | None) -> str | None:
    """Who a report's sentence is about, if it opens by naming them: the last person its
    opening words name ("US President Bill Clinton"), or an office they name whole
    ("Президент", "The President")."""
    opening = _LEADING.match(sentence.strip())
    if not opening:
        return None
    words = opening.group(0).strip()
    people = [s for s in names.mentioned_in(words) if s.kind == PERSON]
    if people:
        return people[-1].name
    office = names.offices.named_by(words, publisher)
    return office.name if office else None


def quotation_owner(
    names: DocumentNames, title: str, opening: str, publisher: str | None
) -> Callable[[str], str | None]:
    """Whose words a quotation is, by its introduction (see the module's docstring): `opening`
    is the document's first paragraph, which often names the report's subject."""
    subject = subject_of(title, names, publisher) or subject_of(opening, names, publisher)
    if subject is None and not names.mentioned_in(title):
        own = names.offices.named_by(publisher or "", publisher)
        subject = own.name if own else None

    def whose(introduction: str) -> str | None:
        named = [s for s in names.mentioned_in(introduction) if s.kind == PERSON]
        if len(named) > 1:
            return None
        return named[0].name if named else subject

    return whose
