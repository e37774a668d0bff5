"""Who answers whom: turns → passages, the pairing rules every format shares.

A question, or several in a row, pairs with the answer or answers that follow; whatever is said
outside an exchange becomes one passage per paragraph. Around that rule sit the ways real
transcripts bend it, each found by the attribution audit (`tests/audit/`):

- an interviewer's "Right." or "Yes." in the middle of an answer is no new question: the answer
  goes on answering the one before;
- "Thank you." or "Go ahead, Zeke." is no answer: it closes a question nobody answered;
- cross-talk is no new question: the reporter talking over the answer, finishing its sentence,
  prodding after a one-word reply or answering the answerer's own aside, while the answer goes
  on (`indexer.interjections`);
- at a Direct Line or a media forum, people the page names put questions to the President
  without a "Question:" label: whoever speaks last before he does asks;
- a "Remark:" from the floor asks something only where questions are asked at all, and pairs
  with the one answer that follows it, not with every later one;
- a call-on ("Go ahead, Trevor.", "Our next question will go to Neria with Israel 13.", "MJ.") is
  neither a question nor an answer: it ends the exchange before it, and names who asks the next
  question, and for whom (`indexer.call_ons`);
- the asker keeps the outlet they speak for beside their name (`Passage.asker_outlet`);
- a press service's account of what somebody did, in unlabelled text, is the publisher's
  paragraph (`indexer.narration`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import pairwise

from indexer.call_ons import CallOn, call_on, call_ons_in, is_call_on_turn, speaks_of_lines
from indexer.courtesies import (
    BACKCHANNEL_WORDS,
    BARE_HEARD,
    BREAK,
    COURTESY,
    COURTESY_WORDS,
    HEARD,
    LINE_CHECK,
    is_courtesy,
    is_line_check,
    opens_with_thanks,
    split_sentences,
    wraps_up,
)
from indexer.interjections import asks, breaks_off, is_interjection, opens_as_reply, takes_up
from indexer.model import ANSWER, PARAGRAPH, QUESTION, Passage, passage_id
from indexer.narration import is_narration
from indexer.speakers import JOURNALIST, OUTLET, PERSON, SpeakerRegistry

# Who asks a question when nobody said who: "Q:" with no outlet.
UNNAMED_ASKER = "Unnamed questioner"
# Documents made of questions and answers, where a remark from the floor is a question.
QA_KINDS = frozenset({"interview", "press conference", "briefing", "direct line", "media forum"})
# ... and those where the people asking are named rather than labelled "Question".
NAMED_QUESTIONER_KINDS = frozenset({"direct line", "media forum"})

_QUESTION_LABELS = frozenset({"question", "q", "вопрос"})
# A label holding one of these asks a question: "Follow-up:", "Foreign Journalist:", "Reporter:".
_ASKING_WORDS = frozenset(
    "follow-up followup journalist reporter correspondent журналист корреспондент".split()
)
# Somebody whose name was not taken down: a question in a Q&A, a remark anywhere else.
_AUDIENCE_WORDS = frozenset(
    {"remark", "reply", "response", "caller", "audience", "реплика", "вопрос из зала"}
)
_ANSWER_LABELS = frozenset({"answer", "a", "ответ"})
# A moderator hands the floor on ("Next, Josh from Bloomberg."): that is no answer.
_MODERATOR_WORDS = frozenset({"moderator", "operator", "host", "presenter", "aide", "ведущий"})
_FOLLOW_UP = re.compile(r"^follow[- ]?up\b", re.I)

# An answerer's turn of only these ("Mm-hm.") while the question is still being asked.
_LISTENING_WORDS = frozenset("mm-hm mm-hmm uh-huh mhm hmm uh um угу".split())
# The answerer cutting into a question that goes on: "Yeah.", "Well, let's —", "A visit where?"
_CUT_IN_WORDS = 5
# ... and the reporter saying again what they asked.
_RESTATES = re.compile(
    r"^\W*(?:I['’]m saying|I was saying|I said|I mean|I['’]m asking|I was asking|what I['’]m "
    r"(?:saying|asking)|my question (?:is|was))\b",
    re.I,
)
# An answer resuming after an interjection: "... but then", "-- and", "and so".
_RESUMES = re.compile(r"^(?:\.\.\.|…|--|—|[a-zа-яё])")


def label_role(label: str) -> str | None:
    """QUESTION or ANSWER for the generic labels, None for a name."""
    head = re.sub(r"\s*\(.*\)\s*$", "", label).strip().casefold()
    if head in _QUESTION_LABELS or _ASKING_WORDS.intersection(head.split()):
        return QUESTION
    if head in _AUDIENCE_WORDS or _AUDIENCE_WORDS.intersection(head.split()):
        return QUESTION
    if head in _ANSWER_LABELS:
        return ANSWER
    return None


def _from_the_floor(label: str) -> bool:
    head = re.sub(r"\s*\(.*\)\s*$", "", label).strip().casefold()
    return head in _AUDIENCE_WORDS or bool(_AUDIENCE_WORDS.intersection(head.split()))


def _parenthetical(label: str) -> str | None:
    match = re.search(r"\(([^)]+)\)", label)
    if not match or re.fullmatch(r"(?:re)?translated", match.group(1).strip(), re.I):
        return None
    return match.group(1).strip()


@dataclass
class Turn:
    role: str | None  # QUESTION, ANSWER (a generic "Answer:" label) or None for a named speaker
    label: str | None
    paragraphs: list[str] = field(default_factory=list)
    called: CallOn | None = None  # who the call-on before this question named


@dataclass(frozen=True)
class Context:
    """What the document as a whole says about who speaks, who asks, and what it is."""

    speaker: str
    asker: str | None
    kind: str | None = None
    # The outlet the document's interviewer speaks for ("Interview to Bloomberg").
    outlet: str | None = None
    # Who published the page: the press service narrating what its subject did.
    publisher: str | None = None


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text.casefold())


def _is_backchannel(turn: Turn, following: Turn) -> bool:
    """The interviewer's "Right." inside an answer, or the words the speaker then takes up."""
    if len(turn.paragraphs) != 1 or "?" in turn.paragraphs[0]:
        return False
    words = _words(turn.paragraphs[0])
    if words and len(words) <= 4 and BACKCHANNEL_WORDS.issuperset(words):
        return True
    resumed = following.paragraphs[0].lstrip() if following.paragraphs else ""
    if _RESUMES.match(resumed):
        return True
    # "Some that have them." → "We have to keep them -- and some that have them --".
    return len(words) >= 2 and f" {' '.join(words)} " in f" {' '.join(_words(resumed[:200]))} "


