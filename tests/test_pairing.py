"""Who answers whom: the pairing rules the attribution audit asked for, on our own transcripts."""

from datetime import date
from typing import Any

from indexer.model import Block, Passage, SourceDocument
from indexer.speakers import default_registry
from indexer.transcript import shape
from tests import transcripts


def passages_of(
    *blocks: tuple[str | None, str], publisher: str = "Test Ministry", **document: Any
) -> list[Passage]:
    """The shaper's passages of a test transcript of 5 May 2021 (`document`: title, kind, ...)."""
    return transcripts.passages_of(
        *blocks, date=date(2021, 5, 5), source="test.txt", publisher=publisher, **document
    )


def interview(*blocks: tuple[str | None, str]):
    return passages_of(*blocks, title="Interview with CNN", speaker="Barack Obama")


def summary(passages) -> list[tuple[str, str, str | None]]:
    return [(p.kind, p.text, p.question) for p in passages]


def test_an_interviewers_right_inside_an_answer_is_no_new_question():
    passages = interview(
        ("Question (CNN)", "Our campaigns did it, but..."),
        ("Barack Obama", "It's interesting, then..."),
        ("Question (CNN)", "Right."),
        ("Barack Obama", "... partly, you're just constrained by time."),
    )
    assert summary(passages) == [
        ("answer", "It's interesting, then...", "Our campaigns did it, but..."),
        ("paragraph", "Right.", None),
        ("answer", "... partly, you're just constrained by time.", "Our campaigns did it, but..."),
    ]
    # The interviewer's "Right.", an outlet's turn: no speaker record, the outlet as its role.
    assert (passages[1].speaker, passages[1].role) == ("", "CNN")


def test_words_the_answer_takes_up_are_no_new_question():
    passages = interview(
        ("Question (CNN)", "What about the weapons?"),
        ("Barack Obama", "We have to keep them from these maniacs."),
        ("Question (CNN)", "Some that have them."),
        ("Barack Obama", "We have to keep them -- and some that have them -- away."),
    )
    assert passages[-1].question == "What about the weapons?"


def test_a_short_prompt_the_answer_replies_to_is_a_question():
    passages = interview(
        ("Question (CNN)", "What about ISIS?"),
        ("Barack Obama", "They have the oil. They are building..."),
        ("Question (CNN)", "Shut off the spigot."),
        ("Barack Obama", "No, do something different."),
    )
    assert passages[-1].question == "Shut off the spigot."


def test_a_thank_you_is_no_answer_and_leaves_the_question_unanswered():
    passages = passages_of(
        ("Q", "Is it a hypothetical question?"),
        ("MS. JEAN-PIERRE", "Thanks, Admiral."),
        ("MS. JEAN-PIERRE", "Happy holidays.\n\nGo ahead, Zeke."),
        ("Q", "Will he hold a press conference?"),
        ("MS. JEAN-PIERRE", "Not this year."),
        title="Press Briefing by Press Secretary Karine Jean-Pierre",
    )
    assert [(p.kind, p.text) for p in passages[:3]] == [
        ("question", "Is it a hypothetical question?"),
        ("paragraph", "Thanks, Admiral."),
        ("paragraph", "Happy holidays.\n\nGo ahead, Zeke."),
    ]
    assert passages[3].question == "Will he hold a press conference?"


def test_an_introduction_answered_with_a_greeting_is_left_unanswered():
    passages = interview(
        ("Question (CNN)", "Barack Obama joins us. Good evening."),
        ("Barack Obama", "Hello, Jake."),
        ("Question (CNN)", "What comes next?"),
        ("Barack Obama", "Work."),
    )
    assert summary(passages) == [
        ("question", "Barack Obama joins us. Good evening.", None),
        ("paragraph", "Hello, Jake.", None),
        ("answer", "Work.", "What comes next?"),
    ]


def test_mm_hm_while_the_reporter_goes_on_asking_is_no_answer():
    passages = passages_of(
        ("Q", "He did not mention the word Trump."),
        ("MS. PSAKI", "Mm-hm."),
        ("Q", "What was the intention?"),
        ("MS. PSAKI", "To look forward."),
        title="Press Briefing by Press Secretary Jen Psaki",
    )
    asked = "He did not mention the word Trump.\n\nWhat was the intention?"
    assert summary(passages)[-1] == ("answer", "To look forward.", asked)


