"""The JSON turns reader: interviews as lists of speaker turns, read through a mapping."""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache

import pytest

from indexer.model import Block
from indexer.readers import json_turns
from indexer.readers.base import SourceMeta
from indexer.readers.mapping import MappingError
from indexer.speakers import default_registry
from indexer.transcript import shape
from tests.golden_io import (
    FIXTURE_CORPORA,
    SHARED_CORPORA,
    as_json,
    assert_matches_golden,
    shape_file,
)

FOLDER = FIXTURE_CORPORA / "interviews-json"
CAMPAIGN = FOLDER / "trump_campaign_corpus_first20.json"  # three of its documents
OBAMA = FOLDER / "barack_obama_interviews.json"  # the first and the third interview
SHARED = SHARED_CORPORA / "interviews-json"


def campaign_document(doc, genre="interview", people=None, **fields):
    record = {
        "date_published": "Tue Jun 16 20:31:00 -0500 2015",
        "genre": genre,
        "people": people
        or [
            {"person": "Bill O'Reilly", "role": "interviewer", "sections": 2},
            {"person": "Donald Trump", "role": "speaker", "sections": 2},
        ],
        "event": None,
        "publisher": {"show": "The O'Reilly Factor", "media_org": "Fox"},
        "location": {"venue": None, "city": None, "state": None, "country": "US"},
        "is_as_spoken": True,
        "doc": doc,
        **fields,
    }
    return record


def read(records, meta: SourceMeta | None = None):
    return json_turns.read(json.dumps(records), "interviews-json/test.json", meta or SourceMeta())


def shaped(document):
    return shape(document, default_registry())


def message(conversation, sender, outgoing, text):
    return {
        "timestamp": 1577840400.0,
        "conversationId": conversation,
        "conversationWithName": "bbc.com",
        "senderName": sender,
        "outgoing": outgoing,
        "text": text,
        "language": "en",
        "platform": "interview-transcripts",
    }


# Documents with turn lists and people with roles.


def test_interviewers_turns_are_questions_and_the_interviewees_answers():
    [document] = read(
        [
            campaign_document(
                [
                    {"person": "Bill O'Reilly", "p": ["So this is the lightning round.", "ISIS?"]},
                    {"person": "Donald Trump", "p": "I would hit them so hard."},
                ]
            )
        ]
    )
    assert document.blocks == (
        Block("Question (Bill O'Reilly)", "So this is the lightning round."),
        Block(None, "ISIS?"),
        Block("Donald Trump", "I would hit them so hard."),
    )
    _, [answer] = shaped(document)
    assert (answer.kind, answer.speaker, answer.asker) == (
        "answer",
        "Donald Trump",
        "Bill O'Reilly",
    )
    assert answer.question == "So this is the lightning round.\n\nISIS?"


def test_title_date_and_kind_come_from_the_documents_fields():
    [document] = read([campaign_document([{"person": "Donald Trump", "p": "OK."}])])
    assert document.title == "Donald Trump interview with Bill O'Reilly, The O'Reilly Factor, Fox"
    assert (document.date, document.kind) == (date(2015, 6, 16), "interview")
    assert (document.speaker, document.asker) == ("Donald Trump", "Bill O'Reilly")


def test_speech_of_one_speaker_is_paragraphs():
    speech = campaign_document(
        {"person": "Donald Trump", "p": ["Our country is in trouble.", "I am running."]},
        genre="speech",
        people=[{"person": "Donald Trump", "role": "speaker"}],
        event="Presidential Candidacy Announcement",
        is_as_spoken=False,
        publisher={"show": None, "media_org": None},
    )
    [document] = read([speech])
    assert document.title == "Donald Trump speech, Presidential Candidacy Announcement (as written)"
    _, passages = shaped(document)
    assert [(p.kind, p.speaker) for p in passages] == [("paragraph", "Donald Trump")] * 2