# Kinds of page whose unlabelled text is its author's own words, narration or not.
_OWN_WORDS_KINDS = frozenset({"speech", "address", "article", "position paper", "comment"})
# Who asked a question and the outlet they speak for; either may be unknown.
Asker = tuple[str | None, str | None]
_NOBODY: Asker = (None, None)
# A journalist at a news conference introduces themself before asking.
_SELF_INTRODUCTION = re.compile(
    r"\b(?:my name is|I represent|I am from|I'm from|I work for|my question|I would like to ask|"
    r"I want to ask)\b",
    re.I,
)
_MANY_VOICES = 4
# Turns enough to tell an interview by its shape.
_INTERVIEW_TURNS = 4
# An outlet's name, said alone: "RIA Novosti.", "Rossiya Segodnya news agency."
_OUTLET_WORDS = 4
# ... or starts by addressing the President.
_ADDRESS = re.compile(
    r"^(?:\W*\w+[,.!]\s+){0,3}(?:Mr\.?|Madam)\s+President\b|^\W*Господин\s+"
    r"Президент|^\W*Владимир\s+Владимирович"
)
# An answer cut off by the question it interrupted ("I don't —"), and the question going on.
_CUT_OFF = re.compile(r"(?:—|--|–|…|\.\.\.)\s*$")
_RESUMED = re.compile(r"^(?:—|--|–|…|\.\.\.)")
_CUT_OFF_WORDS = 12
# At a news conference the President gives, his press secretary hands the floor on.
_MODERATING_ROLES = ("press secretary", "spokesman", "spokesperson", "spokeswoman")