def test_at_a_direct_line_the_person_named_before_the_president_asks():
    passages = passages_of(
        ("Dmitry Kaistro", "We are at the landfill."),
        ("Yelena Mikhailenko", "Hello!\n\nTurning to you is our last hope."),
        ("Vladimir Putin", "This is a very sensitive issue."),
        ("Viktor Vlasov", "Let us begin with the road."),
        ("Pavel Zarubin", "You cannot build a road there?"),
        ("Viktor Vlasov", "No, the law prohibits it."),
        ("Vladimir Putin", "We were in Balashikha only recently."),
        title="Direct Line with Vladimir Putin",
        kind="direct line",
    )
    assert [(p.kind, p.speaker, p.asker) for p in passages] == [
        ("paragraph", "Dmitry Kaistro", None),
        ("answer", "Vladimir Putin", "Yelena Mikhailenko"),
        ("answer", "Vladimir Putin", "Viktor Vlasov"),
    ]
    assert passages[1].question == "Hello!\n\nTurning to you is our last hope."
    assert passages[2].question.startswith("Let us begin with the road.\n\nYou cannot build")


def test_named_people_at_a_working_meeting_ask_nothing():
    passages = passages_of(
        ("Ivan Petrov", "The harvest is in."),
        ("Vladimir Putin", "Good."),
        title="Meeting with farmers",
        kind="meeting",
    )
    assert [p.kind for p in passages] == ["paragraph", "paragraph"]


def test_a_remark_from_the_floor_asks_nothing_at_a_meeting():
    passages = passages_of(
        ("Реплика", "Спасибо."),
        ("В.Путин", "Хорошо. Давайте посмотрим, что там."),
        title="Совещание с членами Правительства",
    )
    assert [(p.kind, p.question) for p in passages] == [("paragraph", None), ("paragraph", None)]


def test_a_caller_glued_to_the_hosts_sentence_asks_in_their_own_name():
    passages = passages_of(
        ("Question (NPR)", "Michael, your question for President Putin.caller: Good evening."),
        ("Vladimir Putin", "Good evening.caller: What is the most important thing?"),
        ("Vladimir Putin", "Well, of course I have been asked."),
        title="Vladimir Putin interview with NPR",
        speaker="Vladimir Putin",
    )
    answer = passages[-1]
    assert (answer.question, answer.asker) == ("What is the most important thing?", None)


def test_the_interviewees_initials_label_his_words():
    passages = passages_of(
        ("Question (FT)", "What are those advisers doing?VP:\u00a0I will say this now."),
        ("Question (FT)", "Let us talk about Europe?"),
        ("Vladimir Putin", "Listen, all this fuss."),
        title="Vladimir Putin interview with FT",
        speaker="Vladimir Putin",
    )
    assert summary(passages) == [
        ("answer", "I will say this now.", "What are those advisers doing?"),
        ("answer", "Listen, all this fuss.", "Let us talk about Europe?"),
    ]


def test_a_telephone_readout_is_the_publishers_not_the_callers():
    [passage] = passages_of(
        (None, "Выразив удовлетворение уровнем отношений, лидеры обсудили планы."),
        title="Телефонный разговор с Президентом Таджикистана Эмомали Рахмоном",
        publisher="Президент России",
    )
    assert (passage.speaker, passage.shown_speaker) == ("", "Президент России")


def conference(*blocks: tuple[str | None, str]):
    return passages_of(
        *blocks, title="Vladimir Putin’s annual news conference", kind="press conference"
    )


# A big news conference: journalists speak under their names, the press secretary hands on.
FLOOR = [
    ("Dmitry Peskov", "ITAR-TASS, please."),
    ("Anna Ivanova", "Mr President, my name is Anna Ivanova, Volgograd. The plant?"),
    ("Vladimir Putin", "In which year was it shut down?"),
    ("Remark", "In 1998, unfortunately."),
    ("Vladimir Putin", "That was twenty years ago. We will look into it."),
    ("Boris Petrov", "Good afternoon. My name is Boris Petrov, Zvezda. A flax company?"),
    ("Vladimir Putin", "A company?"),
    ("Boris Petrov", "Yes. It has built a cycle."),
    ("Vladimir Putin", "I see. I will ask the Government."),
    ("Dmitry Peskov", "Let us go to this sector."),
    ("Clara Orlova", "My question is about schools. Will they be repaired?"),
    ("Vladimir Putin", "They will."),
    ("Denis Sokolov", "Mr President, the roads in our region are bad."),
    ("Vladimir Putin", "I know."),
]