def test_paragraph_objects_give_their_content_and_drop_their_notes():
    [document] = read(
        [
            campaign_document(
                [
                    {"person": "Bill O'Reilly", "p": "Syria?"},
                    {
                        "person": "Donald Trump",
                        "p": [
                            "Let me say something --",
                            {"note": "CROSSTALK"},
                            {"content": "you know", "note": "INAUDIBLE"},
                        ],
                    },
                ]
            )
        ]
    )
    assert [b.text for b in document.blocks] == ["Syria?", "Let me say something --", "you know"]


def test_question_that_is_only_a_note_keeps_its_answer_apart():
    people = [{"person": "Donald Trump", "role": "speaker"}]
    [document] = read(
        [
            campaign_document(
                [
                    {"person": "Unidentified", "p": "What about Chicago?"},
                    {"person": "Donald Trump", "p": "Mixed blessing."},
                    {"person": "Unidentified", "p": {"note": "INAUDIBLE QUESTION"}},
                    {"person": "Donald Trump", "p": "Not sure."},
                ],
                genre="press conference",
                people=people,
            )
        ]
    )
    _, passages = shaped(document)
    assert [(p.question, p.text) for p in passages] == [
        ("What about Chicago?", "Mixed blessing."),
        ("[INAUDIBLE QUESTION]", "Not sure."),
    ]


def test_unnamed_speaker_asks_at_a_town_hall_but_is_the_crowd_at_a_speech():
    people = [{"person": "Donald Trump", "role": "speaker"}]
    turns = [
        {"person": "Unidentified", "p": "We want Trump."},
        {"person": "Donald Trump", "p": "Thank you."},
    ]
    town_hall, speech = read(
        [
            campaign_document(turns, genre="town hall", people=people),
            campaign_document(turns, genre="speech", people=people),
        ]
    )
    assert town_hall.blocks[0].label == "Question"
    assert speech.blocks[0].label == "Audience"
    # The crowd is nobody's speaker record: its remark shows as such, its speaker unknown.
    _, passages = shaped(speech)
    crowd = passages[0]
    assert (crowd.speaker, crowd.role, crowd.text) == (
        "",
        "Remark from the audience",
        "We want Trump.",
    )
    assert {p.speaker for p in passages} == {"", "Donald Trump"}


def test_an_interviewer_named_by_the_outlet_is_no_person():
    _, passages = shaped(
        read(
            [
                message("a", "cnn.com", False, "How was the summit?"),
                message("a", "Barack Obama", True, "It went well. We agreed on a lot."),
                message("a", "cnn.com", False, "Right."),
                message("a", "Barack Obama", True, "And there is more to do."),
            ]
        )[0]
    )
    assert [p.speaker for p in passages] == ["Barack Obama", "", "Barack Obama"]
    # The interviewer's "Right." shows the outlet as its role; the answers keep it as asker.
    assert (passages[1].role, passages[1].text) == ("cnn.com", "Right.")
    assert [p.asker for p in passages if p.kind == "answer"] == ["cnn.com", "cnn.com"]


# Message lists, one record per turn.


def test_messages_group_into_interviews_and_outgoing_false_marks_the_interviewer():
    documents = read(
        [
            message("a", "bbc.com", False, "Welcome."),
            message("a", "Barack Obama", True, "Thank you."),
            message("b", "bbc.com", False, "Second interview?"),
            message("b", "Barack Obama", True, "Yes."),
        ]
    )
    assert [d.title for d in documents] == ["Barack Obama interview with bbc.com"] * 2
    assert documents[0].blocks == (
        Block("Question (bbc.com)", "Welcome."),
        Block("Barack Obama", "Thank you."),
    )
    assert (documents[0].date, documents[0].kind, documents[0].speaker) == (
        None,
        "interview",
        "Barack Obama",
    )


# Choosing a mapping.


def test_profile_can_name_the_mapping_and_it_must_fit():
    meta = SourceMeta(options={"mapping": "campaign-documents"})
    with pytest.raises(MappingError, match="campaign-documents"):
        read([message("a", "bbc.com", False, "Welcome.")], meta)


