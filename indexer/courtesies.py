"""Words around an exchange that neither ask nor answer: thanks and greetings, a check of the
line on a call ("Can you hear me?" — "Yes, we can."), staff wrapping up ("We've got to wrap it
up"), a host announcing a break, and a listener's "Right.". `indexer.pairing` keeps them out of
questions and answers.
"""

from __future__ import annotations

import re

# An interviewer's turn made only of these words ("Right.", "Of course.") is listening.
BACKCHANNEL_WORDS = frozenset(
    """right yes yeah yep yup sure okay ok uh-huh mm-hmm mhm hmm exactly indeed true correct
    absolutely of course i see wow да понятно ясно конечно угу""".split()
)
# A sentence that thanks, greets or hands the floor on, and says nothing else.
COURTESY = re.compile(
    r"(?:(?:please|yes|yeah|okay|ok|sure|all right|alright|hi|hey|hello),? )?"
    r"(?:thanks?(?: you)?(?: (?:very|so) much)?|(?:happy|merry) \w+|good (?:morning|afternoon|"
    r"evening|night)|hello|hi|hey|goodbye|go ahead|go for it|next question|safe travels|"
    r"take care|see you|have a good (?:day|weekend|one|trip)|спасибо(?: большое)?|"
    r"добрый (?:день|вечер)|здравствуйте)(?:,? [\w.'’-]+){0,2}[.!]*"
    r"|(?:(?:hi|hello|hey),? )?how are you(?: doing)?(?: today)?(?:,? [\w.'’-]+)?[?.!]*"
    # A sign-off: "Thank you Mr. President for this interview.", "Thanks for doing this."
    r"|(?:thanks?(?: you)?(?: (?:very|so) much)?),?(?: [\w.'’-]+){0,3},? for (?:this|the|your|"
    r"taking|talking|joining|being|doing|having)\b[^.?!]{0,40}[.!]*",
    re.I,
)
# Words that settle the room before the next thing: "All right.", "Okay."
SETTLING = re.compile(r"(?:all right|alright|okay|ok|great|good|so)[.!,]*", re.I)
# Checking the line on a call: "Hi, can you hear me?" — "Yes, we can." Neither asks nor answers.
LINE_CHECK = re.compile(
    r"(?:(?:hi|hello|hey|okay|ok|yes|yeah|sorry),?\s+)*(?:can|do) you (?:all )?hear me"
    r"(?: (?:okay|ok|now|all right|alright))?\??|am I (?:unmuted|on)\??",
    re.I,
)
HEARD = re.compile(
    r"(?:(?:oh|okay|ok|yes|yeah|yep|great),?\s+)*(?:(?:we|I) can (?:hear you|now)|(?:we|I) hear"
    r" you|(?:we|I) (?:gotcha|got you|have you))(?: (?:now|fine|okay|well))?(?:,? [\w'’-]+)?[.!]*",
    re.I,
)
# ... and, only just after "Can you hear me?", a bare "Yes, we can."
BARE_HEARD = re.compile(r"(?:(?:yes|yeah|yep),?\s+)?(?:we|I) can[.!]*", re.I)
# Staff closing the questions: "We've got to wrap it up", "we got to let the President get back".
WRAP_UP = re.compile(
    r"\b(?:we['’]ve got to|we got to|we (?:have|need) to|got to)\s+(?:—\s+)?"
    r"(?:(?:we got to|we['’]ve got to)\s+)?(?:wrap(?: it| this| things)? up"
    r"(?:\s+(?:guys|here|now|folks|everybody))?(?=\s*[.,!—]|\s*$)"
    r"|let (?:the|him|her) \w+ (?:go|get back))"
    r"|^\W*(?:(?:okay|ok|all right|alright),?\s+)?(?:one\s+)?(?:last|final) question[.!]*$"
    r"|\bthat['’]s all the time we have\b|\bthat will do it for\b",
    re.I,
)
# A reporter's turn that announces a break is a sign-off, never the next question.
BREAK = re.compile(
    r"\(commercial break\)|\bbe right back\b|\btake (?:a|another) (?:short |quick )?break\b|"
    r"\bwhen we come back\b|\bstay with us\b|^\W*coming up\b",
    re.I,
)
COURTESY_WORDS = 12
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text.casefold())


def split_sentences(paragraphs: list[str]) -> list[str]:
    return [s for p in paragraphs for s in SENTENCE.split(p.strip()) if s]


def is_line_check(paragraphs: list[str], after_check: bool = False) -> bool:
    """ "Hi, can you hear me?", "Oh, okay. Yeah, I can hear you.", and after one "Yes, we can.":
    a word about the line, with greetings and thanks, and nothing else."""
    sentences = split_sentences(paragraphs)
    if not sentences or len(" ".join(sentences).split()) > COURTESY_WORDS:
        return False
    heard = (LINE_CHECK, HEARD, BARE_HEARD) if after_check else (LINE_CHECK, HEARD)
    about_line = [s for s in sentences if any(p.fullmatch(s) for p in heard)]
    return bool(about_line) and all(
        s in about_line
        or COURTESY.fullmatch(s)
        or SETTLING.fullmatch(s)
        or BACKCHANNEL_WORDS.issuperset(words(s))
        for s in sentences
    )


def wraps_up(paragraphs: list[str]) -> bool:
    """Staff ending the questions ("Guys, we got to — we got to let the President get back —",
    "All right. We've got to wrap it up guys."): neither an answer nor the end of one."""
    text = " ".join(paragraphs)
    return len(text.split()) <= COURTESY_WORDS * 2 and bool(WRAP_UP.search(text))


def opens_with_thanks(paragraphs: list[str]) -> bool:
    """ "Thank you, thank you. All right, a couple of things ...": a turn that opens by thanking
    (after "All right." or "Okay." at most), whatever it goes on to say."""
    for sentence in split_sentences(paragraphs):
        if SETTLING.fullmatch(sentence):
            continue
        return bool(COURTESY.fullmatch(sentence)) and "thank" in sentence.casefold()
    return False


def is_courtesy(paragraphs: list[str]) -> bool:
    text = " ".join(paragraphs)
    if len(text.split()) > COURTESY_WORDS:
        return False
    sentences = split_sentences(paragraphs)
    # Whole, too: "Thank you Mr. President for this interview." is one sentence.
    whole = COURTESY.fullmatch(" ".join(text.split()))
    return bool(sentences) and (bool(whole) or all(COURTESY.fullmatch(s) for s in sentences))