class _Pairer:
    """Walks the turns once, holding the questions awaiting, or being given, their answers."""

    def __init__(self, doc_id: str, context: Context, registry: SpeakerRegistry) -> None:
        self.doc_id, self.context, self.registry = doc_id, context, registry
        self.passages: list[Passage] = []
        self.pending: list[Turn] = []
        self.answered = False
        self.last_asker: Asker = _NOBODY
        self.run: list[Turn] = []  # named people speaking before the President may answer them
        self.principal: str | None = None  # at a Direct Line, whoever takes the most turns
        self.called: CallOn | None = None  # the call-on waiting for the question it names
        self.called_by: str | None = None  # ... and who made it
        # "Trevor" → "Trevor Hunnicutt" with Reuters, from the call-ons that name them in full.
        self.full_names: dict[str, CallOn] = {}
        # Who the last call-on gave the floor to, while their follow-ups go on ("And on the
        # investment part?"); a new call-on or "Go ahead." ends it.
        self.floor: CallOn | None = None
        # A call a moderator runs, where only the line called on is open: there, an unlabelled
        # follow-up is the called reporter's. (In a briefing room anybody may shout one.)
        self.one_line = False
        # Many people the registry does not know speak: journalists, not a visiting leader.
        self.many_voices = False
        self.host: str | None = None  # who speaks most: the press secretary at a briefing
        self.line_checked = False  # the turn before asked "Can you hear me?"

    def add(
        self,
        kind: str,
        speaker: str,
        text: str,
        question: str | None = None,
        asker: Asker = _NOBODY,
    ) -> None:
        position = len(self.passages) + 1
        self.passages.append(
            Passage(
                passage_id(self.doc_id, position),
                self.doc_id,
                position,
                kind,
                speaker,
                text,
                question,
                asker[0],
                asker[1],
            )
        )

    def paragraphs(self, speaker: str, turn: Turn) -> None:
        for paragraph in turn.paragraphs:
            self.add(PARAGRAPH, self.narrator(turn, paragraph) or speaker, paragraph)

    def narrator(self, turn: Turn, paragraph: str) -> str | None:
        """The publisher, for its own account of what the page's subject did ("Vladimir Putin
        expressed condolences…"), in text no label gives anyone and that is nobody's speech."""
        publisher = self.context.publisher
        if not publisher or turn.label or self.context.kind in _OWN_WORDS_KINDS:
            return None
        return publisher if is_narration(paragraph) else None

    def asker(self, turn: Turn) -> Asker:
        if turn.label and turn.role != QUESTION:
            who = self.registry.canonical(turn.label)  # a person, or an outlet in its own name
        elif turn.label and _FOLLOW_UP.match(turn.label) and self.last_asker[0]:
            return self.last_asker  # a follow-up comes from whoever asked last
        elif turn.label and _parenthetical(turn.label):
            who = self.registry.canonical(_parenthetical(turn.label) or "")
        elif turn.called:
            return self.called_asker(turn.called)
        elif turn.label and _from_the_floor(turn.label):
            return _NOBODY  # a caller is not the programme that put them through
        elif self.context.asker is None and self.introduced_outlet(turn):
            return None, self.introduced_outlet(turn)  # "Question: RIA Novosti. A question ..."
        else:
            who = self.context.asker
        # A journalist the page names, called on with their outlet ("ITAR-TASS, the state ...").
        called = self.called_asker(turn.called)[1] if turn.called else None
        return who, self.outlet_of(who) or called

    def introduced_outlet(self, turn: Turn) -> str | None:
        """The outlet a reporter names alone before asking ("RIA Novosti. A question for
        President Putin."): who they speak for, not who they are."""
        opening = split_sentences(turn.paragraphs[:1])[:1]
        if not opening or len(opening[0].split()) > _OUTLET_WORDS:
            return None
        known = self.registry.lookup(opening[0].rstrip(".:,"))
        return known.name if known and known.kind == OUTLET else None

    def outlet_of(self, who: str | None) -> str | None:
        """The outlet an asker speaks for: itself, or the outlet of the interview."""
        if who is None:
            return None
        known = self.registry.lookup(who)
        if known and known.kind == OUTLET:
            return known.name
        if self.context.outlet and self.context.kind == "interview":
            # Not the asker again: "interview with Greta Van Susteren" names no outlet.
            outlet = self.registry.canonical(self.context.outlet)
            return outlet if outlet != who else None
        return None

    def called_asker(self, called: CallOn) -> Asker:
        name, outlet_named = called.name, called.outlet
        if name:
            known = self.registry.lookup(name)
            if known and known.kind == OUTLET:
                return known.name, known.name  # "Let's go to Reuters."
            full = self.full_names.get(name)
            if full:
                name, outlet_named = full.name, outlet_named or full.outlet
        outlet = self.registry.canonical(outlet_named) if outlet_named else None
        return name or outlet, outlet

    def speaker(self, turn: Turn) -> str:
        if turn.label is None or turn.role == ANSWER:
            return self.context.speaker
        return self.registry.canonical(turn.label)

    def is_question(self, turn: Turn) -> bool:
        if turn.role == QUESTION:
            return not _from_the_floor(turn.label or "") or self.context.kind in QA_KINDS
        if not turn.label:
            return False
        # An outlet asking in its own name: "Interfax: ..." or "TASS: ...".
        known = self.registry.lookup(turn.label)
        if known and known.kind == OUTLET:
            return True
        asker = self.context.asker
        if asker and self.registry.canonical(turn.label) == asker:
            return True
        return self.co_interviewer(turn, known)

    def co_interviewer(self, turn: Turn, known) -> bool:
        """In an interview, somebody the registry does not know, who is not the person
        interviewed, asking: a second journalist ("Henry Foy: Mr President, would you say ...?")."""
        if self.context.kind != "interview" or (known and known.kind == PERSON):
            return False
        label_words = set(_words(turn.label or ""))
        if label_words & set(_words(self.context.speaker)):
            return False  # the person interviewed, however the label writes them
        return asks(" ".join(turn.paragraphs))

    def may_ask(self, turn: Turn, speaker: str) -> bool:
        """Somebody the registry does not know, before the President speaks: at a Direct Line
        anyone; at a news conference a journalist who asks or says who they are."""
        kind = self.context.kind
        if kind not in NAMED_QUESTIONER_KINDS | {"press conference"} or not turn.label or turn.role:
            return False
        known = self.registry.lookup(turn.label)
        if speaker == self.principal or (known and known.kind == PERSON):
            return False
        if kind in NAMED_QUESTIONER_KINDS:
            return True
        if self.pending and (not self.answered or speaker == self.pending_asker()):
            return False  # a guest answering the question put to both, or the asker replying
        if self.many_voices:
            return True  # the floor of a big news conference: everyone unknown is a journalist
        text = " ".join(turn.paragraphs)
        return "?" in text or bool(_SELF_INTRODUCTION.search(text) or _ADDRESS.match(text))

    def close_unanswered(self) -> None:
        # A reporter's turn nobody answers stands alone, as a question, even a "Thank you, Jen."
        for q in self.pending:
            asker = self.asker(q)
            self.add(QUESTION, asker[0] or UNNAMED_ASKER, "\n\n".join(q.paragraphs), asker=asker)
        self.pending, self.answered = [], False

    def is_aside(self, turn: Turn, following: Turn | None) -> bool:
        """A reporter's turn in the middle of an answer that asks nothing new: "Right.", "Go
        ahead. Yeah.", "Thank you." (A reply to the answerer's own question, "Why?" — "At the end
        of the year, you said...", is the question the answer then takes up: the audit's rule.)"""
        if not self.answered or following is None or self.is_question(following):
            return False
        if _is_backchannel(turn, following):
            return True
        last = next((p for p in reversed(self.passages) if p.kind == ANSWER), None)
        said, answer_next = "\n\n".join(turn.paragraphs), "\n\n".join(following.paragraphs)
        if last and is_interjection(said, last.text, answer_next):
            return True
        if opens_as_reply(answer_next):
            return False  # "Please, go ahead." — "No, no, I don't want to do it.": a prompt
        # "Thank you.", "Go ahead. Yeah.": every sentence a courtesy or a listener's word.
        sentences = split_sentences(turn.paragraphs)
        return len(" ".join(sentences).split()) <= COURTESY_WORDS and all(
            COURTESY.fullmatch(s) or BACKCHANNEL_WORDS.issuperset(_words(s)) for s in sentences
        )

    def closes(self, turn: Turn, speaker: str) -> bool:
        """The host or a moderator thanking whoever answered, and moving on ("Thank you, thank
        you. All right, a couple of things ..."): the exchange is over."""
        if not (self.pending and self.answered and opens_with_thanks(turn.paragraphs)):
            return False
        answerer = next((p.speaker for p in reversed(self.passages) if p.kind == ANSWER), None)
        moderator = _MODERATOR_WORDS.intersection(_words(turn.label or ""))
        return speaker != answerer and (bool(moderator) or speaker == self.host)

    def resumes_question(self, turn: Turn) -> bool:
        """ "... a wrong view —" / "I don't —" / "— about how things were turning out?": the
        question goes on after the answer it cut off, which was no answer yet."""
        first = turn.paragraphs[0].lstrip() if turn.paragraphs else ""
        last = self.passages[-1] if self.passages else None
        if not (
            self.answered
            and self.pending
            and _RESUMED.match(first)
            and last
            and last.kind == ANSWER
            and len(last.text.split()) <= _CUT_OFF_WORDS
        ):
            return False
        # The answer was cut off ("I don't —"), or finished the question for the reporter, who
        # takes it up ("On the left." — "... on the left.").
        said = _words(last.text)
        if not _CUT_OFF.search(last.text) and _words(first)[: len(said)] != said:
            return False
        self.passages.pop()
        self.add(PARAGRAPH, last.speaker, last.text)
        self.answered = any(
            p.kind == ANSWER and p.question == last.question for p in self.passages[-3:]
        )
        self.pending.append(turn)
        return True

    def take(self, turn: Turn, following: Turn | None) -> None:
        line_checked, self.line_checked = self.line_checked, False
        if is_line_check(turn.paragraphs, line_checked):
            # "Can you hear me?" — "Yes, we can.": the line, not the exchange.
            asking = self.is_question(turn)
            self.paragraphs(
                self.asker(turn)[0] or UNNAMED_ASKER if asking else self.speaker(turn), turn
            )
            said = split_sentences(turn.paragraphs)
            self.line_checked = any(LINE_CHECK.fullmatch(s) for s in said)
            return
        if self.is_question(turn):
            self.release_run()
            if self.is_aside(turn, following):
                self.paragraphs(self.asker(turn)[0] or UNNAMED_ASKER, turn)
                return
            if self.resumes_question(turn):
                return
            if is_courtesy(turn.paragraphs) and (
                following is None
                or (not self.is_question(following) and is_courtesy(following.paragraphs))
            ):
                # A sign-off ("Thank you Mr. President for this interview."), nobody answering
                # or only thanking back: no question.
                self.paragraphs(self.asker(turn)[0] or UNNAMED_ASKER, turn)
                if self.answered:
                    self.pending, self.answered = [], False
                return
            # "We'll take a break. (COMMERCIAL BREAK)" ends the exchange; what follows it in the
            # same turn ("Welcome back. Oprah Winfrey, would that really be your choice?") asks.
            breaks = [i for i, p in enumerate(turn.paragraphs) if BREAK.search(p)]
            cut = breaks[-1] + 1 if breaks else 0
            if cut or (is_courtesy(turn.paragraphs) and following and self.is_question(following)):
                cut = cut or len(turn.paragraphs)
                self.paragraphs(
                    self.asker(turn)[0] or UNNAMED_ASKER,
                    Turn(turn.role, turn.label, turn.paragraphs[:cut]),
                )
                if self.answered:
                    self.pending, self.answered = [], False
                if cut == len(turn.paragraphs):
                    return
                turn = Turn(turn.role, turn.label, turn.paragraphs[cut:], turn.called)
            if self.answered:
                self.pending, self.answered = [], False
            if self.called and not self.pending:
                turn.called, self.called = self.called, None
                self.floor = turn.called
            elif self.floor and not self.pending and self.one_line:
                # On a call only the line called on is open: "On FirstNet, can it still ...?",
                # "And on the investment part?" are the called reporter's until the next call-on.
                turn.called = self.floor
            self.pending.append(turn)
            return
        speaker = self.speaker(turn)
        if self.may_ask(turn, speaker):
            self.run.append(turn)
            return
        if self.run and speaker == self.principal:
            self.run_to_question()
        else:
            self.release_run()
        cut_in = self.pending and not self.answered and following and self.is_question(following)
        if cut_in and self.cuts_in(turn, following):
            self.paragraphs(speaker, turn)  # the question goes on after "Mm-hm."
            return
        self.say(turn, speaker, following)

    def cuts_in(self, turn: Turn, following: Turn) -> bool:
        """The answerer's few words inside a question that goes on after them: "Mm-hm.", "Well
        —", "A visit where?", or "Yeah." where the question broke off ("... January 6th —" —
        "Yeah." — "— from four years ago, does he ...?") or has asked nothing yet. The question
        is one, and these words answer nothing."""
        said = " ".join(turn.paragraphs)
        words = _words(said)
        if not words or len(words) > _CUT_IN_WORDS:
            return False
        if _LISTENING_WORDS.issuperset(words):
            return True
        asked = [p for q in self.pending for p in q.paragraphs]
        resumed = following.paragraphs[0] if following.paragraphs else ""
        if breaks_off(asked[-1] if asked else "") and takes_up(resumed):
            # "... January 6th —" — "Yeah." — "— from four years ago, does he ...?"; a reply in
            # its own right ("I appreciate that.") answers what was said so far.
            return BACKCHANNEL_WORDS.issuperset(words) or breaks_off(said)
        echo = words[: min(3, len(words))]
        if said.rstrip().endswith("?") and "?" not in " ".join(asked) and len(echo) >= 2:
            # A quip asking back before the question was put, which the reporter takes up: "Но
            # не все, ладно?" — "Но не все. Он, например, рассказал ...?" (A reply the reporter
            # echoes, "Not true." — "Not true?", answers.)
            return _words(resumed)[: len(echo)] == echo
        if breaks_off(said) and _RESTATES.match(resumed):
            return True  # "Say —" — "I'm saying, there's been a lot of foreign investment ..."
        if said.rstrip().endswith("?") and asked and not asked[-1].rstrip().endswith("?"):
            # A question put, and more being said about it, when the answerer asks about a
            # detail: "How do you assess the situation there? ... photos of a visit by Russian
            # specialists." — "A visit where?" — "To their positions. Does Russia not fear ...?"
            # (To a question ending on its question mark, the reply to the answerer's question
            # is what the answer takes up: "What is your comment?" — "Who signed it?" — "Some
            # academics."; to a statement, it is the question: "The first step is always the
            # hardest." — "Why?" — "At the end of the year, you said ...")
            return "?" in " ".join(asked)
        # "— beyond steel." — "Yeah." — "Those investments are not at risk ...?": inside a
        # question already cut off and taken up. (After a whole sentence, "There was a U.N.
        # meeting today." — "Yeah." — "Russia's ambassador said ...?", the question is the one
        # that follows.)
        last = asked[-1] if asked else ""
        return (
            BACKCHANNEL_WORDS.issuperset(words)
            and not asks(" ".join(asked))
            and (takes_up(last) or breaks_off(last))
        )

    def call_on(self, turn: Turn, following: Turn | None) -> tuple[CallOn | None, bool, bool]:
        """The call-on a turn makes, whether that is all the turn does, and whether somebody
        asks next. A bare name ("MJ.") calls on someone only when a question follows."""
        text = " ".join(turn.paragraphs)
        asking_next = following is not None and (
            self.is_question(following) or self.may_ask(following, self.speaker(following))
        )
        if is_call_on_turn(text):
            called = call_on(text, whole_turn=True)
            # A bare name while a question awaits its answer is the answer: "Soon.", "Biden."
            awaiting = bool(self.pending) and not self.answered
            if called and (not _is_bare_name(text) or (asking_next and not awaiting)):
                return called, True, asking_next
        return call_on(turn.paragraphs[-1]) if turn.paragraphs else None, False, asking_next

    def say(self, turn: Turn, speaker: str, following: Turn | None = None) -> None:
        """A turn that asks nothing: an answer to what is pending, or paragraphs."""
        text = "\n\n".join(turn.paragraphs)
        if self.called and speaker != self.called_by and not _says_nothing(turn.paragraphs):
            self.called = None  # "With that, Admiral.": the floor went to a speaker instead
        called, only, asking_next = self.call_on(turn, following)
        if only or is_courtesy(turn.paragraphs):
            # A call-on or a sign-off is never an answer, and one passage. It ends the exchange
            # once the next reporter speaks; an answer going on after it still answers.
            if self.pending and not self.answered:
                self.close_unanswered()
            self.add(PARAGRAPH, speaker, text)
            if asking_next or following is None:
                self.pending, self.answered = [], False
        elif self.closes(turn, speaker):
            self.paragraphs(speaker, turn)
            self.pending, self.answered = [], False
        elif self.moderates(turn, speaker) or wraps_up(turn.paragraphs):
            # Not an answer; an answer the moderator interrupts goes on answering the question.
            self.paragraphs(speaker, turn)
        elif not self.pending or speaker == self.pending_asker():
            # A reporter's own words in the middle of the exchange ("A company?" — "Yes. For nine
            # years...") are no answer to their question.
            self.paragraphs(speaker, turn)
        else:
            question = "\n\n".join(p for q in self.pending for p in q.paragraphs)
            if not self.answered:
                self.last_asker = self.asker(self.pending[0])
            self.add(ANSWER, speaker, text, question, self.last_asker)
            self.answered = True
            if all(q.label and _from_the_floor(q.label) for q in self.pending):
                self.pending, self.answered = [], False  # a remark gets one answer, not all
        moderator = _MODERATOR_WORDS.intersection(_words(turn.label or ""))
        if asking_next and (called or moderator or is_courtesy(turn.paragraphs[-1:])):
            # The floor is handed on, to whoever the call-on names or not: on a call, the
            # moderator speaking before a question ("we'll do Hiba Nasr") moved it.
            self.floor = None
        if called:
            self.called, self.called_by = called, speaker
            if not only and asking_next:
                self.pending, self.answered = [], False

    def pending_asker(self) -> str | None:
        return self.last_asker[0] if self.answered else self.asker(self.pending[0])[0]

    def moderates(self, turn: Turn, speaker: str) -> bool:
        """A moderator, or the press secretary at a news conference somebody else gives."""
        if _MODERATOR_WORDS.intersection((turn.label or "").casefold().split()):
            return True
        if not turn.label or not self.principal or speaker == self.principal:
            return False
        known = self.registry.lookup(turn.label)
        roles = " ".join(known.roles).casefold() if known else ""
        return any(role in roles for role in _MODERATING_ROLES)

    def run_to_question(self) -> None:
        """Whoever spoke last before the President asked, from their first word in the run."""
        asker = self.speaker(self.run[-1])
        first = next(i for i, t in enumerate(self.run) if self.speaker(t) == asker)
        for turn in self.run[:first]:
            # The host's introduction, or a call-on naming the asker: never an answer.
            self.paragraphs(self.speaker(turn), turn)
            self.called = (call_on(turn.paragraphs[-1]) if turn.paragraphs else None) or self.called
        if self.pending and not self.answered:
            self.close_unanswered()
        asked = [p for turn in self.run[first:] for p in turn.paragraphs]
        self.run, self.pending = [], [Turn(QUESTION, f"Question ({asker})", asked, self.called)]
        self.called = None
        self.answered = False

    def release_run(self) -> None:
        run, self.run = self.run, []
        for turn in run:
            self.say(turn, self.speaker(turn))

    def finish(self) -> list[Passage]:
        self.release_run()
        if self.pending and not self.answered:
            self.close_unanswered()
        return self.passages


