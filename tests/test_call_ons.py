"""Call-ons, askers and their outlets: who the floor goes to, in real transcripts' words."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.call_ons import CallOn, call_on, is_call_on_turn
from indexer.courtesies import is_courtesy, is_line_check, opens_with_thanks, wraps_up
from tests.transcripts import passages_of


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
        # How a moderator on a call hands on: a lead word, a curly apostrophe, "would".
        ("Thank you. Next, we’ll go to Ann Lee from Reuters.", CallOn("Ann Lee", "Reuters")),
        ("Okay, our first question would go to Sam Roe.", CallOn("Sam Roe", None)),
        (
            "And then for our last question, we’ll go to Tom Hale for BBC.",
            CallOn("Tom Hale", "BBC"),
        ),
        ("While we wait for his audio, we can go to Kim Oyelaran.", CallOn("Kim Oyelaran", None)),
        # After the topper, and on calls (the briefings of 2022-07-29 and 2024-02-22).
        ("With that, Darlene, you want to kick us off?", CallOn("Darlene", None)),
        ("With that, Josh, the floor is yours.", CallOn("Josh", None)),
        ("With that, Colleen.  Hi.", CallOn("Colleen", None)),
        ("Next up, we’ll go to the line of James Rosen.", CallOn("James Rosen", None)),
        ("Thanks. First up, we’ll go to the line of Ann Lee.", CallOn("Ann Lee", None)),
        (
            "Last question will go to line of Sam Roe. Sam, you should be able to unmute.",
            CallOn("Sam Roe", None),
        ),
        ("Go ahead, Mr. Cheung.", CallOn("Mr. Cheung", None)),
        ("Ann, I’m just checking if you’re able to speak.", CallOn("Ann", None)),
        ("With that, I’m happy to take some questions.", None),
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
        (
            "Great, thanks so much. Our next question will go to Sam Roe. Sam, your line should be "
            "unmuted.",
            True,
        ),
        ("Okay, our first question would go to Sam Roe. Your “hand” should be unmuted.", True),
        ("Next, we will go to Sam Roe. Your line is open. Tell us about the summit.", False),
        ("Yes.", False),
        ("Go ahead.", False),
        ("Hi, Jeannie.", True),  # greeting the reporter once the line works
    ],
)
def test_a_whole_call_on_turn_says_nothing_else(text, whole):
    assert is_call_on_turn(text) is whole


# An interview the Kremlin reader hands over: its speaker and kind stated.
_PUTIN_INTERVIEW = {"kind": "interview", "speaker": "Vladimir Putin"}


def briefing(
    *blocks: tuple[str | None, str],
    title: str = "Press Briefing by Press Secretary Karine Jean-Pierre",
    kind: str | None = "briefing",
):
    return passages_of(
        *blocks,
        title=title,
        date=date(2024, 1, 4),
        source="t.md",
        kind=kind,
        publisher="The White House",
    )


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
        # "Trevor" is the Trevor Hunnicutt another call-on in the same briefing names in full,
        # with the outlet it gave him.
        ("answer", "Yes.", "Trevor Hunnicutt", "Reuters"),
        ("paragraph", "MJ.", None, None),
        ("answer", "Next week.", "MJ", None),
    ]
    assert [p.question for p in passages if p.kind == "answer"] == [
        "What about the strike?",
        "Thanks. Is the President aware of the letter?",
        "One more: did he sign it?",
        "And the budget?",
    ]


def test_the_call_on_ending_the_topper_names_the_first_asker():
    # The briefing of 2022-07-29: the topper ends by calling on the first reporter.
    passages = briefing(
        ("MS. JEAN-PIERRE", "Good afternoon, everybody."),
        (None, "We sent out a readout of the — of this meeting early this morning."),
        (None, "With that, Darlene, you want to kick us off?"),
        ("Q", "Thank you.  On the veterans legislation that was blocked in the Senate, does the "
              "White House see what happened with that bill as a small hiccup?"),
        ("MS. JEAN-PIERRE", "So, I’ll say this, and I kind of said it in the opening just now."),
    )  # fmt: skip
    assert [(p.kind, p.asker) for p in passages][-1] == ("answer", "Darlene")


def test_with_that_handing_over_to_a_speaker_names_no_asker():
    passages = briefing(
        ("MS. JEAN-PIERRE", "The Admiral is here to talk about the trip. With that, Admiral."),
        ("ADMIRAL KIRBY", "Thanks, Karine. The President leaves tomorrow."),
        ("Q", "Will he meet the Prime Minister?"),
        ("ADMIRAL KIRBY", "He will."),
    )
    assert (passages[-1].kind, passages[-1].asker) == ("answer", None)


def test_on_a_call_the_line_called_on_asks_until_the_next_call_on():
    # The call of 2024-02-22: only the line called on is open, so its second question is the
    # same reporter's; in a briefing room (above) an unlabelled follow-up names nobody.
    passages = briefing(
        ("MODERATOR", "Thanks. Next up, we’ll go to the line of James Rosen. You should be able "
                      "to unmute yourself."),
        ("Q", "Thank you. I have two questions. One on Navalny: will there be sanctions?"),
        ("MR. KIRBY", "There will be sanctions tomorrow."),
        ("Q", "On the Mideast: is a ceasefire close?"),
        ("MR. KIRBY", "We are working on it."),
        ("MODERATOR", "Next up, we’ll go to the line of Laura Kelly at the Hill."),
        ("Q", "Does the President support the bill?"),
        ("MR. KIRBY", "He does."),
        title="On-the-Record Press Gaggle by John Kirby",
    )  # fmt: skip
    answers = [(p.question[:20], p.asker, p.asker_outlet) for p in passages if p.kind == "answer"]
    assert answers == [
        ("Thank you. I have tw", "James Rosen", None),
        ("On the Mideast: is a", "James Rosen", None),
        ("Does the President s", "Laura Kelly", "Hill"),
    ]


def test_in_a_briefing_room_a_follow_up_without_a_call_on_names_nobody():
    passages = briefing(
        ("MS. JEAN-PIERRE", "Go ahead, Joey."),
        ("Q", "Thanks, Karine. What do you make of the talks?"),
        ("MS. JEAN-PIERRE", "They have been productive."),
        ("Q", "And is the White House open to spending caps?"),
        ("MS. JEAN-PIERRE", "I am not going to negotiate from here."),
    )
    assert [p.asker for p in passages if p.kind == "answer"] == ["Joey", None]


def test_a_reporter_called_again_by_first_name_keeps_the_name_and_outlet_given_in_full():
    # A reporter on mute is passed over and called again once the line works.
    passages = briefing(
        ("MR. MUNOZ", "Let’s go to Ann Lee at Bloomberg.  Hey, Ann, might be on mute.  All "
                      "right, Ann, we will come back to you."),
        (None, "Let’s go to Sam Roe at the Hill."),
        ("Q", "Is there a plan B?"),
        ("DR. JHA", "We are ready for either."),
        ("MR. MUNOZ", "Ann, I’m just checking if you’re able to speak."),
        ("Q", "Hi, can you hear me now?"),
        ("MR. MUNOZ", "Hi, Ann."),
        ("Q", "Hi. Sorry about that. How is this rollout different?"),
        ("DR. JHA", "Well, I’ll start off."),
        title="Press Briefing by White House COVID-19 Response Team",
    )  # fmt: skip
    answers = [(p.text, p.asker, p.asker_outlet) for p in passages if p.kind == "answer"]
    assert answers == [
        ("We are ready for either.", "Sam Roe", "Hill"),
        ("Well, I’ll start off.", "Ann Lee", "Bloomberg"),
    ]
    assert ("paragraph", "Hi, Ann.") in [(p.kind, p.text) for p in passages]


def test_a_bare_name_awaiting_an_answer_is_the_answer():
    passages = briefing(
        ("Q", "Who will lead the talks?"),
        ("MS. JEAN-PIERRE", "Blinken."),
        ("Q", "When?"),
        ("MS. JEAN-PIERRE", "Monday."),
    )
    assert [(p.kind, p.text) for p in passages] == [("answer", "Blinken."), ("answer", "Monday.")]


def test_an_interviewer_speaks_for_the_outlet_of_the_interview():
    [answer] = passages_of(
        ("John Micklethwait", "Are you close to a deal?"),
        ("Vladimir Putin", "We do not trade territories."),
        **_PUTIN_INTERVIEW,
        title="Interview to Bloomberg",
        date=date(2016, 9, 5),
        source="k.html",
        asker="John Micklethwait",
    )
    assert (answer.asker, answer.asker_outlet) == ("John Micklethwait", "Bloomberg")


def test_an_outlet_asking_in_its_own_name_is_its_own_outlet():
    passages = briefing(
        ("TASS", "Will there be talks?"),
        ("Vladimir Putin", "Perhaps."),
        title="News conference",
        kind="press conference",
    )
    assert (passages[-1].asker, passages[-1].asker_outlet) == ("TASS", "TASS")


def test_a_moderators_call_with_a_word_about_the_line_is_no_answer():
    passages = briefing(
        ("Q", "What about the summit?"),
        ("SENIOR ADMINISTRATION OFFICIAL", "It went well."),
        (
            "WHITE HOUSE AIDE",
            "Thank you. Next, we’ll go to Ann Lee from Reuters. Ann, your line should be unmuted.",
        ),
        ("Q", "Hi, can you hear me?"),
        ("WHITE HOUSE AIDE", "Yes, we can."),
        ("Q", "Thanks for doing this. Will the President travel?"),
        ("SENIOR ADMINISTRATION OFFICIAL", "Not this week."),
        title="Background Press Call by a Senior Administration Official",
    )
    assert [(p.kind, p.text[:20]) for p in passages] == [
        ("answer", "It went well."),
        ("paragraph", "Thank you. Next, we’"),
        ("paragraph", "Hi, can you hear me?"),
        ("paragraph", "Yes, we can."),
        ("answer", "Not this week."),
    ]
    last = passages[-1]
    assert (last.question, last.asker, last.asker_outlet) == (
        "Thanks for doing this. Will the President travel?",
        "Ann Lee",
        "Reuters",
    )


def test_a_bare_yes_we_can_answers_when_nobody_checked_the_line():
    passages = briefing(("Q", "Can you confirm the talks?"), ("MS. JEAN-PIERRE", "Yes, we can."))
    assert [(p.kind, p.question) for p in passages] == [("answer", "Can you confirm the talks?")]


def test_the_hosts_thanks_to_a_guest_ends_the_guests_exchange():
    passages = briefing(
        ("MS. JEAN-PIERRE", "Good afternoon. The Secretary will take questions."),
        ("Q", "Secretary, when will the bridges be done?"),
        ("SECRETARY SMITH", "By the end of the year."),
        ("MS. JEAN-PIERRE", "Thank you so much, Secretary."),
        ("SECRETARY SMITH", "Thank you for having me."),
        ("MS. JEAN-PIERRE", "Thank you."),
        (None, "All right, a few things before the pool gathers."),
        ("Q", "Karine, on the budget?"),
        ("MS. JEAN-PIERRE", "We will see."),
    )
    assert [(p.kind, p.text) for p in passages if p.speaker == "Karine Jean-Pierre"] == [
        ("paragraph", "Good afternoon. The Secretary will take questions."),
        ("paragraph", "Thank you so much, Secretary."),
        ("paragraph", "Thank you."),
        ("paragraph", "All right, a few things before the pool gathers."),
        ("answer", "We will see."),
    ]


def test_a_moderator_closing_the_questions_and_handing_over_ends_the_exchange():
    passages = briefing(
        ("Q", "Will she meet the Prime Minister?"),
        ("SENIOR ADMINISTRATION OFFICIAL", "She will."),
        ("WHITE HOUSE AIDE", "All right. Thank you."),
        (None, "We now move to the embargoed part. I will turn it back over to our speaker."),
        ("SENIOR ADMINISTRATION OFFICIAL", "Thanks. So, tomorrow she begins with a summit."),
        title="Background Press Call by a Senior Administration Official",
    )
    assert [(p.kind, p.text[:25]) for p in passages] == [
        ("answer", "She will."),
        ("paragraph", "All right. Thank you."),
        ("paragraph", "We now move to the embarg"),
        ("paragraph", "Thanks. So, tomorrow she "),
    ]


def test_a_break_announced_before_the_next_question_is_no_part_of_it():
    passages = briefing(
        ("Question (CNN)", "What did the election teach you?"),
        ("Barack Obama", "Humility."),
        ("Question (CNN)", "We'll take a short break and be right back. (COMMERCIAL BREAK)"),
        ("Question (CNN)", "Welcome back. Should the campaign have done more?"),
        ("Barack Obama", "Perhaps."),
        title="Interview with CNN",
        kind="interview",
    )
    assert passages[-1].question == "Welcome back. Should the campaign have done more?"
    assert passages[1].kind == "paragraph"


def test_a_second_journalist_glued_to_the_interviewees_words_asks():
    passages = passages_of(
        ("Question (ft.com)", "I have one last question."),
        ("Vladimir Putin", "Please, go ahead.Ann Lee: Mr President, is the liberal idea obsolete?"),
        ("Vladimir Putin", "It has outlived its purpose."),
        **_PUTIN_INTERVIEW,
        title="Interview to the Financial Times",
        date=date(2019, 6, 27),
        source="t.json",
        asker="ft.com",
    )
    answer = passages[-1]
    assert (answer.kind, answer.question, answer.asker) == (
        "answer",
        "Mr President, is the liberal idea obsolete?",
        "Ann Lee",
    )
    assert ("paragraph", "Please, go ahead.") in [(p.kind, p.text) for p in passages]


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=160)


@given(_TEXT)
def test_any_turn_gets_a_verdict_and_a_call_on_names_words_of_the_turn(text):
    called = call_on(text, whole_turn=True)
    assert is_call_on_turn(text) in (True, False)
    flat = " ".join(text.split())
    if called is not None:
        assert called.name is None or called.name in flat
        assert called.outlet is None or called.outlet in flat


@given(_TEXT, st.booleans())
def test_the_words_around_an_exchange_get_a_verdict_on_any_text(text, after_check):
    paragraphs = [p for p in text.split("\n") if p.strip()]
    for verdict in (
        is_line_check(paragraphs, after_check),
        wraps_up(paragraphs),
        opens_with_thanks(paragraphs),
        is_courtesy(paragraphs),
    ):
        assert verdict in (True, False)
