"""The shaper's rules, one behaviour per test, on small transcripts of our own."""

from datetime import date

from indexer.model import Block, SourceDocument, passage_key
from indexer.speakers import default_registry
from indexer.transcript import shape, split_labels


def shaped(*paragraphs: str, title: str = "Sergey Lavrov's interview with Interfax, May 5, 2021"):
    source = SourceDocument(
        title=title,
        date=date(2021, 5, 5),
        source="test.txt",
        blocks=tuple(Block(None, p) for p in paragraphs),
        publisher="Test Ministry",
    )
    return shape(source, default_registry())


def test_unlabelled_paragraph_continues_last_speaker():
    _, passages = shaped("Question: Why?", "Sergey Lavrov: Because.", "And also this.")
    [answer] = passages
    assert answer.text == "Because.\n\nAnd also this."


def test_question_is_paired_with_the_answer_that_follows():
    _, [answer] = shaped("Question: Why?", "Sergey Lavrov: Because.")
    assert (answer.kind, answer.speaker, answer.question, answer.asker) == (
        "answer",
        "Sergey Lavrov",
        "Why?",
        "Interfax",
    )


def test_inline_labels_split_a_paragraph():
    _, [answer] = shaped("Question: Is it acceptable? Sergey Lavrov: No, it is not.")
    assert answer.question == "Is it acceptable?"
    assert answer.text == "No, it is not."


def test_several_questions_in_a_row_share_one_answer():
    _, [answer] = shaped("Q: First?", "Q: And second?", "A: One answer to both.")
    assert answer.question == "First?\n\nAnd second?"
    assert answer.speaker == "Sergey Lavrov"  # "A:" is the interviewee named in the title


def test_each_official_answering_keeps_the_question():
    _, passages = shaped("Question: What next?", "Sergey Lavrov: Talks.", "Maria Zakharova: Yes.")
    assert [(p.speaker, p.question) for p in passages] == [
        ("Sergey Lavrov", "What next?"),
        ("Maria Zakharova", "What next?"),
    ]


def test_speech_without_labels_is_paragraphs_of_the_titles_speaker():
    _, passages = shaped("First point.", "Second point.", title="Article by Vladimir Putin")
    assert [(p.kind, p.speaker, p.position) for p in passages] == [
        ("paragraph", "Vladimir Putin", 1),
        ("paragraph", "Vladimir Putin", 2),
    ]


def test_title_with_no_person_belongs_to_the_publisher():
    document, [passage] = shaped("We stand firm.", title="Russia's position on the UN")
    # The publisher is shown, as the passage's role: it is no speaker record of its own.
    assert (passage.speaker, passage.role, passage.shown_speaker) == (
        "",
        "Test Ministry",
        "Test Ministry",
    )
    assert document.speakers == ()
    assert document.kind == "position paper"


def test_a_question_left_unanswered_is_kept_as_a_question():
    title = "Sergey Lavrov's press conference"
    _, passages = shaped("Sergey Lavrov: Thank you.", "Question: One more?", title=title)
    assert [p.kind for p in passages] == ["paragraph", "question"]
    assert passages[1].text == "One more?"
    # Nobody said who asked: no speaker record, and the turn shown for what it is.
    assert (passages[1].speaker, passages[1].shown_speaker) == ("", "Unnamed questioner")


def test_a_clock_or_a_note_is_not_a_speaker():
    assert split_labels(Block(None, "Moscow: 16:04"), default_registry())[0].label is None
    assert split_labels(Block(None, "Note: see above."), default_registry())[0].label is None


def test_unknown_capitalised_names_are_labels_at_paragraph_start():
    [block] = split_labels(Block(None, "Fyodor Lukyanov: Good evening."), default_registry())
    assert block == Block("Fyodor Lukyanov", "Good evening.")


def test_ids_are_readable_and_keyed_on_opening_words():
    document, passages = shaped("Question: Why?", "Sergey Lavrov: Because.")
    assert document.id == "2021-05-05-lavrov-interfax"
    assert passages[0].id == f"2021-05-05-lavrov-interfax-{passage_key('Because.')}"


def test_an_outlet_label_asks_a_question_in_its_own_name():
    _, [answer] = shaped(
        "TASS: Will there be talks?",
        "Vladimir Putin: Perhaps.",
        title="News conference, May 5, 2021",
    )
    assert (answer.kind, answer.asker, answer.speaker) == ("answer", "TASS", "Vladimir Putin")


def test_a_reader_can_state_speaker_kind_and_asker():
    source = SourceDocument(
        title="Regular press conference",
        date=date(2022, 3, 1),
        source="t.csv",
        blocks=(Block("Question", "Any comment?"), Block("Answer", "We call for calm.")),
        kind="press conference",
        speaker="Wang Wenbin",
        asker="Reuters",
    )
    document, [answer] = shape(source, default_registry())
    assert document.kind == "press conference"
    assert (answer.speaker, answer.asker) == ("Wang Wenbin", "Reuters")
    assert document.id == "2022-03-01-wang-regular-conference"


def test_russian_turns_marked_inline_with_initial_and_surname_are_split():
    text = (
        "В.Путин : Уважаемый господин Президент! Рад вас видеть. И.Руденя : Спасибо. "
        "В.Путин : Пожалуйста."
    )
    _, passages = shaped(text, title="Встреча с губернатором Тверской области")
    assert [(p.speaker, p.text) for p in passages] == [
        ("Vladimir Putin", "Уважаемый господин Президент! Рад вас видеть."),
        ("И.Руденя", "Спасибо."),
        ("Vladimir Putin", "Пожалуйста."),
    ]


def test_a_follow_up_is_a_question_from_whoever_asked_last():
    _, passages = shaped(
        "Reuters: Will you go?",
        "Sergey Lavrov: Yes.",
        "Follow-up: When?",
        "Sergey Lavrov: Soon.",
        "Foreign Journalist: Why?",
        "Sergey Lavrov: Because.",
    )
    assert [(p.question, p.asker) for p in passages] == [
        ("Will you go?", "Reuters"),
        ("When?", "Reuters"),
        ("Why?", "Interfax"),
    ]


def test_a_bold_note_is_not_a_speaker():
    [block] = split_labels(Block("Note", "the transcript is unofficial."), default_registry())
    assert block == Block(None, "Note: the transcript is unofficial.")
