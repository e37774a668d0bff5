"""Who answers whom: turns → passages, the pairing rules every format shares.

A question, or several in a row, pairs with the answer or answers that follow; whatever is said
outside an exchange becomes one passage per paragraph. Around that rule sit the ways real
transcripts bend it, each found by the attribution audit (`tests/audit/`):

- an interviewer's "Right." or "Yes." in the middle of an answer is no new question: the answer
  goes on answering the one before;
- "Thank you." or "Go ahead, Zeke." is no answer: it closes a question nobody answered;
- at a Direct Line or a media forum, people the page names put questions to the President
  without a "Question:" label: whoever speaks last before he does asks;
- a "Remark:" from the floor asks something only where questions are asked at all.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from indexer.model import ANSWER, PARAGRAPH, QUESTION, Passage, passage_id
from indexer.speakers import OUTLET, PERSON, SpeakerRegistry

# Who asks a question when nobody said who: "Q:" with no outlet.
UNNAMED_ASKER = "Unnamed questioner"
# Documents made of questions and answers, where a remark from the floor is a question.
QA_KINDS = frozenset({"interview", "press conference", "briefing", "direct line", "media forum"})
# ... and those where the people asking are named rather than labelled "Question".
NAMED_QUESTIONER_KINDS = frozenset({"direct line", "media forum"})

_QUESTION_LABELS = frozenset({"question", "q", "вопрос"})
# A label holding one of these asks a question: "Follow-up:", "Foreign Journalist:", "Reporter:".
_ASKING_WORDS = frozenset({"follow-up", "followup", "journalist", "reporter", "correspondent",
                           "журналист", "корреспондент"})  # fmt: skip
# Somebody whose name was not taken down: a question in a Q&A, a remark anywhere else.
_AUDIENCE_WORDS = frozenset({"remark", "reply", "response", "caller", "audience", "реплика",
                             "вопрос из зала"})  # fmt: skip
_ANSWER_LABELS = frozenset({"answer", "a", "ответ"})
# A moderator hands the floor on ("Next, Josh from Bloomberg."): that is no answer.
_MODERATOR_WORDS = frozenset({"moderator", "operator", "host", "presenter", "ведущий"})
_FOLLOW_UP = re.compile(r"^follow[- ]?up\b", re.I)

# An interviewer's turn made only of these words ("Right.", "Of course.") is listening.
_BACKCHANNEL_WORDS = frozenset(
    """right yes yeah yep yup sure okay ok uh-huh mm-hmm mhm hmm exactly indeed true correct
    absolutely of course i see wow да понятно ясно конечно угу""".split()
)
# An answerer's turn of only these ("Mm-hm.") while the question is still being asked.
_LISTENING_WORDS = frozenset("mm-hm mm-hmm uh-huh mhm hmm uh um угу".split())
# A sentence that thanks, greets or hands the floor on, and says nothing else.
_COURTESY = re.compile(
    r"(?:thanks?(?: you)?(?: (?:very|so) much)?|(?:happy|merry) \w+|good (?:morning|afternoon|"
    r"evening|night)|hello|goodbye|go ahead|next question|спасибо(?: большое)?|"
    r"добрый (?:день|вечер)|здравствуйте)(?:,? [\w.'’-]+){0,2}[.!]*",
    re.I,
)
_COURTESY_WORDS = 12
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
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


@dataclass(frozen=True)
class Context:
    """What the document as a whole says about who speaks, who asks, and what it is."""

    speaker: str
    asker: str | None
    kind: str | None = None


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text.casefold())


def _is_backchannel(turn: Turn, following: Turn) -> bool:
    """The interviewer's "Right." inside an answer, or the words the speaker then takes up."""
    if len(turn.paragraphs) != 1 or "?" in turn.paragraphs[0]:
        return False
    words = _words(turn.paragraphs[0])
    if words and len(words) <= 4 and _BACKCHANNEL_WORDS.issuperset(words):
        return True
    resumed = following.paragraphs[0].lstrip() if following.paragraphs else ""
    if _RESUMES.match(resumed):
        return True
    # "Some that have them." → "We have to keep them -- and some that have them --".
    return len(words) >= 2 and f" {' '.join(words)} " in f" {' '.join(_words(resumed[:200]))} "


def _is_courtesy(turn: Turn) -> bool:
    text = " ".join(turn.paragraphs)
    if len(text.split()) > _COURTESY_WORDS:
        return False
    sentences = [s for p in turn.paragraphs for s in _SENTENCE.split(p.strip()) if s]
    return bool(sentences) and all(_COURTESY.fullmatch(s) for s in sentences)


