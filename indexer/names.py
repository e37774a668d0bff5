"""The shape of a speaker label: a person's name, a post before it, or no name at all.

Transcripts label turns in many ways: "Vladimir Putin:", "MS. PSAKI:", "President of Egypt
Mohammed Morsi:", "С.Лавров:", "Remark:", "Реплика:", "OPERATOR:", "SENIOR ADMINISTRATION
OFFICIAL:". Only some of them name somebody. This module reads a label's shape, with no registry
and no document: which words are a post and which a name, whether the label is the part someone
plays in the exchange rather than who they are, and how to write a shouted name readably.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Labels naming the part a turn plays in the exchange, not who speaks it: shown as the turn's
# role, the speaker unknown. Keys are case-folded labels with notes and punctuation removed.
_EXCHANGE_ROLES = {
    "remark": "Remark from the audience",
    "remarks": "Remark from the audience",
    "реплика": "Remark from the audience",
    "реплика из зала": "Remark from the audience",
    "голос из зала": "Remark from the audience",
    "comment": "Remark from the audience",
    "comment from the audience": "Remark from the audience",
    "voice": "Remark from the audience",
    "voice from the audience": "Remark from the audience",
    "audience member": "Remark from the audience",
    "audience": "Remark from the audience",
    "reply": "Reply from the audience",
    "replies": "Reply from the audience",
    "response": "Reply from the audience",
    "response from the hall": "Reply from the audience",
    "reply from the audience": "Reply from the audience",
    "ответ из зала": "Reply from the audience",
    "question": "Question",
    "q": "Question",
    "вопрос": "Question",
    "вопрос из зала": "Question from the audience",
    "question from the audience": "Question from the audience",
    "question from the floor": "Question from the audience",
    "answer": "Answer",
    "a": "Answer",
    "ответ": "Answer",
    "operator": "Operator",
    "call centre operator": "Operator",
    "call center operator": "Operator",
    "оператор": "Operator",
    "moderator": "Moderator",
    "модератор": "Moderator",
    "presenter": "Presenter",
    "host": "Presenter",
    "ведущий": "Presenter",
    "ведущая": "Presenter",
    "participant": "Participant",
    "участник": "Participant",
    "участница": "Participant",
    "caller": "Caller",
    "interpreter": "Interpreter",
    "переводчик": "Interpreter",
    "reporter": "Reporter",
    "journalist": "Reporter",
    "журналист": "Reporter",
    "correspondent": "Reporter",
    "photojournalist": "Reporter",
    "корреспондент": "Reporter",
    "follow-up": "Question",
    "followup": "Question",
}

# An unnamed person labelled by what they are: "SENIOR ADMINISTRATION OFFICIAL", "AIDE",
# "WHITE HOUSE OFFICIAL", "FBI OFFICIAL", "AIR FORCE ONE CREW MEMBER", "NSC SPOKESPERSON".
_ANONYMOUS_HEADS = frozenset(
    """official officials aide aides spokesperson spokesman spokeswoman member members staffer
    representative participant participants""".split()
)

# Honorifics and ranks: they stand before a name and are not part of it.
HONORIFICS = frozenset(
    """mr mrs ms miss dr drs prof professor sir madam dame lord lady rev reverend mx messrs
    doctor doctors господин госпожа""".split()
)
# Words of a post: a label holding one before a name ("Minister of Culture Olga Lyubimova",
# "Colonel General Sergei Surovikin") has its post split off.
POST_WORDS = frozenset(
    """
    president vice prime minister deputy first chairman chairwoman chair chairperson head
    director general secretary governor mayor ambassador envoy representative commissioner
    chancellor premier emir king queen prince crown sheikh sultan patriarch metropolitan mufti
    grand chief executive ceo cfo coo founder managing editor editor-in-chief commander colonel
    major sergeant lieutenant captain admiral rear marshal officer senior junior private corporal
    federal acting assistant adviser advisor counsellor counselor coordinator spokesperson
    spokesman spokeswoman press leader speaker senator representative rep congressman
    congresswoman sen gov coach chair administrator undersecretary under special presidential
    plenipotentiary extraordinary ombudsman ombudsperson rector dean judge justice attorney
    surgeon pastor bishop archbishop cardinal imam rabbi olympic champion medallist medalist
    commentator moderator correspondent journalist student teacher worker administrator
    administration astronaut staff
    """.split()
)
# Small words inside names: "Tamim bin Hamad Al Thani", "Alexander Van der Bellen".
PARTICLES = frozenset(
    "bin ibn bint al el ul van von der den de del della di da dos du la le ter ten y".split()
)
# Connecting words of a post: "President *of* Egypt", "Chairman *of the* Board".
CONNECTORS = frozenset("of the and for at on in to with и по".split())

_WORD = re.compile(r"[^\W\d_]+(?:[-'’.][^\W\d_]+)*\.?|\d+")
_NOTES = re.compile(r"\s*\([^)]*\)")
_SPACE = re.compile(r"\s+")


def clean_label(label: str) -> str:
    """A label without notes ("(retranslated)"), trailing colons or doubled spaces."""
    label = unicodedata.normalize("NFC", label)
    label = _NOTES.sub(" ", label).replace("\u00a0", " ")
    return _SPACE.sub(" ", label).strip(" :;,.-–—*_") if label.strip() else ""


def _key(label: str) -> str:
    return " ".join(re.findall(r"[^\W_]+(?:-[^\W_]+)*", clean_label(label).casefold()))


def exchange_role(label: str) -> str | None:
    """The role a label names when it names no one: "Remark" → "Remark from the audience".

    Anonymous officials ("SENIOR ADMINISTRATION OFFICIAL", "WHITE HOUSE AIDE") are roles too,
    written as a phrase ("Senior administration official (name withheld)"); nobody is invented
    for them.
    """
    key = _key(label)
    if not key:
        return None
    if key in _EXCHANGE_ROLES:
        return _EXCHANGE_ROLES[key]
    if len(key) >= 7:
        # Typed in a hurry: "Modeartor", "Moerator", "Modertor".
        distances = {k: edit_distance(key, k) for k in _EXCHANGE_ROLES if len(k) >= 7}
        best = min(distances.values())
        near = {_EXCHANGE_ROLES[k] for k, d in distances.items() if d == best}
        if best <= 2 and len(near) == 1:
            return near.pop()
    words = key.split()
    # "SENIOR ADMINISTRATION OFFICIAL ONE", "SENIOR ADMINISTRATION OFFICIAL #2".
    while words and (words[-1].isdigit() or words[-1] in {"one", "two", "three", "four"}):
        words = words[:-1]
    if words and _near(words[-1], _ANONYMOUS_HEADS) and len(words) <= 5 and label_is_shouted(label):
        # A background call withholds the name: shown so, never taken for a person's name.
        return f"{sentence_case(clean_label(label))} (name withheld)"
    return None


_ACRONYMS = frozenset(
    "fbi nsc dhs faa cia dod doj usda hhs cdc epa nasa us usa uk un eu nato omb usaid fema"
    " nih fda ceo dni irs sba".split()
)


def label_is_shouted(label: str) -> bool:
    letters = [c for c in label if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) > 1


def sentence_case(text: str) -> str:
    """ "SENIOR ADMINISTRATION OFFICIAL" → "Senior administration official" (acronyms kept)."""
    words = text.split()
    out = []
    for i, word in enumerate(words):
        lower = word.lower()
        if word.isupper() and lower in _ACRONYMS:
            out.append(word)
        else:
            out.append(lower.capitalize() if i == 0 else lower)
    return " ".join(out)


def title_word(word: str) -> str:
    """One shouted word written as a name is: "MCDONOUGH" → "McDonough", "O’CONNELL" →
    "O’Connell", "JEAN-PIERRE" → "Jean-Pierre", "VAN" → "van" only inside a name."""
    parts = re.split(r"([-'’])", word.lower())
    out = []
    for part in parts:
        if part in {"-", "'", "’"} or not part:
            out.append(part)
        elif part.startswith("mc") and len(part) > 3:
            out.append("Mc" + part[2:].capitalize())
        else:
            out.append(part.capitalize())
    return "".join(out)


def readable(name: str) -> str:
    """A name written the way a reader expects it: a shouted "MS. ASHLEY BIDEN" is "Ashley
    Biden", "MR. CHEUNG" is "Mr. Cheung"; a name already in mixed case is left as written."""
    # Junk labels ("MR :MR 0") may need a second pass to settle; names settle in one.
    for _ in range(4):
        shown = _readable_once(name)
        if shown == name:
            break
        name = shown
    return name


