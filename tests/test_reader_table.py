"""The table reader: CSV and JSONL rows read through a declarative column mapping."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from indexer.model import Block
from indexer.readers import table
from indexer.readers.base import SourceMeta
from indexer.speakers import default_registry
from indexer.transcript import shape
from tests.golden_io import (
    FIXTURE_CORPORA,
    SHARED_CORPORA,
    as_json,
    assert_matches_golden,
    shape_file,
)

CMFA_TABLE = FIXTURE_CORPORA / "cmfa" / "cmfa_ukraine_qa.csv"
RUSSIAN_PAGE = FIXTURE_CORPORA / "russian" / "kremlin_articles_ru_enhanced_part1.csv"
SEED_PAGE = Path(__file__).parent / "fixtures" / "corpus" / "seed" / "000_5405c89c347b2785.txt"

QA_HEADER = "id,link,spokesperson,day,month,year,date,question,answer,who_asked\n"


def qa_table(*rows: str) -> str:
    return QA_HEADER + "".join(row + "\n" for row in rows)


def read_qa(*rows: str, meta: SourceMeta | None = None):
    return table.read(qa_table(*rows), "cmfa/test.csv", meta or SourceMeta())


def shaped(document):
    return shape(document, default_registry())


# Question/answer tables.


def test_row_is_a_question_by_its_outlet_and_the_spokespersons_answer():
    [document] = read_qa("1,http://a,Wang Wenbin,1,March,2022,2022-03-01,Will you?,We will.,AFP")
    assert document.blocks == (
        Block("Question (AFP)", "Will you?"),
        Block("Wang Wenbin", "We will."),
    )
    _, [answer] = shaped(document)
    assert (answer.kind, answer.speaker, answer.asker) == ("answer", "Wang Wenbin", "AFP")
    assert (answer.question, answer.text) == ("Will you?", "We will.")


def test_rows_sharing_date_and_link_are_one_press_conference():
    documents = read_qa(
        "1,http://a,Mao Ning,2,May,2023,2023-05-02,First?,One.,TASS",
        "2,http://a,Mao Ning,2,May,2023,2023-05-02,Second?,Two.,Reuters",
        "3,http://b,Mao Ning,3,May,2023,2023-05-03,Third?,Three.,CCTV",
    )
    assert [len(d.blocks) for d in documents] == [4, 2]
    first = documents[0]
    assert (
        first.title
        == "Foreign Ministry Spokesperson Mao Ning's Regular Press Conference on May 2, 2023"
    )
    assert (first.date.isoformat(), first.url, first.speaker) == (
        "2023-05-02",
        "http://a",
        "Mao Ning",
    )
    document, passages = shaped(first)
    assert document.kind == "press conference"
    assert [(p.asker, p.text) for p in passages] == [("TASS", "One."), ("Reuters", "Two.")]


def test_unknown_asker_and_spokesperson_give_generic_labels():
    [document] = read_qa("1,http://a,missing,3,December,2002,2002-12-03,Has it?,It has not.,-")
    assert document.blocks == (Block("Question", "Has it?"), Block("Answer", "It has not."))
    assert (
        document.title
        == "Foreign Ministry Spokesperson's Regular Press Conference on December 3, 2002"
    )
    _, [answer] = shaped(document)
    assert (answer.kind, answer.asker) == ("answer", None)


def test_follow_up_is_asked_by_the_asker_before():
    [document] = read_qa(
        "1,http://a,Zhao Lijian,14,March,2022,2022-03-14,Did you?,No.,BBC",
        "2,http://a,Zhao Lijian,14,March,2022,2022-03-14,Why not?,Because.,Follow-up",
    )
    assert document.blocks[2] == Block("Question (BBC)", "Why not?")


def test_unknown_answer_leaves_the_question_standing():
    [document] = read_qa("1,http://a,Mao Ning,11,September,2023,2023-09-11,Does it help?,-,Reuters")
    assert document.blocks == (Block("Question (Reuters)", "Does it help?"),)
    _, [question] = shaped(document)
    assert (question.kind, question.asker) == ("question", "Reuters")


def test_cell_repeating_its_own_label_loses_it():
    [document] = read_qa(
        '1,http://a,Zhao Lijian,15,March,2022,2022-03-15,"Q:Is it final?","Zhao Lijian: It is."'
    )
    assert [b.text for b in document.blocks] == ["Is it final?", "It is."]


def test_paragraphs_of_a_cell_continue_its_turn():
    [document] = read_qa('1,http://a,Hua Chunying,1,May,2021,2021-05-01,Why?,"First.\n\nSecond.",-')
    assert document.blocks[1:] == (Block("Hua Chunying", "First."), Block(None, "Second."))


def test_jsonl_rows_read_like_csv_rows():
    row = {
        "id": 1,
        "link": "http://a",
        "spokesperson": "Wang Wenbin",
        "day": 1,
        "month": "March",
        "year": 2022,
        "date": "2022-03-01",
        "question": "Will you?",
        "answer": "We will.",
        "who_asked": "AFP",
    }
    assert table.sniff("qa.jsonl", json.dumps(row) + "\n")
    [document] = table.read(json.dumps(row) + "\n", "qa.jsonl", SourceMeta())
    assert document.blocks == (
        Block("Question (AFP)", "Will you?"),
        Block("Wang Wenbin", "We will."),
    )


def test_profile_can_give_its_own_mapping_inline():
    mapping = {"question": "q", "answer": "a", "speaker": "who", "title": "Briefing by {who}"}
    meta = SourceMeta(options={"mapping": mapping})
    [document] = table.read("q,a,who\nWhy?,Because.,Jen Psaki\n", "x.csv", meta)
    assert document.title == "Briefing by Jen Psaki"
    assert document.blocks == (Block("Question", "Why?"), Block("Jen Psaki", "Because."))


def test_mapping_with_an_unknown_key_is_refused():
    meta = SourceMeta(options={"mapping": {"question": "q", "answers": "a"}})
    with pytest.raises(table.MappingError, match="answers"):
        table.read("q,a\nWhy?,Because.\n", "x.csv", meta)


def test_file_no_mapping_fits_is_refused_with_its_columns():
    with pytest.raises(table.MappingError, match="colour"):
        table.read("colour,size\nred,3\n", "x.csv", SourceMeta())


def test_template_drops_optional_parts_with_a_missing_value():
    values = {"a": "Ann", "b": None}.get
    assert table.fill_template("Talk[ by {a}][ with {b}], {a}", values) == "Talk by Ann, Ann"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (CMFA_TABLE, True),
        (RUSSIAN_PAGE, True),
        (FIXTURE_CORPORA / "cmfa" / "html_index.csv", False),
        (FIXTURE_CORPORA / "kremlin" / "manifest.csv", False),
        (FIXTURE_CORPORA / "kremlin" / "SOURCE.md", False),
        (SEED_PAGE, False),
        (FIXTURE_CORPORA / "interviews-json" / "barack_obama_interviews.json", False),
    ],
)
def test_sniff_accepts_a_table_whose_header_has_a_mappings_columns(path, expected):
    assert table.sniff(str(path), path.read_text(encoding="utf-8")) is expected


# Web pages flattened into a cell (kremlin.ru in Russian).

PAGE_HEADER = "title,summary,raw_date,place,date,url,article_full_text_1,article_full_text_2\n"


def read_page(text_1: str, text_2: str = "", title: str = "Встреча с губернатором"):
    row = [
        title,
        "Президент провёл встречу.",
        "7 мая 2025 года",
        "Москва",
        "2025-05-07",
        "http://kremlin.ru/events/president/news/1",
        text_1,
        text_2,
    ]
    csv_text = PAGE_HEADER + ",".join(f'"{cell}"' for cell in row) + "\n"
    [document] = table.read(csv_text, "russian/test.csv", SourceMeta(language="ru"))
    return document


def test_page_header_and_footer_are_dropped():
    document = read_page(
        "События Встреча с губернатором Президент провёл встречу. 7 мая 2025 года 21:25 Москва "
        "Встреча с губернатором В.Путин: Добрый день! География Москва Темы Регионы "
        "Статус материала Опубликован в разделе: Новости Дата публикации: 7 мая 2025 года"
    )
    assert [b.text for b in document.blocks] == ["В.Путин: Добрый день!"]
    assert (document.language, document.place) == ("ru", "Москва")


def test_columns_of_a_long_page_join_mid_word():
    document = read_page(
        "События Встреча с губернатором В.Путин: Добрый ве", "чер! Статус материала"
    )
    assert [b.text for b in document.blocks] == ["В.Путин: Добрый вечер!"]


def test_see_also_links_are_dropped_wherever_they_stand():
    document = read_page(
        "В.Путин : Знаю это. Смотрите также Участники беседы с Президентом 7 мая 2025 года "
        "Дополнительно Поездка в Волгоград 29 апреля 2025 года Ваше участие важно."
    )
    assert [b.text for b in document.blocks] == ["В.Путин : Знаю это. Ваше участие важно."]


def test_person_card_in_a_label_leaves_the_label():
    document = read_page(
        "В.Путин: Как дела? А.Беглов Беглов Александр Дмитриевич губернатор Санкт-Петербурга : "
        "Спасибо."
    )
    assert [b.text for b in document.blocks] == ["В.Путин: Как дела? А.Беглов : Спасибо."]
    _, passages = shaped(document)
    assert [(p.speaker, p.text) for p in passages] == [
        ("Vladimir Putin", "Как дела?"),
        ("А.Беглов", "Спасибо."),
    ]


def test_elision_mark_and_section_break_end_a_paragraph():
    document = read_page("Встреча прошла. * * * В.Путин: Начнём. <…> Спасибо.")
    assert [b.text for b in document.blocks] == ["Встреча прошла.", "В.Путин: Начнём.", "Спасибо."]


def test_translated_label_of_an_unknown_speaker_starts_a_turn():
    document = read_page("В.Путин: Добро пожаловать! Д.Сассу-Нгессо (как переведено) : Благодарю.")
    _, passages = shaped(document)
    assert [p.speaker for p in passages] == ["Vladimir Putin", "Д.Сассу-Нгессо"]


def test_label_after_a_one_word_sentence_starts_a_turn():
    document = read_page(
        "В.Путин: Желаю успехов. Спасибо. И.Гусева: Владимир Владимирович, спасибо."
    )
    _, passages = shaped(document)
    assert [p.speaker for p in passages] == ["Vladimir Putin", "И.Гусева"]


def test_label_after_a_heading_starts_a_turn():
    document = read_page("Вступительное слово Президента В.Путин: Уважаемые коллеги!")
    _, passages = shaped(document)
    # The heading stays as text of its own: nothing on the page is dropped.
    assert [p.text for p in passages] == ["Вступительное слово Президента", "Уважаемые коллеги!"]
    assert passages[-1].speaker == "Vladimir Putin"


# Real files.


@cache
def read_file(path, root=FIXTURE_CORPORA):
    """A corpus file read and shaped once for all the tests that look at it."""
    return shape_file(path, root, table)


def test_first_cmfa_press_conferences_match_golden_file():
    documents = read_file(CMFA_TABLE)
    follow_ups = next(d for d in documents if d[0].id == "2023-03-29-mao-regular-conference")
    assert_matches_golden(as_json([*documents[:4], follow_ups]), "table/cmfa_ukraine_qa.json")


@pytest.mark.corpora
def test_every_cmfa_row_becomes_a_passage():
    documents = read_file(SHARED_CORPORA / "cmfa" / "cmfa_ukraine_qa.csv", SHARED_CORPORA)
    passages = [p for _, ps in documents for p in ps]
    # 628 rows: one question without an answer is joined to the next one by the same reporter.
    assert (len(documents), len(passages)) == (311, 627)
    assert not [p for p in passages if p.speaker == "Unattributed"]


def test_russian_meeting_with_turns_matches_golden_file():
    documents = read_file(RUSSIAN_PAGE)
    [meeting] = [d for d in documents if d[0].url.endswith("/76862")]
    # "Р.Кадыров" is the registry's Ramzan Kadyrov: surname and initial transliterated.
    assert meeting[0].speakers == ("Vladimir Putin", "Ramzan Kadyrov")
    assert_matches_golden(as_json([meeting]), "table/kremlin_ru_meeting.json")


@pytest.mark.parametrize(
    "root", [FIXTURE_CORPORA, pytest.param(SHARED_CORPORA, marks=pytest.mark.corpora)]
)
def test_russian_pages_keep_no_page_chrome(root):
    pages = sorted((root / "russian").glob("*.csv"))
    assert pages
    text = " ".join(p.text for path in pages for _, ps in read_file(path, root) for p in ps)
    for chrome in ("Статус материала", "Смотрите также", "Текстовая версия", "iCal Google"):
        assert chrome not in text