def test_at_a_news_conference_each_journalist_asks_and_only_the_president_answers():
    passages = conference(*FLOOR)
    answers = [(p.speaker, p.asker, p.question[:20]) for p in passages if p.kind == "answer"]
    assert answers == [
        ("Vladimir Putin", "Anna Ivanova", "Mr President, my nam"),
        # The remark answering the President's own question is what he then takes up.
        ("Vladimir Putin", None, "In 1998, unfortunate"),
        ("Vladimir Putin", "Boris Petrov", "Good afternoon. My n"),
        ("Vladimir Putin", "Boris Petrov", "Good afternoon. My n"),
        ("Vladimir Putin", "Clara Orlova", "My question is about"),
        ("Vladimir Putin", "Denis Sokolov", "Mr President, the ro"),
    ]
    others = [(p.speaker, p.kind) for p in passages if p.speaker != "Vladimir Putin"]
    # The press secretary's call-ons and the journalist's own reply are never answers.
    assert ("Dmitry Peskov", "answer") not in others and ("Boris Petrov", "answer") not in others


def test_a_remark_from_the_floor_is_the_question_of_one_answer_only():
    passages = passages_of(
        ("Remark", "And the roads?"),
        ("Vladimir Putin", "We will fix them."),
        ("Vladimir Putin", "Now, about the budget: it is balanced."),
        title="Vladimir Putin’s annual news conference",
        kind="press conference",
    )
    assert [(p.kind, p.question) for p in passages] == [
        ("answer", "And the roads?"),
        ("paragraph", None),
    ]


def test_an_interrupted_question_goes_on_after_the_answer_it_cut_off():
    passages = passages_of(
        ("Q", "Has anyone been held accountable for giving the President a wrong view —"),
        ("MR. KIRBY", "I don’t —"),
        ("Q", "— about how things were turning out on the ground?"),
        ("MR. KIRBY", "It’s a mosaic. It’s really hard."),
        title="Press Briefing by John Kirby",
        kind="briefing",
    )
    assert [(p.kind, p.text) for p in passages] == [
        ("paragraph", "I don’t —"),
        ("answer", "It’s a mosaic. It’s really hard."),
    ]
    assert passages[-1].question.startswith("Has anyone been held accountable")
    assert passages[-1].question.endswith("— about how things were turning out on the ground?")


def test_a_reporters_go_ahead_inside_an_answer_is_no_new_question():
    passages = passages_of(
        ("Q", "On OPEC+, can the United States do anything?"),
        ("MS. DALTON", "Well, look — did you specifically mention Saudi Arabia?"),
        ("Q", "Go ahead. Yeah."),
        ("MS. DALTON", "I heard somebody mention Saudi Arabia."),
        title="Press Gaggle by Olivia Dalton",
        kind="briefing",
    )
    assert [p.question for p in passages if p.kind == "answer"] == [
        "On OPEC+, can the United States do anything?"
    ] * 2
    assert passages[1].kind == "paragraph"


def briefing_passages(*blocks: tuple[str | None, str]):
    return passages_of(*blocks, title="Press Briefing by Press Secretary Jen Psaki",
                       publisher="The White House", kind="briefing")  # fmt: skip


def test_a_question_cut_by_yeah_and_taken_up_is_one_question():
    # The briefing of 2021-10-04: "Yeah." inside a question that breaks off and goes on.
    passages = briefing_passages(
        ("Q", "Thank you so much, Jen.  Thank you.  For international visitors —"),
        ("MS. PSAKI", "Yeah."),
        ("Q", "— the administration is looking at the CDC to guide which vaccines will be "
              "accepted.  Will there be any change to this guidance?"),
        ("MS. PSAKI", "I would point to the CDC."),
    )  # fmt: skip
    assert summary(passages) == [
        ("paragraph", "Yeah.", None),
        ("answer", "I would point to the CDC.",
         "Thank you so much, Jen.  Thank you.  For international visitors —\n\n— the "
         "administration is looking at the CDC to guide which vaccines will be accepted.  Will "
         "there be any change to this guidance?"),
    ]  # fmt: skip


def test_a_question_cut_several_times_is_one_question_quoted_from_its_start():
    passages = briefing_passages(
        ("Q", "So, if it’s about one industry, that is —"),
        ("MS. PSAKI", "Yeah."),
        ("Q", "— viewed differently than chips or any other industry."),
        ("MS. PSAKI", "Say —"),
        ("Q", "I’m saying, there’s been a lot of investment in other industries —"),
        ("MS. PSAKI", "Yeah."),
        ("Q", "— beyond that one."),
        ("MS. PSAKI", "Yeah."),
        ("Q", "Those investments are not at risk, or they shouldn’t rethink those —"),
        ("MS. PSAKI", "Well —"),
        ("Q", "— as a result of the decision?"),
        ("MS. PSAKI", "I mean, let’s step back."),
    )
    answers = [(p.text, p.question) for p in passages if p.kind == "answer"]
    assert len(answers) == 1
    assert answers[0][0] == "I mean, let’s step back."
    assert answers[0][1].startswith("So, if it’s about one industry, that is —")
    assert answers[0][1].endswith("— as a result of the decision?")


