"""A press service's account of an event is the publisher's paragraph: rules over its shape."""

from datetime import date

import pytest

from indexer.narration import is_narration
from tests.transcripts import passages_of


@pytest.mark.parametrize(
    ("paragraph", "narrates"),
    [
        ("Владимир Путин ещё раз выразил искренние соболезнования в связи с гибелью людей.", True),
        ("Президент поблагодарил командиров и весь личный состав подразделений.", True),
        ("Лидеры выразили удовлетворение достигнутым уровнем отношений.", True),
        ("Vladimir Putin expressed condolences over the deaths in the port.", True),
        ("The two leaders discussed the situation in Syria.", True),
        ("The President stressed that the plan is on track.", True),
        # Anyone speaking in the first person is speaking, not narrated.
        ("We discussed the situation with Nagorno-Karabakh.", False),
        ("Vladimir Putin expressed condolences. I am sure we will help.", False),
        ("Мы обсудили ситуацию в регионе.", False),
        # Sentences that name nobody doing anything, or quote somebody.
        ("Обязательно. Конечно. Как договорились.", False),
        ("The Government adopted the plan.", False),
        ("Thank you.", False),
        ("«Владимир Путин выразил соболезнования», — сказал он.", False),
    ],
)
def test_narration_is_third_person_doing_or_reporting(paragraph, narrates):
    assert is_narration(paragraph) is narrates


def shaped(*paragraphs: str, title: str, kind: str | None = None):
    return passages_of(
        *((None, p) for p in paragraphs),
        title=title,
        date=date(2025, 2, 20),
        source="t.csv",
        kind=kind,
        language="ru",
        publisher="Президент России",
    )


def test_the_press_services_account_is_the_publishers_the_speech_the_speakers():
    passages = shaped(
        "Президент поблагодарил командиров и весь личный состав подразделений.",
        "Спасибо вам за службу. Я горжусь вами.",
        title="Владимир Путин поговорил по телефону с командирами подразделений",
    )
    assert [p.shown_speaker for p in passages] == ["Президент России", "Vladimir Putin"]
    assert passages[0].speaker == ""  # the publisher is no speaker record


def test_a_speech_is_its_speakers_own_words_even_in_the_third_person():
    [passage] = shaped(
        "Президент подчеркнул важность работы.", title="Выступление Владимира Путина", kind="speech"
    )
    assert passage.speaker == "Vladimir Putin"