def _readable_once(name: str) -> str:
    name = clean_label(name)
    if not name:
        return ""
    words = name.split()
    if len(words) == 1 and label_is_shouted(name) and len(name) <= 4:
        return name  # "CBS", "RM": an acronym or a stage name, as written
    if label_is_shouted(name):
        words = [
            w.lower() if 0 < i < len(words) - 1 and w.lower() in PARTICLES else title_word(w)
            for i, w in enumerate(words)
        ]
    else:
        # "Arnold SCHWARZENEGGER": a shouted surname in a written name.
        words = [
            title_word(w)
            if len(w) >= 4 and label_is_shouted(w) and w.lower() not in _ACRONYMS
            else w
            for w in words
        ]
    # An honorific before a full name adds nothing: "Ms. Ashley Biden" is "Ashley Biden".
    while len(words) > 2 and words[0].casefold().rstrip(".") in HONORIFICS:
        words = words[1:]
    if len(words) == 2 and words[0].casefold().rstrip(".") in HONORIFICS:
        words[0] = words[0].rstrip(".").capitalize() + "."
    return clean_label(" ".join(words))


@dataclass(frozen=True)
class Parsed:
    """A label read by its shape: the post it names, the name in it, the honorific before it."""

    post: str | None
    name: str
    honorific: str | None = None