def test_a_whole_reply_inside_a_question_still_answers():
    # "Yeah." between two whole sentences, or a reply in its own right, answers what was said.
    passages = briefing_passages(
        ("Q", "Thank you, Jen. There was a U.N. Security Council meeting today."),
        ("MS. PSAKI", "Yeah."),
        ("Q", "Russia’s ambassador said the troops are no threat. Is that right?"),
        ("MS. PSAKI", "Well, those are the two countries that voted against it."),
    )
    assert [p.question for p in passages if p.kind == "answer"][-1].startswith("Russia’s")


def test_a_clarifying_question_inside_a_question_answers_nothing():
    passages = passages_of(
        (
            "Question",
            "A question on Syria. How do you assess the situation there? Also, media "
            "showed photos of a visit by military specialists.",
        ),
        ("Vladimir Putin", "A visit where?"),
        ("Question", "To their positions. Does Russia not fear a reaction from Turkey?"),
        ("Vladimir Putin", "Let me start with the final part of your question."),
        title="Answers to journalists’ questions",
        speaker="Vladimir Putin",
        kind="press conference",
    )
    assert summary(passages)[0] == ("paragraph", "A visit where?", None)
    [answer] = [p for p in passages if p.kind == "answer"]
    assert answer.question.startswith("A question on Syria.")
    assert answer.question.endswith("Does Russia not fear a reaction from Turkey?")


def test_two_people_turn_and_turn_about_one_asking_is_an_interview():
    # A page whose title says only "Answers to a journalist's questions": the shape tells.
    source = SourceDocument(
        title="Ответы на вопросы журналиста",
        date=date(2025, 2, 24),
        source="rows.csv",
        publisher="Президент России",
        blocks=(
            Block("А.Иванов", "Владимир Владимирович, как Вы оцениваете эти переговоры?"),
            Block("В.Путин", "Положительно, это шаг вперёд."),
            Block("А.Иванов", "Хотелось попросить прокомментировать ещё несколько заявлений."),
            Block("В.Путин", "Но не все, ладно?"),
            Block("А.Иванов", "Но не все. Он, например, предложил сократить бюджеты. Как Вам?"),
            Block("В.Путин", "Знаю, могу догадываться, на чём это основано."),
        ),
    )
    document, passages = shape(source, default_registry())
    assert document.kind == "interview"
    answers = [(p.text, p.question[:20], p.asker) for p in passages if p.kind == "answer"]
    assert answers == [
        ("Положительно, это шаг вперёд.", "Владимир Владимирови", "А.Иванов"),
        ("Знаю, могу догадываться, на чём это основано.", "Хотелось попросить п", "А.Иванов"),
    ]
    # The President's quip inside the question, which the journalist takes up, answers nothing.
    assert ("paragraph", "Но не все, ладно?") in [(p.kind, p.text) for p in passages]


def test_two_officials_talking_is_no_interview():
    source = SourceDocument(
        title="Владимир Путин и губернатор Иванов",
        date=date(2025, 2, 24),
        source="rows.csv",
        publisher="Президент России",
        blocks=(
            Block("А.Иванов", "Мы построили две школы."),
            Block("В.Путин", "Хорошо. А больницы?"),
            Block("А.Иванов", "Одну, в этом году."),
            Block("В.Путин", "Нужно ещё."),
        ),
    )
    document, passages = shape(source, default_registry())
    assert document.kind != "interview"
    assert not [p for p in passages if p.kind == "answer"]


def test_a_sign_off_nobody_answers_is_no_question():
    passages = interview(
        ("Question (CNN)", "Will you run again?"),
        ("Barack Obama", "No."),
        ("Question (CNN)", "Thank you Mr. President for this interview."),
    )
    assert summary(passages)[-1] == (
        "paragraph",
        "Thank you Mr. President for this interview.",
        None,
    )


def test_an_outlet_named_alone_before_the_question_is_the_askers_outlet():
    passages = passages_of(
        ("Question", "Interfax. A question for the President. Will the talks go on?"),
        ("Vladimir Putin", "They will."),
        title="News conference following talks",
        speaker="Vladimir Putin",
        kind="press conference",
    )
    [answer] = [p for p in passages if p.kind == "answer"]
    assert (answer.asker, answer.asker_outlet) == (None, "Interfax")
