"""Interjections: what a reporter says inside an answer that asks nothing new.

Spoken exchanges are not tidy turns. The interviewer talks over an answer ("But leaving that
aside..." while the answer breaks off "... (CROSSTALK)"), completes the answerer's sentence
("relative to..." — "Corbyn." — "Relative to Corbyn or..."), trails off ("I've -- I've..."),
prods after a one-word reply ("No." — "You're competitive." — "I am."), asks what the question
was after the answer broke off ("Well, look, again —" — "What was the question?"), or answers the
official's own aside ("didn't you ask me yesterday?" — "I did not."). In each, the answer then
goes on answering the question asked before: the interjection is the reporter's paragraph, not a
new question (`indexer.pairing` asks these predicates).

The tests are on the shape of the turns around the interjection, never on its words alone: a
short prompt the answerer replies to ("They are building..." — "Shut off the spigot." — "No, do
something different.") stays a question.
"""

from __future__ import annotations

import re

# An interjection is short; a longer turn, even one trailing off, is somebody asking.
INTERJECTION_WORDS = 12
# A reply to the answerer's own question ("I did not.") is shorter still.
REPLY_WORDS = 6
# An answer this short ("No.", "I am.", "I never...") does not yet answer the question.
MINIMAL_ANSWER_WORDS = 3

# A transcriber's note: "(CROSSTALK)", "(Inaudible.)", "(Laughter.)", "[sic]".
_NOTE = re.compile(r"\s*[(\[][^)\]]{1,40}[)\]]")
_CROSSTALK = re.compile(r"\((?:crosstalk|cross-talk|overlapping|interruption)[^)]*\)\s*$", re.I)
# Speech breaking off: "again —", "relative to...", "I -- ".
_BROKEN_OFF = re.compile(r"(?:—|--|–|…|\.\.\.)\s*$")
# Speech taken up again: "— about", "... and", "-- and".
_TAKEN_UP = re.compile(r"^\s*(?:—|--|–|…|\.\.\.)")
# Words that open a reply to what was just said, rather than the answer going on.
_REPLY_OPENERS = re.compile(
    r"^\W*(?:no|nope|yes|yeah|yep|yup|right|correct|exactly|absolutely|sure|true|not|"
    r"нет|да|конечно)\b",
    re.I,
)
# The answer going on: a conjunction ("And -- and win back seats"), a stammered restart ("You
# know -- you know what it was", "But -- but -- well"), or a sentence continued in lower case.
_GOES_ON = re.compile(
    r"^\W*(?:(?:and|but|so|or|because|which|who|that|и|но|а)\b|(?-i:[a-zа-яё]))"
    r"|^\W*(\w+(?:\s+\w+)?)\s*(?:--|—|–)\s*\1\b",
    re.I,
)
_ECHO_WORDS = 8
# A question's opening words, stammered or not: "Was — was there", "And how do you".
_INTERROGATIVE = re.compile(
    r"^\W*(?:(?:and|but|so|or|well|now|okay|sir|mr\.? president)[,.]?\s+)*"
    r"(?:(\w+)\s*(?:—|--|–)\s*)?"
    r"(?:was|were|is|are|am|do|does|did|have|has|had|can|could|will|would|should|shall|may|"
    r"might|must|how|what|why|when|where|who|whom|which|whose|isn['’]t|aren['’]t|wasn['’]t|"
    r"don['’]t|doesn['’]t|didn['’]t|won['’]t|wouldn['’]t|can['’]t|couldn['’]t|"
    r"как|что|почему|зачем|когда|где|кто|какой|какая|какие)\b",
    re.I,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def without_notes(text: str) -> str:
    """The words spoken: the transcriber's notes left out."""
    return " ".join(_NOTE.sub(" ", text).split())


def spoken_words(text: str) -> int:
    return len(_words(text))


def breaks_off(text: str) -> bool:
    """Speech cut off or talked over: it ends with a dash or dots, or a crosstalk note."""
    text = text.rstrip()
    return bool(_CROSSTALK.search(text) or _BROKEN_OFF.search(without_notes(text)))


def takes_up(text: str) -> bool:
    """Speech resuming what was broken off: it opens with a dash or dots."""
    return bool(_TAKEN_UP.match(text))


def asks(text: str) -> bool:
    """A question, even one cut off before its question mark ("Was there any pushback from
    him or you felt that —")."""
    return "?" in text or bool(_INTERROGATIVE.match(text))


def trails_off(text: str) -> bool:
    """A turn that breaks off without asking anything: "But leaving that aside..."."""
    return breaks_off(text) and not asks(text)


def opens_as_reply(text: str) -> bool:
    """ "No, do something different.": the answerer replies to what the reporter just said."""
    return bool(_REPLY_OPENERS.match(text))


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’]+", without_notes(text).casefold())


def goes_on(answer_next: str, said: str) -> bool:
    """The answer resumes its own sentence rather than replying: it takes up where it broke off,
    opens with a conjunction or a stammer, or takes the reporter's words into its sentence
    ("relative to..." — "Corbyn." — "Relative to Corbyn or ...")."""
    if takes_up(answer_next) or _GOES_ON.match(answer_next):
        return True
    echoed = _words(said)
    opening = _words(answer_next)[:_ECHO_WORDS]
    width = len(echoed)
    return bool(echoed) and any(
        opening[i : i + width] == echoed for i in range(len(opening) - width + 1)
    )


def is_interjection(said: str, last_answer: str, answer_next: str) -> bool:
    """A reporter's turn between two turns of one answer that is no new question: `said` comes
    after `last_answer` (the answer so far) and before `answer_next` (the answerer again)."""
    if takes_up(said) or not 0 < spoken_words(said) <= INTERJECTION_WORDS:
        # A question taken up again after the answer cut it off, a question, or one nobody
        # could make out ("[INAUDIBLE QUESTION]").
        return False
    answer_broke_off = breaks_off(last_answer)
    if (answer_broke_off or trails_off(said)) and goes_on(answer_next, said):
        return True  # the answer, or the reporter, broke off, and the answer goes on
    barely_begun = spoken_words(last_answer) <= MINIMAL_ANSWER_WORDS
    if answer_broke_off and barely_begun and not opens_as_reply(answer_next):
        return True  # "Well, look, again —" — "What was the question?" — the answer
    if asks(said):
        return False
    if barely_begun and "?" not in last_answer:
        return True  # a prod after "No.": the answer to the question is still to come
    # The reporter's short reply to the answerer's own question asked after answering ("On that
    # one, ask the Pentagon. But didn't you ask me yesterday?" — "I did not."). A reply to a
    # question that is all the answerer said so far ("Who issued it?") is what the answer takes
    # up: the question.
    sentences = [s for s in _SENTENCE.split(without_notes(last_answer)) if s]
    return (
        len(sentences) > 1
        and sentences[-1].endswith("?")
        and not all(s.endswith("?") for s in sentences)
        and spoken_words(said) <= REPLY_WORDS
    )