def test_profile_can_give_its_own_mapping_inline():
    mapping = {
        "documents": "interviews",
        "turns": "turns",
        "speaker": "who",
        "text": "said",
        "asker_when": {"role": "host"},
        "title": "{name}",
    }
    data = {
        "interviews": [
            {
                "name": "Talk",
                "turns": [
                    {"who": "Ann", "role": "host", "said": "Why?"},
                    {"who": "Bob", "said": "Because."},
                ],
            }
        ]
    }
    [document] = read(data, SourceMeta(options={"mapping": mapping}))
    assert document.title == "Talk"
    assert document.blocks == (Block("Question (Ann)", "Why?"), Block("Bob", "Because."))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (json.dumps([campaign_document([{"person": "A", "p": "x"}])]), True),
        (json.dumps([message("a", "bbc.com", False, "Hi.")]), True),
        (json.dumps([{"question": "Why?", "answer": "Because."}]), False),
        ('{"doc": "not turns"}', False),
        ("Question: Why? Answer: Because.", False),
        ("[not json", False),
    ],
)
def test_sniff_accepts_json_whose_keys_fit_a_known_mapping(text, expected):
    assert json_turns.sniff("x.json", text) is expected


# Real files.


@cache
def read_file(path, root=FIXTURE_CORPORA):
    """A corpus file read and shaped once for all the tests that look at it."""
    return shape_file(path, root, json_turns)


def test_campaign_documents_match_golden_file():
    # A short interview, a press conference with unnamed reporters, a speech as one turn
    # (documents 7, 12 and 13 of the shared file).
    picked = read_file(CAMPAIGN)
    assert [d.kind for d, _ in picked] == ["interview", "press conference", "speech"]
    assert_matches_golden(as_json(picked), "json_turns/trump_campaign_corpus.json")


def test_interview_messages_match_golden_file():
    documents = read_file(OBAMA)
    assert [d.title for d, _ in documents] == [
        "Barack Obama interview with bbc.com",
        "Barack Obama interview with abcnews.go.com",
    ]
    assert_matches_golden(as_json(documents[:1]), "json_turns/barack_obama_interviews.json")


@pytest.mark.corpora
def test_every_campaign_document_is_read_with_distinct_titles():
    documents = read_file(SHARED / "trump_campaign_corpus_first20.json", SHARED_CORPORA)
    assert len(documents) == 19
    assert len({(d.date, d.title) for d, _ in documents}) == 19


@pytest.mark.parametrize(
    ("paths", "root", "interviews"),
    [
        ([OBAMA], FIXTURE_CORPORA, 2),
        pytest.param(
            [SHARED / "vladimir_putin_interviews.json", SHARED / "barack_obama_interviews.json"],
            SHARED_CORPORA,
            3,
            marks=pytest.mark.corpora,
        ),
    ],
)
def test_every_message_becomes_part_of_a_passage(paths, root, interviews):
    for path in paths:
        messages = json.loads(path.read_text(encoding="utf-8"))
        documents = read_file(path, root)
        assert len(documents) == interviews
        passages = [p for _, ps in documents for p in ps]
        said = " ".join(" ".join(f"{p.question or ''} {p.text}" for p in passages).split())
        # Word by word, as the reader makes odd spaces plain; a message holding a label glued to
        # a sentence ("...Caracas?VP: I will say", "go ahead.Henry Foy: Mr President") is
        # checked piece by piece, as it is split.
        glued = r"(?<=[.?!])(?:\s*(?:caller|VP)|[A-Z][a-z'’]+(?: [A-Z][a-z'’]+){1,2}):"
        pieces = [
            " ".join(piece.split())[:80] for m in messages for piece in re.split(glued, m["text"])
        ]
        assert [text for text in pieces if text not in said] == []


def test_answer_inside_an_interviewers_message_is_split_off():
    documents = read_file(OBAMA)
    first = documents[1][1][0]
    assert first.question.endswith("you're going to miss this short commute.")
    assert first.text.startswith("[laughs] I am, it's one of the biggest benefits")
    assert (first.speaker, first.asker) == ("Barack Obama", "abcnews.go.com")
