"""The generic HTML reader: a page's main content as labelled blocks, whatever the site.

Golden files pin three Chinese MFA press conference pages, one per label style ("Q:"/"A:" in
plain text with bold questions; a bold "Q:" label; outlet and spokesperson names), and two
hand-written pages: a transcript inside a site's chrome, and bold labels with the colon inside
and outside the bold.
"""

from datetime import date
from pathlib import Path

import pytest

from indexer.model import Block, SourceDocument
from indexer.readers import html_page
from indexer.readers.base import SourceMeta
from indexer.speakers import default_registry
from indexer.transcript import shape
from tests.golden_io import FIXTURE_CORPORA, as_json, assert_matches_golden, shape_file

CMFA = FIXTURE_CORPORA / "cmfa"
CMFA_PAGES = {
    "cmfa-2018-05-11-q-a.json": "2018-05-11_t1558711.html",
    "cmfa-2019-04-25-bold-q-label.json": "2019-04-25_t1657875.html",
    "cmfa-2020-06-22-outlets.json": "2020-06-22_t1791285.html",
}
FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_PAGES = {
    "chrome-around-transcript.json": "chrome_around_transcript.html",
    "bold-labels.json": "bold_labels.html",
}


def cmfa(name: str) -> list[dict]:
    return as_json(shape_file(CMFA / "html" / name, CMFA, html_page))


def fixture(name: str) -> list[dict]:
    return as_json(shape_file(FIXTURES / "html_page" / name, FIXTURES, html_page))


def read_page(html: str) -> list[SourceDocument]:
    return html_page.read(html, "page.html", SourceMeta())


