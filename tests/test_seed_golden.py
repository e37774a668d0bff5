"""The seed page, parsed: pinned as a golden file that was read against the page by eye."""

from tests.conftest import SEED_CORPUS, SEED_FILE
from tests.golden_io import assert_matches_golden, parsed_as_json


def seed_documents() -> list[dict]:
    return parsed_as_json(SEED_FILE, SEED_CORPUS)["documents"]


def test_seed_page_matches_golden_file():
    assert_matches_golden(parsed_as_json(SEED_FILE, SEED_CORPUS), "seed.json")


def test_site_chrome_gives_no_passages():
    words = " ".join(p["text"] for d in seed_documents() for p in d["passages"])
    for chrome in ("Salisbury", "Consular queries", "+44", "16:04", "all messages"):
        assert chrome not in words


def test_interview_is_one_document_of_five_question_answer_pairs():
    interview = seed_documents()[0]
    assert interview["kind"] == "interview"
    assert interview["date"] == "2021-08-04"
    assert interview["title"].startswith("Foreign Minister Sergey Lavrov’s interview")
    passages = interview["passages"]
    assert [p["kind"] for p in passages] == ["answer"] * 5
    assert {p["speaker"] for p in passages} == {"Sergey Lavrov"}
    assert {p["asker"] for p in passages} == {"Komsomolskaya Pravda"}
    assert [len(p["text"].split("\n\n")) for p in passages] == [9, 2, 3, 6, 2]
    assert passages[1]["question"].startswith("What is happening with the registration")


def test_ten_dated_items_are_documents_of_their_own():
    items = seed_documents()[1:]
    assert [d["date"] for d in items] == [
        "2021-09-16",
        "2021-08-04",
        "2021-07-23",
        "2021-07-22",
        "2021-07-17",
        "2021-07-13",
        "2021-07-09",
        "2021-06-22",
        "2021-05-09",
        "2021-04-22",
    ]
    by_date = {d["date"]: d for d in items}
    assert by_date["2021-07-23"]["kind"] == "comment"
    assert by_date["2021-07-23"]["speakers"] == ["Maria Zakharova"]
    assert by_date["2021-07-13"]["kind"] == "article"
    assert by_date["2021-07-13"]["speakers"] == ["Vladimir Putin"]
    assert by_date["2021-09-16"]["kind"] == "address"  # "Presiden Putin's address", typo and all
    assert by_date["2021-09-16"]["speakers"] == ["Vladimir Putin"]
    assert by_date["2021-08-04"]["kind"] == "position paper"
    # The embassy's own paper: the publisher's text, which names no speaker.
    assert by_date["2021-08-04"]["speakers"] == []


def test_inline_exchange_in_an_item_becomes_a_question_answer_pair():
    interfax = next(d for d in seed_documents() if d["date"] == "2021-07-22")
    [answer] = interfax["passages"]
    assert answer["kind"] == "answer"
    assert answer["speaker"] == "Sergey Lavrov"
    assert answer["asker"] == "Interfax"
    assert "Nord Stream 2" in answer["question"]
    assert answer["text"].startswith("Any threat of sanctions")
    assert "Sergey Lavrov:" not in answer["question"] + answer["text"]