def _is_name_word(word: str) -> bool:
    bare = word.rstrip(".")
    return bool(bare) and (bare[0].isupper() or bare.casefold() in PARTICLES) and not bare.isdigit()


def split_post(label: str) -> Parsed:
    """ "President of Egypt Mohammed Morsi" → post "President of Egypt", name "Mohammed Morsi".

    The name is the run of capitalised words at the end of the label after a post: two words, or
    more where particles join them ("Tamim bin Hamad Al Thani"), or every word of a shouted tail
    under a post in mixed case ("Secretary-General of the OECD JOSE ANGEL GURRIA"). A label with
    no post word and no connecting word before its name is all name ("Recep Tayyip Erdogan").
    """
    label = clean_label(label)
    # "Dmitry Guberniyev, ceremony moderator": a post after a comma.
    head, comma, tail = label.partition(",")
    if comma and tail.strip() and tail.strip()[0].islower():
        inner = split_post(head)
        return Parsed(_join(inner.post, tail.strip()), inner.name, inner.honorific)
    words = label.split()
    if len(words) <= 1:
        return Parsed(None, label)
    honorific = None
    if words[0].casefold().rstrip(".") in HONORIFICS and len(words) >= 2:
        honorific, words = words[0], words[1:]
    if label_is_shouted(" ".join(words)):
        if not any(w.casefold() in CONNECTORS for w in words):
            # "SECRETARY MAYORKAS", "LIEUTENANT GENERAL SIMS": a shouted post, then a surname.
            i = 0
            while i < len(words) - 1 and _is_post_word(words[i]):
                i += 1
            post = " ".join(title_word(w) for w in words[:i]) or None
            return Parsed(post, " ".join(words[i:]), honorific)
        # "DEPUTY CHIEF OF STAFF ... DMITRY PESKOV": read as it would be written.
        words = [w.lower() if w.casefold() in CONNECTORS else title_word(w) for w in words]
    post_at = [i for i, w in enumerate(words) if _is_post_word(w)]
    connectors = [i for i, w in enumerate(words) if w.casefold().strip(",") in CONNECTORS]
    lower = [i for i, w in enumerate(words) if not _is_name_word(w)]
    if not post_at and not connectors and not lower:
        return Parsed(None, " ".join(words), honorific)
    # The name: capitalised words after the last post word, connector or lower-case word.
    last_post = max([*post_at, *connectors, *lower], default=-1)
    tail_words = words[last_post + 1 :]
    if not tail_words:
        return Parsed(None, " ".join(words), honorific)  # "Patriarch Kirill of Moscow and All"
    shouted = 0
    while shouted < len(words) and label_is_shouted(words[-1 - shouted]):
        shouted += 1
    while shouted and _is_post_word(words[-shouted]):
        shouted -= 1  # "... Protection MINISTER MAXIM TOPILIN"
    # "... Development JOSE ANGEL GURRIA": a shouted name after a written post.
    name_words = words[-shouted:] if shouted >= 2 else _name_tail(tail_words)
    if len(name_words) < 2:
        # "Patriarch Kirill", "President of Russia": no name of two words to split off.
        return Parsed(None, " ".join(words), honorific)
    start = len(words) - len(name_words)
    if words[start - 1].casefold() in CONNECTORS:
        return Parsed(None, " ".join(words), honorific)  # "... of Moscow and All Russia"
    post = " ".join(words[:start]).strip(" ,") or None
    return Parsed(post, " ".join(name_words), honorific)