def _says_nothing(paragraphs: list[str]) -> bool:
    """ "We can.", "Yep.", "Thank you.": words about the line or the room, while a reporter
    called on gets to their question."""
    text = " ".join(" ".join(paragraphs).split())
    heard = any(p.fullmatch(text) for p in (HEARD, BARE_HEARD))
    return heard or is_courtesy(paragraphs) or BACKCHANNEL_WORDS.issuperset(_words(text))


def _is_bare_name(text: str) -> bool:
    return len(text.split()) <= 3 and not re.search(r"\b(?:go ahead|question|go to)\b", text, re.I)


def _interviewer(turns: list[Turn], context: Context, registry: SpeakerRegistry) -> str | None:
    """On a page whose title does not say what it is, two people taking turns, one asking and
    the other answering ("П.Зарубин: ... Как Вы оцениваете ...? В.Путин: Нас это не касается."):
    an interview, and the one asking its interviewer."""
    if context.kind is not None or context.asker:
        return None
    named = [(registry.canonical(t.label), t) for t in turns if t.label and not t.role]
    people = list(dict.fromkeys(who for who, _ in named))
    if len(named) < _INTERVIEW_TURNS or len(people) != 2:
        return None
    changes = sum(a != b for (a, _), (b, _) in pairwise(named))
    if changes < (len(named) - 1) * 3 // 4:
        return None  # not turn and turn about

    def asking(who: str) -> float:
        theirs = [t for name, t in named if name == who]
        return sum(asks(" ".join(t.paragraphs)) for t in theirs) / len(theirs)

    first, second = sorted(people, key=asking, reverse=True)
    known = registry.lookup(first)
    if known and known.kind == JOURNALIST:
        return first
    if known and known.kind == PERSON:
        return None  # an official asking questions at a meeting ("А больницы?") interviews nobody
    return first if asking(first) >= 0.5 and asking(second) <= asking(first) / 2 else None


