"""Call-ons: how a moderator or an official hands the floor to the next reporter.

"Our next question will go to Neria with Israel 13.", "Let's go to Keth from France 24.",
"Go ahead, Trevor.", "MJ.": the reporter's question that follows is labelled only "Q", and the
call-on is the one place the transcript names who asks it, and for whom. A call-on is never an
answer, and never a question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A name as a moderator says it: one to three capitalised words ("MJ", "Trevor Hunnicutt",
# "Nick Schifrin"), never a word that starts a sentence of its own.
# Case-sensitive inside patterns that are not ("(?-i:").
_NOT_NAMES = (
    r"(?!(?:The|This|That|Thank|Thanks|Yes|Yeah|Okay|OK|Sure|Please|And|So|We|I|You|Go|Oh|Well|"
    r"Sorry|Right|Hi|Hey|Hello|Next|Last|One|Let|Mm|Mhm|Uh|Um)\b)"
)
# A word with a full stop goes on only as an abbreviation ("Mr. Cheung", "J. Smith"), so "With
# that, Colleen. Hi." names Colleen.
_WORD = r"[A-Z][\w'’-]*(?:\.[\w'’-]+)*"
_ABBREVIATION = r"(?:[A-Z][\w'’-]{0,2}\.){1,3}"
_NAME = (
    rf"(?-i:{_NOT_NAMES}(?P<name>(?:{_ABBREVIATION}\s+)?{_WORD}"
    rf"(?:\s+(?:{_ABBREVIATION}\s+)?{_WORD}){{0,2}}\.?))"
)
# An outlet runs to the end of the sentence: "the New York Times", "Israel 13", "KAN TV".
_OUTLET = r"(?:\s+(?:with|from|of|at|for)\s+(?P<outlet>[^.?!;,]{2,60}?))?"
_END = r"\s*(?:,\s*(?:please|virtually)|\s+virtually|\s+please)?\s*(?:[.!]|$)"

# What a moderator says before handing on: "And", "Okay,", "All right,", "Next,", "And then for
# our last question,".
_LEAD = (
    r"(?:(?:and|okay|ok|all\s+right|alright|so|great|now|(?:next|first)(?:\s+up)?|then|and\s+then|"
    r"(?:and\s+)?with\s+that)[,.]?\s+)*"
    r"(?:(?:for|and)\s+(?:(?:our|the)\s+)?(?:first|next|last|final)\s+(?:question|one),?\s+)?"
    # "While we're waiting for audio from Christopher, we can go to Kemi Osukoya."
    r"(?:while\s+[^,]{3,60},\s+)?"
)
_WE_WILL = (
    r"(?:let['’]s|let\s+us|we['’]ll|we\s+(?:will|can)|we\s+are\s+going\s+to|I['’]ll|I\s+will|now)"
)
_KICK_OFF = (
    r"(?:(?:(?:(?:do\s+)?you\s+want\s+to|why\s+don['’]t\s+you|can\s+you|would\s+you\s+like\s+to)\s+)?"
    r"(?:kick\s+(?:us|it|things)\s+off|start\s+us\s+off|get\s+us\s+started|take\s+(?:us|it)\s+away)"
    r"|go\s+ahead|the\s+floor\s+is\s+yours)"
)
_CALL_ON_SENTENCES = [
    # "Our next question will go to Trevor with Reuters.", "The next question comes from ..."
    re.compile(
        rf"{_LEAD}(?:(?:our|the)\s+)?(?:(?:next|last|final|first)\s+)?question\s+"
        rf"(?:will\s+|would\s+|is\s+going\s+to\s+)?(?:go(?:es)?|come(?:s)?)\s+(?:to|from)\s+"
        rf"(?:(?:the\s+)?line\s+of\s+)?{_NAME}{_OUTLET}{_END}",
        re.I,
    ),
    # "Let's go to Keth from France 24.", "Next, we’ll go to Poppy McPherson."
    re.compile(
        rf"{_LEAD}{_WE_WILL}\s+(?:(?:go|turn|move)(?:\s+(?:over|on|back))?\s+(?:to|with)|do)\s+"
        rf"(?:(?:the\s+)?line\s+of\s+)?{_NAME}{_OUTLET}{_END}",
        re.I,
    ),
    # "Next up we have Aaron Gilchrist from NBC."
    re.compile(rf"{_LEAD}we\s+have\s+{_NAME}{_OUTLET}{_END}", re.I),
    # "Go ahead, Trevor." / "Trevor, go ahead." / "Yes, Trevor, go ahead."
    re.compile(rf"(?:(?:yes|yeah|okay|ok|sure|please),?\s+)?go\s+ahead,?\s+{_NAME}{_END}", re.I),
    re.compile(rf"(?:(?:yes|yeah|okay|ok|sure),?\s+)?{_NAME},?\s+(?:go\s+ahead|please){_END}"),
    # The first question of a briefing, after the topper: "With that, Zeke, you want to kick us
    # off?", "Darlene, why don’t you kick us off.", "With that, Josh, the floor is yours.", "With
    # that, Colleen."
    re.compile(rf"(?:and\s+)?with\s+that,?\s+{_NAME}(?:,?\s+{_KICK_OFF})?\s*[.!?]?", re.I),
    re.compile(rf"{_LEAD}{_NAME},?\s+{_KICK_OFF}\s*[.!?]?", re.I),
    # Back to a reporter whose line did not work: "Jeannie, I’m just checking if you’re able to
    # speak.", "Ann, are you there?"
    re.compile(
        rf"{_LEAD}{_NAME},?\s+(?:(?:I['’]m\s+)?(?:just\s+)?checking\s+(?:if|whether)\s+you['’]re"
        rf"|are\s+you)\s+(?:able\s+to\s+speak|there|with\s+us|on(?:\s+the\s+line)?)(?:\s+now)?"
        rf"\s*[.!?]?",
        re.I,
    ),
]
_SETTLE = re.compile(r"(?:all right|alright|okay|ok|great|good|hi|hello|hey)[.!]?", re.I)
# "Go ahead, Ed. Last question."
_LAST = re.compile(
    r"(?:(?:and|okay|ok|all right),?\s+)?(?:this is\s+)?(?:the\s+|one\s+)?(?:last|final|next)\s+"
    r"(?:question|one)[.!]?",
    re.I,
)
# A word to the reporter called on, about the line they ask on: "Jasmine, your line should be
# unmuted now.", "Nick, you should be able to unmute yourself.", "Your “hand” should be unmuted."
_LINE = re.compile(
    r"(?:[\w'’.-]+(?:\s+[\w'’.-]+)?,\s+)?(?:(?:your|the)\s+(?:line|[\"“]?hand[\"”]?|mic(?:rophone)?)"
    r"\s+(?:should\s+be|is|will\s+be)\s+(?:unmuted|open|live)(?:\s+now)?|you\s+(?:should|may)"
    r"\s+(?:be\s+able\s+to\s+)?unmute(?:\s+yourself)?(?:\s+now)?)[.!]?",
    re.I,
)
# A whole turn that is only a name, as a press secretary calls on the next hand: "MJ.", "Steve."
# ... or greets them once their line works: "Hi, Jeannie."
_NAME_ONLY = re.compile(rf"(?:(?:yes|okay|ok|sure|and|hi|hey|hello),?\s+)?{_NAME}\.?", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_THANKS = re.compile(
    r"(?:(?:great|okay|ok|all right|alright)[,.]?\s+)?(?:thank you|thanks)[^.?!]{0,40}[.!]?", re.I
)
# Words that, alone, answer rather than call on someone.
_ANSWER_WORDS = frozenset(
    "no yes yeah yep yup nope sure right correct exactly absolutely indeed".split()
)


@dataclass(frozen=True)
class CallOn:
    """Who the floor goes to, as the call-on names them; either may be unknown."""

    name: str | None
    outlet: str | None


def _clean_outlet(outlet: str | None) -> str | None:
    if not outlet:
        return None
    outlet = re.sub(r"^(?:the)\s+", "", " ".join(outlet.split()), flags=re.I)
    return outlet.strip(" ,") or None


def _name_turn(text: str) -> CallOn | None:
    match = _NAME_ONLY.fullmatch(text.strip())
    if not match:
        return None
    name = match.group("name").rstrip(".")
    if len(name.split()) > 2 or name.casefold() in _ANSWER_WORDS:
        return None
    return CallOn(name, None)


def call_on(text: str, whole_turn: bool = False) -> CallOn | None:
    """The call-on the text ends with, if it ends with one; `whole_turn` also takes a turn that
    is only a name ("MJ.") as one."""
    text = " ".join(text.split())
    sentences = _SENTENCE.split(text)
    if whole_turn:
        # "MJ.", or "Thank you. Karen.": a name after thanks.
        named = _name_turn(text) or (
            _name_turn(sentences[-1]) if all(_THANKS.fullmatch(s) for s in sentences[:-1]) else None
        )
        if named:
            return named
    # The call-on closes the turn ("Thank you. Our next question will go to MJ with CNN."), or
    # comes just before a word to the reporter ("Andrea, you should be able to unmute yourself.").
    tails = [
        " ".join(sentences[start:]) for start in range(max(0, len(sentences) - 2), len(sentences))
    ]
    if len(sentences) >= 2:
        tails.append(sentences[-2])
    for tail in tails:
        for pattern in _CALL_ON_SENTENCES:
            match = pattern.fullmatch(tail)
            if match:
                name = match.group("name")
                outlet = match.groupdict().get("outlet")
                return CallOn(name.strip(" .") if name else None, _clean_outlet(outlet))
    return None


def is_call_on_turn(text: str) -> bool:
    """The whole turn hands the floor on (courtesies aside), saying nothing else."""
    sentences = [s for s in _SENTENCE.split(" ".join(text.split())) if s]
    if not sentences or len(" ".join(sentences).split()) > 25:
        return False
    found = call_on(" ".join(sentences), whole_turn=True) or _name_turn(sentences[-1])
    if not found:
        return False
    # Everything else is thanks ("Thank you. Our next question ..."), "All right.", "Last
    # question.", or a word about the line the reporter asks on ("Shaun, your line should be
    # unmuted.").
    rest = [s for s in sentences if not call_on(s, whole_turn=True)]
    return all(any(p.fullmatch(s) for p in (_THANKS, _LINE, _LAST, _SETTLE)) for s in rest)


def call_ons_in(text: str) -> list[CallOn]:
    """Every call-on the text makes, wherever it stands ("Let’s go to Jeannie Baumann at
    Bloomberg. Hey, Jeannie, ... we will come back to you."): who a first name stands for."""
    found = []
    for sentence in _SENTENCE.split(" ".join(text.split())):
        for pattern in _CALL_ON_SENTENCES:
            match = pattern.fullmatch(sentence)
            if match:
                outlet = _clean_outlet(match.groupdict().get("outlet"))
                found.append(CallOn(match.group("name").strip(" ."), outlet))
                break
    return found


# A call's moderator opening lines: "we’ll go to the line of James Rosen", "You should be able to
# unmute yourself", "might be on mute".
_LINES = re.compile(r"\bline of\b|\bunmute|\bon mute\b|\byour line\b", re.I)


def speaks_of_lines(text: str) -> bool:
    """The moderator hands the floor to a caller's line: only that line is open."""
    return bool(_LINES.search(text))
