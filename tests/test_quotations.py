"""A message or address a publisher's report quotes whole is the words of the one whose it is."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from indexer.model import Block, SourceDocument
from indexer.pairing import Turn
from indexer.quotations import quoted_turns
from indexer.speakers import default_registry
from indexer.transcript import shape
from tests.transcripts import passages_of

KREMLIN = "President of Russia"


def shaped(*paragraphs: str, title: str, day: date, publisher: str = KREMLIN, kind="message"):
    passages = passages_of(
        *((None, p) for p in paragraphs),
        title=title,
        date=day,
        source="t.html",
        kind=kind,
        publisher=publisher,
        labels_marked=True,
        language="ru" if publisher == "Президент России" else "en",
        # As the Kremlin reader says of a news item: its unlabelled text is the publisher's.
        speaker=publisher if publisher == KREMLIN else None,
    )
    return [(p.speaker, p.text) for p in passages]


def test_the_message_a_report_quotes_is_its_senders_words():
    assert shaped(
        "The message said, in part:",
        "“I fully agree with you on the importance of the agreements reached in Slovenia.",
        "“I am looking forward to our new meeting in Genoa.”",
        "The two Presidents also discussed the situation in the Balkans.",
        title="President Vladimir Putin sent a response to a message from US President George Bush",
        day=date(2001, 7, 14),
    ) == [
        ("", "The message said, in part:"),
        (
            "Vladimir Putin",
            "“I fully agree with you on the importance of the agreements reached in Slovenia.",
        ),
        ("Vladimir Putin", "“I am looking forward to our new meeting in Genoa.”"),
        ("", "The two Presidents also discussed the situation in the Balkans."),
    ]


def test_a_quotation_opening_in_its_introduction_runs_to_its_closing_mark():
    assert shaped(
        "Text of the address: “Dear Chinese friends,",
        "This year we are celebrating the anniversary of the Great Victory.",
        "I hope that this publication will be interesting to readers.”",
        title="Vladimir Putin addressed Chinese readers",
        day=date(2005, 6, 22),
    ) == [
        ("", "Text of the address:"),
        ("Vladimir Putin", "“Dear Chinese friends,"),
        ("Vladimir Putin", "This year we are celebrating the anniversary of the Great Victory."),
        ("Vladimir Putin", "I hope that this publication will be interesting to readers.”"),
    ]


def test_a_page_naming_nobody_quotes_the_office_its_publisher_is_held_by_that_day():
    paragraphs = ("The telegram reads, in part:", "“You are known as an outstanding scientist.”")
    title = "Congratulations to an academician on his 85th birthday"
    assert shaped(*paragraphs, title=title, day=date(2010, 6, 8))[1][0] == "Dmitry Medvedev"
    assert shaped(*paragraphs, title=title, day=date(2017, 6, 8))[1][0] == "Vladimir Putin"
    # An undated page: nobody can say who held the office.
    assert shaped(*paragraphs, title=title, day=None)[1][0] == ""


def test_a_russian_message_quoted_inside_its_introduction():
    assert shaped(
        "В поздравлении, в частности, говорится: «Пасхальные торжества озаряют нашу жизнь "
        "радостью, пробуждают „самые искренние“ чувства»",
        title="Поздравление с праздником Пасхи",
        day=date(2025, 4, 20),
        publisher="Президент России",
    ) == [
        ("", "В поздравлении, в частности, говорится:"),
        (
            "Vladimir Putin",
            "«Пасхальные торжества озаряют нашу жизнь радостью, пробуждают "
            "„самые искренние“ чувства»",
        ),
    ]


def test_the_person_the_introduction_names_says_it():
    got = shaped(
        "Recep Tayyip Erdogan said:",
        "“We are glad to welcome our Russian friends.”",
        title="President Vladimir Putin held talks in Ankara",
        day=date(2017, 9, 28),
    )
    assert got[1] == ("Recep Tayyip Erdogan", "“We are glad to welcome our Russian friends.”")


def test_what_stays_the_publishers():
    day = date(2003, 3, 3)
    title = "President Vladimir Putin visited Volgograd"
    # A quote inside the report's own sentence.
    said = "“I could be making a mistake,” he said, “but we will see.”"
    assert shaped("The President spoke to voters.", said, title=title, day=day)[1] == ("", said)
    # A quotation speaking to nobody: an inscription.
    plaque = ("The plaque reads:", "“To the heroes of Stalingrad.”")
    assert [who for who, _ in shaped(*plaque, title=title, day=day)] == ["", ""]
    # A quotation that never closes is none the page marks.
    unclosed = ("The message said, in part:", "“I am sure of it.", "The talks went on.")
    assert [who for who, _ in shaped(*unclosed, title=title, day=day)] == ["", "", ""]
    # A report about somebody else's message, whom the registry does not know: never guessed.
    other = "Prime Minister Janez Novak sent a message to President Vladimir Putin"
    sent = ("The message said:", "“I look forward to our meeting.”")
    assert [who for who, _ in shaped(*sent, title=other, day=day)] == ["", ""]


def test_a_page_of_labelled_turns_is_left_alone():
    turns = [Turn(None, "Vladimir Putin", ["The message said:", "“We agree.”"])]
    assert quoted_turns(turns, lambda intro: "Somebody") == turns


_TEXT = st.text(alphabet=st.sampled_from(list('ab I we: “”«»"„.,\n')), max_size=40)


@given(st.lists(_TEXT, min_size=1, max_size=8), st.sampled_from([None, "Vladimir Putin"]))
def test_quoting_loses_no_words_and_makes_no_empty_turn(paragraphs, owner):
    turns = quoted_turns([Turn(None, None, list(paragraphs))], lambda intro: owner)
    assert all(t.paragraphs for t in turns)

    def words(texts):
        return re.findall(r"[^\W_]+", " ".join(texts))

    assert words(p for t in turns for p in t.paragraphs) == words(paragraphs)


def test_an_offices_own_statement_is_its_holders_that_day():
    source = SourceDocument(
        title="Заявление Президента Российской Федерации",
        date=date(2025, 4, 28),
        source="t.csv",
        publisher="Президент России",
        language="ru",
        blocks=(
            Block(
                None,
                "Вооружённые Силы завершили разгром группировки, вторгшейся на нашу территорию.",
            ),
        ),
    )
    document, [passage] = shape(source, default_registry())
    assert (passage.speaker, passage.role) == ("Vladimir Putin", "President of Russia")
    assert document.id == "2025-04-28-putin-президента-россиискои-федерации"