class _Pairer:
    """Walks the turns once, holding the questions awaiting, or being given, their answers."""

    def __init__(self, doc_id: str, context: Context, registry: SpeakerRegistry) -> None:
        self.doc_id, self.context, self.registry = doc_id, context, registry
        self.passages: list[Passage] = []
        self.pending: list[Turn] = []
        self.answered = False
        self.last_asker: str | None = None
        self.run: list[Turn] = []  # named people speaking before the President may answer them
        self.principal: str | None = None  # at a Direct Line, whoever takes the most turns

    def add(self, kind: str, speaker: str, text: str, question: str | None = None,
            asker: str | None = None) -> None:  # fmt: skip
        position = len(self.passages) + 1
        self.passages.append(
            Passage(passage_id(self.doc_id, position), self.doc_id, position, kind, speaker,
                    text, question, asker)
        )  # fmt: skip

    def paragraphs(self, speaker: str, turn: Turn) -> None:
        for paragraph in turn.paragraphs:
            self.add(PARAGRAPH, speaker, paragraph)

    def asker(self, turn: Turn) -> str | None:
        if turn.label and turn.role != QUESTION:
            return self.registry.canonical(turn.label)  # an outlet asking in its own name
        if turn.label and _FOLLOW_UP.match(turn.label) and self.last_asker:
            return self.last_asker  # a follow-up comes from whoever asked last
        named = turn.label and _parenthetical(turn.label)
        if named:
            return self.registry.canonical(named)
        if turn.label and _from_the_floor(turn.label):
            return None  # a caller is not the programme that put them through
        return self.context.asker

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
        return bool(asker and self.registry.canonical(turn.label) == asker)

    def may_ask(self, turn: Turn, speaker: str) -> bool:
        """Somebody the registry does not know, at a Direct Line, before the President speaks."""
        if self.context.kind not in NAMED_QUESTIONER_KINDS or not turn.label or turn.role:
            return False
        known = self.registry.lookup(turn.label)
        return speaker != self.principal and not (known and known.kind == PERSON)

    def close_unanswered(self) -> None:
        # A reporter's turn nobody answers stands alone, as a question, even a "Thank you, Jen."
        for q in self.pending:
            asker = self.asker(q)
            self.add(QUESTION, asker or UNNAMED_ASKER, "\n\n".join(q.paragraphs), asker=asker)
        self.pending, self.answered = [], False

    def take(self, turn: Turn, following: Turn | None) -> None:
        if self.is_question(turn):
            self.release_run()
            listening = following is not None and not self.is_question(following)
            if self.answered and listening and _is_backchannel(turn, following):
                self.paragraphs(self.asker(turn) or UNNAMED_ASKER, turn)
                return
            if self.answered:
                self.pending, self.answered = [], False
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
        if self.pending and not self.answered and following and self.is_question(following):
            words = _words(" ".join(turn.paragraphs))
            if words and _LISTENING_WORDS.issuperset(words):
                self.paragraphs(speaker, turn)  # the question goes on after "Mm-hm."
                return
        self.say(turn, speaker)

    def say(self, turn: Turn, speaker: str) -> None:
        """A turn that asks nothing: an answer to what is pending, or paragraphs."""
        label = (turn.label or "").casefold().split()
        if _MODERATOR_WORDS.intersection(label):
            # Not an answer; an answer the moderator interrupts goes on answering the question.
            self.paragraphs(speaker, turn)
            return
        if _is_courtesy(turn):
            if self.pending and not self.answered:
                self.close_unanswered()
            self.add(PARAGRAPH, speaker, "\n\n".join(turn.paragraphs))  # one sign-off, one passage
            return
        if not self.pending:
            self.paragraphs(speaker, turn)
            return
        question = "\n\n".join(p for q in self.pending for p in q.paragraphs)
        if not self.answered:
            self.last_asker = self.asker(self.pending[0])
        self.add(ANSWER, speaker, "\n\n".join(turn.paragraphs), question, self.last_asker)
        self.answered = True

    def run_to_question(self) -> None:
        """Whoever spoke last before the President asked, from their first word in the run."""
        asker = self.speaker(self.run[-1])
        first = next(i for i, t in enumerate(self.run) if self.speaker(t) == asker)
        for turn in self.run[:first]:
            self.paragraphs(self.speaker(turn), turn)  # the host's introduction
        if self.pending and not self.answered:
            self.close_unanswered()
        asked = [p for turn in self.run[first:] for p in turn.paragraphs]
        self.run, self.pending = [], [Turn(QUESTION, f"Question ({asker})", asked)]
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


def turns_to_passages(
    turns: list[Turn], doc_id: str, context: Context, registry: SpeakerRegistry
) -> list[Passage]:
    """Pair questions with the answers that follow them; the rest becomes paragraphs."""
    pairer = _Pairer(doc_id, context, registry)
    if context.kind in NAMED_QUESTIONER_KINDS:
        named = Counter(pairer.speaker(t) for t in turns if t.label and not t.role)
        pairer.principal = named.most_common(1)[0][0] if named else None
    for i, turn in enumerate(turns):
        pairer.take(turn, turns[i + 1] if i + 1 < len(turns) else None)
    return pairer.finish()