def turns_to_passages(
    turns: list[Turn], doc_id: str, context: Context, registry: SpeakerRegistry
) -> list[Passage]:
    """Pair questions with the answers that follow them; the rest becomes paragraphs."""
    interviewer = _interviewer(turns, context, registry)
    if interviewer:
        context = replace(context, kind="interview", asker=interviewer)
    pairer = _Pairer(doc_id, context, registry)
    # "Go ahead, Trevor." where another call-on names "Trevor Hunnicutt with Reuters".
    full: dict[str, set[CallOn]] = {}
    for turn in turns:
        for called in call_ons_in(" ".join(turn.paragraphs)) if not turn.role else []:
            if called.name and len(called.name.split()) > 1:
                full.setdefault(called.name.split()[0], set()).add(called)
    pairer.full_names = {
        first: calls.pop()
        for first, calls in full.items()
        if len({c.name for c in calls}) == 1 and len({c.outlet for c in calls} - {None}) <= 1
    }
    speaking = Counter(
        pairer.speaker(t) for t in turns if t.label and not t.role and not pairer.is_question(t)
    )
    pairer.host = speaking.most_common(1)[0][0] if speaking else None
    pairer.one_line = any(
        _MODERATOR_WORDS.intersection(_words(t.label or ""))
        and speaks_of_lines(" ".join(t.paragraphs))
        for t in turns
    )
    if context.kind in NAMED_QUESTIONER_KINDS | {"press conference"}:
        named = Counter(pairer.speaker(t) for t in turns if t.label and not t.role)
        pairer.principal = named.most_common(1)[0][0] if named else None
        unknown = {
            t.label for t in turns if t.label and not t.role and not registry.lookup(t.label)
        }
        pairer.many_voices = len(unknown - {pairer.principal}) >= _MANY_VOICES
    for i, turn in enumerate(turns):
        pairer.take(turn, turns[i + 1] if i + 1 < len(turns) else None)
    return pairer.finish()
