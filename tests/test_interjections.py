"""Cross-talk and interruptions: a reporter's words inside an answer are no new question."""

from hypothesis import given
from hypothesis import strategies as st

from indexer.interjections import INTERJECTION_WORDS, is_interjection
from tests.test_pairing import interview, passages_of


def questions_of_answers(passages) -> list[str]:
    return [p.question for p in passages if p.kind == "answer"]


def test_talking_over_an_answer_leaves_it_answering_the_question():
    passages = interview(
        ("Question (CNN)", "Should the campaign have had an economic message?"),
        ("Barack Obama", "Look, she performed well, relative to... (CROSSTALK)"),
        ("Question (CNN)", "But setting that aside..."),
        ("Barack Obama", "But -- but -- well, the reason I say it is this."),
    )
    assert (
        questions_of_answers(passages) == ["Should the campaign have had an economic message?"] * 2
    )
    assert (passages[1].kind, passages[1].text) == ("paragraph", "But setting that aside...")


def test_finishing_the_answerers_sentence_is_no_question():
    passages = interview(
        ("Question (CNN)", "Are you worried about the party moving left?"),
        ("Barack Obama", "No. Our senators are moderates compared to..."),
        ("Question (CNN)", "Europe."),
        ("Barack Obama", "Compared to Europe. And we could win seats in the House and..."),
        ("Question (CNN)", "Which you did."),
        ("Barack Obama", "And -- and in the Senate. So I am not worried."),
    )
    assert questions_of_answers(passages) == ["Are you worried about the party moving left?"] * 3


def test_prods_after_one_word_replies_leave_the_question_open():
    passages = interview(
        ("Question (CNN)", "You never liked losing."),
        ("Barack Obama", "I never..."),
        ("Question (CNN)", "You hated it..."),
        ("Barack Obama", "No."),
        ("Question (CNN)", "You are stubborn."),
        ("Barack Obama", "I am."),
        ("Question (CNN)", "I have -- I have..."),
        ("Barack Obama", "You know -- you know what it was? I feared being dishonest more."),
    )
    assert questions_of_answers(passages) == ["You never liked losing."] * 4
    assert [p.text for p in passages if p.kind == "paragraph"] == [
        "You hated it...",
        "You are stubborn.",
        "I have -- I have...",
    ]


def test_a_reply_to_the_interjection_makes_it_a_question():
    passages = interview(
        ("Question (CNN)", "What about the weapons?"),
        ("Barack Obama", "They have the money. They are buying..."),
        ("Question (CNN)", "Cut off the money."),
        ("Barack Obama", "No, that is not enough."),
    )
    assert questions_of_answers(passages)[-1] == "Cut off the money."


def test_a_question_cut_off_before_its_question_mark_is_a_question():
    passages = interview(
        ("Question (CNN)", "Did the minister listen?"),
        ("Barack Obama", "Yes."),
        ("Question (CNN)", "Was -- was there any resistance from him or did you feel that --"),
        ("Barack Obama", "No."),
    )
    assert questions_of_answers(passages)[-1].startswith("Was -- was there any resistance")


def briefing(*blocks: tuple[str | None, str]):
    return passages_of(*blocks, title="Press Briefing by Press Secretary", kind="briefing")


def test_asking_what_the_question_was_does_not_replace_it():
    passages = briefing(
        ("Q", "On the strike, can the United States respond?"),
        ("MS. DALTON", "Well, look, again —"),
        ("Q", "What was the question?"),
        ("MS. DALTON", "It was whether we will respond. We will consult our partners."),
    )
    assert questions_of_answers(passages) == ["On the strike, can the United States respond?"] * 2


def test_a_short_reply_to_the_officials_own_aside_is_no_new_question():
    passages = briefing(
        ("Q", "Was the United States behind the strike in Baghdad?"),
        ("MR. KIRBY", "I refer you to the Pentagon.\n\nBut didn’t you ask me this yesterday?"),
        ("Q", "I did not. (Inaudible.)"),
        ("MR. KIRBY", "Somebody did."),
    )
    assert (
        questions_of_answers(passages)
        == ["Was the United States behind the strike in Baghdad?"] * 2
    )


def test_the_reply_to_a_clarifying_question_is_what_the_answer_takes_up():
    passages = passages_of(
        ("Question", "Experts signed a statement on the detention. What is your comment?"),
        ("Geng Shuang", "Who signed it?"),
        ("Question", "Some academics."),
        ("Geng Shuang", "I have not seen it."),
        title="Foreign Ministry Spokesperson's Regular Press Conference",
        kind="press conference",
    )
    assert questions_of_answers(passages)[-1] == "Some academics."


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)


@given(_TEXT, _TEXT, _TEXT)
def test_any_text_gets_a_verdict_and_long_turns_are_never_interjections(said, last, following):
    verdict = is_interjection(said, last, following)
    assert verdict in (True, False)
    long_turn = " ".join(["word"] * (INTERJECTION_WORDS + 1)) + "..."
    assert not is_interjection(long_turn, last, following)
    # A turn taking up what the answer cut off goes on with the question.
    assert not is_interjection("— " + said, last, following)