def page(body: str, head: str = "<title>A briefing</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize("golden, name", CMFA_PAGES.items())
def test_cmfa_page_matches_golden_file(golden, name):
    assert_matches_golden(cmfa(name), f"html_page/{golden}")


@pytest.mark.parametrize("golden, name", FIXTURE_PAGES.items())
def test_hand_written_page_matches_golden_file(golden, name):
    assert_matches_golden(fixture(name), f"html_page/{golden}")


def test_sniff_accepts_html_documents_only():
    assert html_page.sniff("a.html", "<!DOCTYPE html>\n<html><body>x</body></html>")
    assert html_page.sniff("a.txt", '\n  <html lang="en"><head></head></html>')
    assert not html_page.sniff("a.html", "Question: is <b>this</b> HTML?\nAnswer: no.")
    assert not html_page.sniff("a.html", "x" * 5000 + "<html>")


def test_site_chrome_gives_no_passages():
    [document] = fixture("chrome_around_transcript.html")
    words = " ".join(p["text"] + (p["question"] or "") for p in document["passages"])
    chrome = (
        "Home",
        "cookie",
        "Share",
        "Lavrov meets Blinken",
        "Editor's choice",
        "Copyright",
        "newsletter",
        "independent voice",
        "tracker",
    )
    assert [c for c in chrome if c in words] == []


def test_metadata_comes_from_og_tags_without_the_site_name():
    [document] = fixture("chrome_around_transcript.html")
    assert document["title"] == "Sergey Lavrov's remarks and answers to media questions, Vienna"
    assert document["date"] == "2021-12-02"
    assert document["url"] == "https://diplomat.example/2021/12/02/lavrov-vienna"


def test_text_separated_by_double_line_breaks_gives_a_block_each():
    [document] = fixture("chrome_around_transcript.html")
    reuters = document["passages"][-1]
    assert reuters["asker"] == "Reuters"
    assert reuters["text"] == "It has not been planned yet.\n\nWe will see how things go."


def test_bold_label_with_colon_inside_or_outside_the_bold_labels_the_block():
    [document] = read_page(
        page(
            "<p><b>Moderator</b>: Welcome.</p><p><strong>Anna Petrova:</strong> Thank you.</p>"
            "<p><b>Q</b> : Why?</p>"
        )
    )
    assert document.blocks == (
        Block("Moderator", "Welcome."),
        Block("Anna Petrova", "Thank you."),
        Block("Q", "Why?"),
    )


def test_label_split_over_bold_elements_ends_at_the_colon():
    html = page("<p><b><span>CCTV4</span></b><b><span>: On June 19, what happened?</span></b></p>")
    [document] = read_page(html)
    assert document.blocks == (Block("CCTV4", "On June 19, what happened?"),)


def test_bold_label_on_its_own_line_labels_the_line_after_it():
    [document] = read_page(page("<p><b>Sergey Lavrov:</b><br>We spoke about the Baltic.</p>"))
    assert document.blocks == (Block("Sergey Lavrov", "We spoke about the Baltic."),)


def test_clock_time_after_bold_text_is_no_label():
    [document] = read_page(page("<p><b>At 10</b>:00 the talks began.</p>"))
    assert document.blocks == (Block(None, "At 10:00 the talks began."),)


def test_bold_text_that_does_not_end_at_a_colon_is_no_label():
    [document] = read_page(
        page(
            "<p><strong>Q: Will you go to Paris? When?</strong></p>"
            "<p><b>Note the date.</b> It is May 5.</p>"
        )
    )
    assert document.blocks == (
        Block(None, "Q: Will you go to Paris? When?"),
        Block(None, "Note the date. It is May 5."),
    )


def test_words_split_across_inline_elements_stay_whole():
    [document] = read_page(
        page("<p><b>P</b><b>ress Trust of India</b>: Hi<span>s</span> re<span>marks?</span></p>")
    )
    assert document.blocks == (Block("Press Trust of India", "His remarks?"),)


def test_date_written_under_the_heading_dates_the_page_and_is_no_block():
    [document] = fixture("bold_labels.html")
    assert document["date"] == "2021-06-16"
    assert "16 June 2021" not in [p["text"] for p in document["passages"]]


def test_article_header_gives_title_and_date_but_no_blocks():
    body = (
        "<header><h1>Daily News</h1></header><article><header><h1>Briefing on Syria</h1>"
        "<p>By Anna Petrova</p><time datetime='2022-03-01T09:00'>1 March</time></header>"
        "<p>Question: What is new?</p><p>Answer: Nothing.</p></article>"
    )
    [document] = read_page(page(body, "<title>Daily News</title>"))
    assert (document.title, document.date) == ("Briefing on Syria", date(2022, 3, 1))
    assert [b.text for b in document.blocks] == ["Question: What is new?", "Answer: Nothing."]


def test_title_tag_loses_a_short_site_name_after_a_separator():
    [document] = read_page(
        page(
            "<p>Some text of the briefing.</p>",
            "<title>Briefing by the spokesperson on the "
            "situation in the region - Ministry News</title>",
        )
    )
    assert document.title == "Briefing by the spokesperson on the situation in the region"


def test_article_element_is_preferred_to_denser_text_outside_it():
    body = (
        "<article><p>Question: Is this the transcript?</p><p>Answer: It is.</p></article>"
        "<div class='comments'><p>" + "A long reader comment. " * 5 + "</p></div>"
    )
    [document] = read_page(page(body))
    assert [b.text for b in document.blocks] == [
        "Question: Is this the transcript?",
        "Answer: It is.",
    ]


def test_page_wrapped_in_a_form_keeps_its_text():
    paragraphs = "".join(f"<p>Paragraph {n} of the statement.</p>" for n in range(4))
    [document] = read_page(
        page(f"<form action='/'><div class='main-content'>{paragraphs}</div></form>")
    )
    assert len(document.blocks) == 4


def test_page_with_no_recognisable_text_gives_no_documents():
    html = (FIXTURES / "html_page" / "no_text.html").read_text(encoding="utf-8")
    assert html_page.read(html, "no_text.html", SourceMeta()) == []


def test_plain_q_and_a_labels_pair_and_answers_go_to_the_spokesperson_in_the_title():
    [document] = cmfa("2018-05-11_t1558711.html")
    answers = [p for p in document["passages"] if p["kind"] == "answer"]
    assert len(answers) == 10
    assert {p["speaker"] for p in document["passages"]} == {"Geng Shuang"}
    assert document["kind"] == "press conference"
    assert document["publisher"] == "Ministry of Foreign Affairs of the People's Republic of China"


def test_outlet_labels_ask_and_the_named_spokesperson_answers():
    [document] = cmfa("2020-06-22_t1791285.html")
    passages = document["passages"]
    assert {p["kind"] for p in passages} == {"answer"}
    assert {p["speaker"] for p in passages} == {"Zhao Lijian"}
    assert [p["asker"] for p in passages][:4] == [
        "CCTV",
        "Macau Monthly",
        "Feature Story News",
        "The Paper",
    ]


def test_page_url_comes_from_the_source_manifest():
    [document] = cmfa("2019-04-25_t1657875.html")
    assert document["url"] == (
        "https://www.fmprc.gov.cn/mfa_eng/xwfw_665399/s2510_665401/2511_665403/t1657875.shtml"
    )


def shaped_cmfa_exchange(second_question_label: str) -> list:
    title = "Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on April 28, 2020"
    blocks = (
        Block(None, "Q: Have you read the report?"),
        Block(None, "A: I have seen it."),
        Block(None, f"{second_question_label}: Who wrote it?"),
        Block(None, "A: I would refer you to its authors."),
    )
    document = SourceDocument(title, None, "cmfa", blocks)
    return shape(document, default_registry())[1]


def test_follow_up_label_asks_a_question_of_its_own():
    passages = shaped_cmfa_exchange("Follow-up")
    assert [p.question for p in passages] == ["Have you read the report?", "Who wrote it?"]


def test_journalist_label_asks_a_question_of_its_own():
    passages = shaped_cmfa_exchange("Journalist")
    assert [p.question for p in passages] == ["Have you read the report?", "Who wrote it?"]
