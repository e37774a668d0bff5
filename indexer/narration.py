"""A press service's account of an event is the publisher's paragraph, not its subject's words.

"Vladimir Putin expressed condolences…", "Президент поблагодарил командиров…", "The leaders
discussed…": a paragraph that opens by naming somebody in the third person and saying what they
did (a verb of doing or of reported speech), and says nothing in the first person, is the
publisher narrating, whoever the page is about. The rule reads the shape of the text, never
the page.
"""

from __future__ import annotations

import re

# Any first person, anywhere in the paragraph, means somebody speaking: not narration.
_FIRST_PERSON = re.compile(
    r"\b(?:I|I['’](?:m|ve|d|ll)|me|my|mine|myself|we|we['’](?:re|ve|d|ll)|our|ours|ourselves|us|"
    r"let['’]s)\b|(?<![\w-])(?:я|мне|меня|мной|мой|моя|моё|мое|мои|моих|моим|мы|нам|нас|нами|"
    r"наш|наша|наше|наши|наших|нашей|нашего|нашим)(?![\w-])",
    re.I,
)
_EN_VERBS = (
    r"expressed|discussed|held|had|met|stressed|noted|emphasi[sz]ed|congratulated|informed|"
    r"exchanged|agreed|reaffirmed|conveyed|thanked|visited|chaired|presented|took part|attended|"
    r"awarded|laid|signed|received|toured|inspected|spoke|said that|pointed out|welcomed|"
    r"confirmed|briefed|reviewed|opened|launched|sent|extended"
)
_RU_VERBS = (
    r"выразил[аи]?|обсудил[аи]?|провёл|провел[аи]?|встретил(?:ся|ась|ись)|подчеркнул[аи]?|"
    r"отметил[аи]?|поздравил[аи]?|проинформировал[аи]?|передал[аи]?|поблагодарил[аи]?|"
    r"посетил[аи]?|принял[аи]? участие|вручил[аи]?|подписал[аи]?|обменялись|договорились|"
    r"заявил[аи]?, что|сообщил[аи]?|ознакомил(?:ся|ась|ись)|осмотрел[аи]?|направил[аи]?|"
    r"подтвердил[аи]?|приветствовал[аи]?|обратил(?:ся|ась|ись)|возложил[аи]?"
)
# Who: a name or a title in capitals ("Vladimir Putin", "The President of Russia", "В.Путин"),
# or the parties to the talks ("The two leaders", "Стороны", "Лидеры").
_EN_SUBJECT = (
    r"(?:The\s+)?(?:(?:two|both|three)\s+)?(?:leaders|sides|parties|presidents|heads of state)|"
    r"(?:The\s+)?[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|the|and)){0,6}"
)
_RU_SUBJECT = r"(?:[А-ЯЁ][\w.-]*)(?:\s+(?:[А-ЯЁ][\w.-]*|и)){0,4}"
_ADVERBS = r"(?:(?:also|again|once again|further|then|later|today)\s+)?"
_RU_ADVERBS = r"(?:(?:ещё раз|еще раз|также|вновь|затем|сегодня)\s+)?"
_NARRATES = re.compile(
    rf"^(?:{_EN_SUBJECT})\s+{_ADVERBS}(?:{_EN_VERBS})\b|^(?:{_RU_SUBJECT})\s+{_RU_ADVERBS}"
    rf"(?:{_RU_VERBS})(?![\w-])"
)
_FIRST_SENTENCE = re.compile(r"^.*?(?:[.!?](?=\s|$)|$)", re.S)


def is_narration(paragraph: str) -> bool:
    """A paragraph that tells what somebody did, in the third person, as a press service does."""
    text = paragraph.strip()
    if not text or text[0] in "«\"“'‘—–-(" or _FIRST_PERSON.search(text):
        return False
    first = _FIRST_SENTENCE.match(text)
    return bool(first and _NARRATES.match(first.group(0)))