def _is_post_word(word: str) -> bool:
    key = word.casefold().strip(",.")
    if key in POST_WORDS or any(part in POST_WORDS for part in key.split("-") if part):
        return True
    # Labels carry typos ("ACTING ADMINISTRATION SLAVITT"): a near-miss of a long post word.
    return len(key) >= 7 and any(len(w) >= 7 and within_one_edit(key, w) for w in POST_WORDS)


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    two neighbouring letters ("Sullvian") each count one."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], previous2[j - 2] + 1)
        previous2, previous = previous, row
    return previous[-1]


def _near(word: str, vocabulary: frozenset[str]) -> bool:
    """`word` is in `vocabulary`, or a long word one or two typos from one ("offial")."""
    if word in vocabulary:
        return True
    return len(word) >= 6 and any(len(v) >= 6 and edit_distance(word, v) <= 2 for v in vocabulary)


def within_one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :] or a[i + 1 :] == b[i + 1 :]


def _name_tail(words: list[str]) -> list[str]:
    """The last two name words, and the particles (and the word before each) that join them."""
    taken = words[-2:] if len(words) >= 2 else words
    i = len(words) - len(taken) - 1
    while i >= 0 and i + 1 < len(words) and words[i + 1].casefold() in PARTICLES:
        taken = words[i:]
        i -= 1
    # "Mohammad bin Salman Al Saud": walk on while the word just taken is a particle.
    while i >= 0 and words[i].casefold() in PARTICLES:
        taken = words[i - 1 :] if i >= 1 else words[i:]
        i -= 2
    return taken


def _join(*parts: str | None) -> str | None:
    joined = ", ".join(p for p in parts if p)
    return joined or None


# A heading taken for a label: many words, mostly lower-case, no name at the end ("Speeches at
# the opening of the Imperial Capitals", "Текст Указа").
_HEADING_WORDS = frozenset(
    """speech speeches text texts opening ceremony remarks statement statements address
    excerpts excerpt transcript agenda list decree order текст указа распоряжения выступление
    выступления стенограмма речь обращение заявление""".split()
)


def is_heading(label: str) -> bool:
    """A label that names a part of the page, not somebody: "Текст Указа", "Speeches at the
    opening of the Imperial Capitals", "Opening remarks"."""
    words = [w.casefold() for w in _WORD.findall(clean_label(label))]
    if not words:
        return False
    return words[0] in _HEADING_WORDS and not any(w in POST_WORDS for w in words[:1])


_INITIALS_FIRST = re.compile(
    r"^(?P<initials>(?:[A-ZА-ЯЁ][a-zа-яё]?\.\s*){1,2})(?P<surname>[A-ZА-ЯЁ][\w'’-]+)$"
)
_INITIALS_LAST = re.compile(
    r"^(?P<surname>[A-ZА-ЯЁ][\w'’-]+)\s+(?P<initials>(?:[A-ZА-ЯЁ][a-zа-яё]?\.\s*){1,2})$"
)


def initials_and_surname(label: str) -> tuple[str, str] | None:
    """ "С.Лавров", "S. Lavrov", "Лавров С.В." → ("С", "Лавров"): the first initial and the
    surname, for a label made of nothing else."""
    label = _NOTES.sub("", label).strip(" :")
    match = _INITIALS_FIRST.match(label) or _INITIALS_LAST.match(label)
    if not match:
        return None
    return match.group("initials")[0], match.group("surname")
