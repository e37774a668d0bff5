"""Call-ons, askers and their outlets: who the floor goes to, in real transcripts' words."""

from datetime import date

import pytest

from indexer.call_ons import CallOn, call_on, is_call_on_turn
from indexer.model import Block, SourceDocument
from indexer.speakers import default_registry
from indexer.transcript import shape


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Thank you.  Our next question will go to Trevor with Reuters.",
            CallOn("Trevor", "Reuters"),
        ),
        ("Our next question will go to Neria with Israel 13.", CallOn("Neria", "Israel 13")),
        ("Let's go to Keth from France 24.", CallOn("Keth", "France 24")),
        ("We will go to Nick Schifrin from PBS virtually.", CallOn("Nick Schifrin", "PBS")),
        ("And the last question will go to Aamer with the AP.", CallOn("Aamer", "AP")),
        ("Next question goes to David with the New York Times.", CallOn("David", "New York Times")),
        (
            "Our next question will go to Andrea Mitchell with NBC.  Andrea, you should be able to "
            "unmute yourself.",
            CallOn("Andrea Mitchell", "NBC"),
        ),
        ("Go ahead, Trevor.", CallOn("Trevor", None)),
        ("Trevor, go ahead.", CallOn("Trevor", None)),
        # Not call-ons: answers, and phrases that only look like one.
        ("Overall, yes.", None),
        ("I think we should go to the Senate.", None),
        ("MJ.", None),  # a bare name is a call-on only as a whole turn, before a question
    ],
)
def test_call_on_names_the_reporter_and_outlet(text, expected):
    assert call_on(text) == expected


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("MJ.", True),
        ("Thank you. Karen.", True),
        ("Go ahead, Danny.", True),
        ("Thank you.  Our next question will go to MJ with CNN.", True),
        ("We are not going to comment on that. Go ahead, Nancy.", False),
        ("Yes.", False),
        ("Go ahead.", False),
    ],
)
def test_a_whole_call_on_turn_says_nothing_else(text, whole):
    assert is_call_on_turn(text) is whole


def briefing(
    *blocks: tuple[str | None, str],
    title: str = "Press Briefing by Press Secretary Karine Jean-Pierre",
    kind: str | None = "briefing",
):
    source = SourceDocument(
        title=title,
        date=date(2024, 1, 4),
        source="t.md",
        kind=kind,
        publisher="The White House",
        blocks=tuple(Block(label, text) for label, text in blocks),
    )
    return shape(source, default_registry())[1]


def test_the_call_on_names_the_asker_and_is_neither_question_nor_answer():
    passages = briefing(
        ("Q", "What about the strike?"),
        ("MS. JEAN-PIERRE", "We will not get ahead of the Pentagon."),
        ("MODERATOR", "Thank you.  Our next question will go to Trevor Hunnicutt with Reuters."),
        ("Q", "Thanks. Is the President aware of the letter?"),
        ("MS. JEAN-PIERRE", "He is."),
        ("MS. JEAN-PIERRE", "Go ahead, Trevor."),
        ("Q", "One more: did he sign it?"),
        ("MS. JEAN-PIERRE", "Yes."),
        ("MS. JEAN-PIERRE", "MJ."),
        ("Q", "And the budget?"),
        ("MS. JEAN-PIERRE", "Next week."),
    )
    assert [(p.kind, p.text, p.asker, p.asker_outlet) for p in passages] == [
        ("answer", "We will not get ahead of the Pentagon.", None, None),
        (
            "paragraph",
            "Thank you.  Our next question will go to Trevor Hunnicutt with Reuters.",
            None,
            None,
        ),
        ("answer", "He is.", "Trevor Hunnicutt", "Reuters"),
        ("paragraph", "Go ahead, Trevor.", None, None),
        # "Trevor" is the Trevor Hunnicutt another call-on in the same briefing names in full.
        ("answer", "Yes.", "Trevor Hunnicutt", None),
        ("paragraph", "MJ.", None, None),
        ("answer", "Next week.", "MJ", None),
    ]
    assert [p.question for p in passages if p.kind == "answer"] == [
        "What about the strike?",
        "Thanks. Is the President aware of the letter?",
        "One more: did he sign it?",
        "And the budget?",
    ]


def test_a_bare_name_awaiting_an_answer_is_the_answer():
    passages = briefing(
        ("Q", "Who will lead the talks?"),
        ("MS. JEAN-PIERRE", "Blinken."),
        ("Q", "When?"),
        ("MS. JEAN-PIERRE", "Monday."),
    )
    assert [(p.kind, p.text) for p in passages] == [("answer", "Blinken."), ("answer", "Monday.")]


def test_an_interviewer_speaks_for_the_outlet_of_the_interview():
    source = SourceDocument(
        title="Interview to Bloomberg",
        date=date(2016, 9, 5),
        source="k.html",
        kind="interview",
        speaker="Vladimir Putin",
        asker="John Micklethwait",
        blocks=(
            Block("John Micklethwait", "Are you close to a deal?"),
            Block("Vladimir Putin", "We do not trade territories."),
        ),
    )
    [answer] = shape(source, default_registry())[1]
    assert (answer.asker, answer.asker_outlet) == ("John Micklethwait", "Bloomberg")


def test_an_outlet_asking_in_its_own_name_is_its_own_outlet():
    passages = briefing(
        ("TASS", "Will there be talks?"),
        ("Vladimir Putin", "Perhaps."),
        title="News conference",
        kind="press conference",
    )
    assert (passages[-1].asker, passages[-1].asker_outlet) == ("TASS", "TASS")
