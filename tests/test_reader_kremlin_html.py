"""The Kremlin reader: saved en.kremlin.ru pages, their metadata, labels and who speaks."""

from datetime import date
from pathlib import Path

import pytest

from indexer.decoding import decode
from indexer.model import Block, SourceDocument
from indexer.readers import kremlin_html
from indexer.readers.base import SourceMeta
from indexer.sources import NotATranscript, source_meta
from indexer.speakers import default_registry
from indexer.transcript import shape
from tests.golden_io import (
    FIXTURE_CORPORA,
    SHARED_CORPORA,
    as_json,
    assert_matches_golden,
    shape_file,
)

KREMLIN = FIXTURE_CORPORA / "kremlin"
PUBLISHER = "President of Russia"
META = SourceMeta(publisher=PUBLISHER)


def page(
    body: str,
    title: str = "Meeting with Governor of Tula Region",
    keywords: str = "News ,Transcripts ,President",
    published: str = '<time class="read__published" datetime="2018-02-28">February 28, 2018</time>',
    lead: str = "",
    tags: str = "",
) -> str:
    """A page in the site's shape: head metadata, title, summary, meta line, body, bottom tags."""
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"/>
<title>{title} • President of Russia</title>
<meta name="keywords" content="{keywords}"/>
<meta property="og:site_name" content="President of\u00a0Russia"/>
<meta property="og:url" content="http://en.kremlin.ru/events/president/news/1"/>
</head><body><div class="header"><a href="http://en.kremlin.ru/">President of Russia</a>
<ul><li>Events</li><li>Structure</li></ul></div>
<div class="width_limiter"><h1 class="entry-title p-name">{title}</h1>
<div class="read__lead entry-summary"><div><p>{lead}</p></div></div>
<div class="read__meta">{published}<div class="read__time">17:00</div>
<div class="read__place p-location"><i></i>Tula</div></div></div>
<div class="entry-content e-content read__internal_content" itemprop="articleBody">
<div class="slider masha-ignore"><div class="slide" data-text="Photo caption">
<img alt="At the meeting"/></div></div>
{body}
<div class="read__cut masha-ignore"><h3>See also</h3><a href="2.html">Related meeting</a></div>
<div class="read__bottommeta hidden-copy"><div class="read__tags masha-ignore">
<h3>Persons</h3><ul>{tags}</ul></div>
<div class="read__status masha-ignore"><h3>Publication status</h3>
<p>Publication date: <time datetime="2018-02-28">February 28, 2018, 17:00</time></p>
<p>Direct link: <a href="http://en.kremlin.ru/d/1">en.kremlin.ru/d/1</a></p></div></div></div>
<div class="footer">Copyright, all rights reserved</div></body></html>"""


def read(html: str, meta: SourceMeta = META) -> SourceDocument:
    [document] = kremlin_html.read(html, "kremlin/html/1.html", meta)
    return document


def blocks(body: str, **fields: str) -> list[tuple[str | None, str]]:
    return [(b.label, b.text) for b in read(page(body, **fields)).blocks]


def passages(body: str, **fields: str):
    return shape(read(page(body, **fields)), default_registry())[1]


# --- golden files: four real pages read by eye against the site's text ---------------------


@pytest.mark.parametrize(
    "page_id, golden",
    [
        ("56952", "joint-news-conference.json"),  # Question labels, two leaders answering
        ("62991", "interview-to-tass.json"),  # a named interviewer, no "Question:"
        ("17610", "telephone-conversation-readout.json"),  # the press service's readout
        ("37832", "message-quoted-2000.json"),  # the Acting President's message, quoted whole
    ],
)
def test_real_page_matches_golden_file(page_id, golden):
    shaped = shape_file(KREMLIN / "html" / f"{page_id}.html", KREMLIN, kremlin_html)
    assert_matches_golden(as_json(shaped), f"kremlin_html/{golden}")


# --- recognising the format -----------------------------------------------------------------


def test_sniff_recognises_a_saved_kremlin_page():
    text, _ = decode((KREMLIN / "html" / "56952.html").read_bytes())
    assert kremlin_html.sniff("56952.html", text)


def test_sniff_rejects_other_html_and_text():
    other_site = page("<p>Text.</p>").replace("President of\u00a0Russia", "Some Ministry")
    plain = "<html><head><title>News</title></head><body><p>Moscow</p></body></html>"
    assert not kremlin_html.sniff("a.html", other_site)
    assert not kremlin_html.sniff("b.html", plain)
    assert not kremlin_html.sniff("c.txt", "President of Russia Vladimir Putin: Colleagues,")


@pytest.mark.parametrize(
    "folder", [FIXTURE_CORPORA, pytest.param(SHARED_CORPORA, marks=pytest.mark.corpora)]
)
def test_sniff_rejects_the_other_html_corpora(folder):
    pages = sorted((folder / "cmfa" / "html").glob("*.html"))[:20]
    assert pages
    for path in pages:
        text, _ = decode(path.read_bytes())
        assert not kremlin_html.sniff(str(path), text), path


def test_source_profile_skips_the_manifest_and_names_the_publisher():
    with pytest.raises(NotATranscript):
        source_meta(KREMLIN / "manifest.csv", KREMLIN)
    meta = source_meta(KREMLIN / "html" / "56952.html", KREMLIN)
    assert meta.publisher == PUBLISHER
    assert meta.sidecar("manifest") == (KREMLIN / "manifest.csv").resolve()


# --- metadata -------------------------------------------------------------------------------


def test_title_date_place_and_url_come_from_the_page():
    document = read(page("<p>Text.</p>"))
    assert document.title == "Meeting with Governor of Tula Region"
    assert document.date == date(2018, 2, 28)
    assert document.place == "Tula"
    assert document.url == "http://en.kremlin.ru/events/president/news/1"
    assert document.publisher == PUBLISHER


def test_announcement_is_dated_by_the_first_day_it_announces():
    announced = '<div class="announce_date"><div>Announcement, May 14 − 15, 2017</div></div>'
    document = read(
        page(
            "<p>The President will visit Beijing.</p>",
            published=announced,
            keywords="News ,For the Media ,Announcements ,President",
        )
    )
    assert document.date == date(2017, 5, 14)
    assert document.kind == "announcement"


def test_page_with_no_date_above_the_text_takes_its_publication_date():
    assert read(page("<p>Text.</p>", published="")).date == date(2018, 2, 28)


def test_manifest_gives_what_the_page_lacks(tmp_path: Path):
    html = page("<p>Text.</p>", published="").replace('<meta property="og:url"', '<meta name="x"')
    html = html.replace('<time datetime="2018-02-28">February 28, 2018, 17:00</time>', "")
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "7.html").write_text(html, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,url,date,time,place,title,site_sections,kind_guess,bytes\n"
        "html/7.html,http://en.kremlin.ru/events/president/news/7,2019-05-01,,Sochi,T,News,,1\n",
        encoding="utf-8",
    )
    meta = SourceMeta(
        publisher=PUBLISHER,
        options={"manifest": "../manifest.csv"},
        path=tmp_path / "html" / "7.html",
    )
    document = read(html, meta)
    assert document.url == "http://en.kremlin.ru/events/president/news/7"
    assert document.date == date(2019, 5, 1)
    assert document.place == "Tula"  # the page's own place wins over the manifest's


@pytest.mark.parametrize(
    "title, keywords, kind",
    [
        ("Joint news conference with Chancellor Kurz", "News ,Transcripts", "press conference"),
        ("Answers to journalists’ questions after Direct Line", "News", "press conference"),
        ("Direct Line with Vladimir Putin", "News ,Transcripts", "direct line"),
        ("Press statements following Russian-Turkish talks", "News ,Transcripts", "statement"),
        ("Interview to TASS News Agency", "News ,Transcripts", "interview"),
        ("Telephone conversation with Barack Obama", "News ,President", "telephone conversation"),
        ("Greetings on the opening of the Third Russian Eco Week", "News ,President", "message"),
        ("Russian-Turkish talks", "News ,Transcripts", "meeting"),
        ("Anton Ustinov released from his duties", "News ,Documents ,President", "document"),
        ("Visit to Gorky Automobile Plant", "News ,Transcripts", "event"),
        ("Vladimir Putin presented state awards", "News ,President", "news"),
    ],
)
def test_kind_comes_from_the_site_sections_and_the_title(title, keywords, kind):
    assert read(page("<p>Text.</p>", title=title, keywords=keywords)).kind == kind


# --- the text -------------------------------------------------------------------------------


def test_site_chrome_captions_related_links_and_footer_are_left_out():
    body = """<p>The President held a meeting.</p>
<blockquote><p>“A pull-quote repeating the text.”</p></blockquote>
<div class="media masha-ignore"><video></video><h3>Video title</h3></div>"""
    text = " ".join(t for _, t in blocks(body))
    assert text == "The President held a meeting."


def test_tooltips_inside_paragraphs_are_left_out():
    body = """<p>Cooperation within <a class="termin_tag" href="#">BRICS<span
class="read__tooltip hidden masha-ignore"><span>Background information</span></span></a>
is growing.</p>"""
    assert blocks(body) == [(None, "Cooperation within BRICS is growing.")]


def test_labels_with_the_colon_inside_or_outside_the_bold():
    body = """<p><b>Vladimir Putin:</b> One.</p><p><b>Vladimir Putin: </b>Two.</p>
<p><b>Vladimir Putin</b>: Three.</p><p><b>Vladimir</b><b> Putin</b>: Four.</p>"""
    assert blocks(body) == [("Vladimir Putin", w) for w in ("One.", "Two.", "Three.", "Four.")]


def test_name_split_over_bold_elements_with_no_space_reads_as_the_name():
    body = "<p><b>Vladimir Putin:</b> One.</p><p><b>Vladimir</b><b>Putin</b>: Two.</p>"
    assert [label for label, _ in blocks(body)] == ["Vladimir Putin", "Vladimir Putin"]


def test_post_before_a_name_is_dropped_when_the_page_names_the_person_alone():
    body = """<p><b>President of Russia Vladimir Putin:</b> Welcome.</p>
<p><b>Direct Line host Kirill Kleymenov:</b> Hello.</p>
<p><b>Kirill Kleymenov:</b> A question.</p><p><b>Vladimir Putin:</b> An answer.</p>"""
    assert [label for label, _ in blocks(body)] == [
        "Vladimir Putin",
        "Kirill Kleymenov",
        "Kirill Kleymenov",
        "Vladimir Putin",
    ]


def test_linked_person_in_a_label_is_the_speaker_and_translation_notes_go():
    body = """<p><b>President of Turkey </b><a class="person_tag read__tag" href="#"><b>Recep
Tayyip Erdogan</b><span class="read__tooltip tooltip_person hidden masha-ignore"><span
class="tooltip_title">Erdogan Recep Tayyip</span></span></a> <i>(retranslated)</i>: Mr President,
</p><p><b>President of Slovenia Borut Pahor</b> (<i>re-translated</i>): Thank you.</p>"""
    tags = '<li><a href="http://en.kremlin.ru/catalog/persons/1/events">Pahor Borut</a></li>'
    assert blocks(body, tags=tags) == [
        ("Recep Tayyip Erdogan", "Mr President,"),
        ("Borut Pahor", "Thank you."),
    ]


def test_headings_separators_and_stage_notes_are_nobodys_words():
    body = """<p><b>Vladimir Putin:</b> Colleagues,</p><p><i>(Applause.)</i></p>
<p><b>* * *</b></p><p><b>Beginning of meeting with Prime Minister of Japan</b></p>
<p><i>Speech at the opening ceremony</i></p><p>Let us begin.</p>"""
    assert blocks(body) == [("Vladimir Putin", "Colleagues,"), (None, "Let us begin.")]


def test_label_alone_in_its_paragraph_belongs_to_the_next_one():
    body = """<p><b>Federal Chancellor of Austria Christian Kern (retranslated):</b></p>
<p>Thank you.</p><p><b>The document reads, in full:</b></p><p>Pursuant to Article 3.</p>"""
    assert blocks(body) == [
        ("Federal Chancellor of Austria Christian Kern", "Thank you."),
        (None, "The document reads, in full:"),
        (None, "Pursuant to Article 3."),
    ]


def test_label_that_lost_its_colon_still_names_the_speaker():
    assert blocks("<p><b>Megyn Kelly</b> With this?</p>") == [("Megyn Kelly", "With this?")]


def test_bold_words_opening_a_sentence_are_no_label():
    body = "<p><b>Russia</b> is open to cooperation.</p>"
    assert blocks(body) == [(None, "Russia is open to cooperation.")]


def test_hard_line_breaks_and_no_break_spaces_become_plain_spaces():
    body = "<p><b>Vladimir\nPutin:</b> The\u00a0President of\u00a0Russia\nspoke.</p>"
    assert blocks(body) == [("Vladimir Putin", "The President of Russia spoke.")]


def test_question_from_a_region_names_where_it_comes_from():
    body = "<p><b>Question from Perm Territory:</b> Why?</p><p><b>Vladimir Putin:</b> Because.</p>"
    [answer] = passages(body, title="Direct Line with Vladimir Putin")
    assert (answer.kind, answer.asker, answer.question) == ("answer", "Perm Territory", "Why?")


# --- who speaks -----------------------------------------------------------------------------


def test_unlabelled_paragraph_continues_last_speaker():
    body = "<p><b>Vladimir Putin:</b> First.</p><p>Second.</p>"
    assert [(p.speaker, p.text) for p in passages(body)] == [
        ("Vladimir Putin", "First."),
        ("Vladimir Putin", "Second."),
    ]


def test_account_before_the_first_label_is_the_press_services():
    body = "<p>The Governor briefed the President.</p><p><b>Vladimir Putin:</b> Good.</p>"
    assert [p.shown_speaker for p in passages(body)] == [PUBLISHER, "Vladimir Putin"]


def test_summary_opens_the_press_services_account():
    body = "<p><b>Vladimir Putin:</b> Good afternoon.</p>"
    lead = "Vladimir Putin met with the Governor of Tula Region."
    assert [(p.shown_speaker, p.text) for p in passages(body, lead=lead)] == [
        (PUBLISHER, lead),
        ("Vladimir Putin", "Good afternoon."),
    ]


def test_readout_belongs_to_the_publisher_not_the_person_in_the_title():
    body = "<p>The two Presidents discussed bilateral cooperation.</p>"
    title = "Telephone conversation with US President Barack Obama"
    [passage] = passages(body, title=title, keywords="News ,President")
    # The publisher's own text: shown as the publisher's, and no speaker record.
    assert (passage.speaker, passage.role) == ("", PUBLISHER)


def test_article_without_labels_is_the_presidents_own_words():
    words = "I am glad to address the readers."
    lead = "The Hindu published an article by Vladimir Putin."
    [passage] = passages(f"<p>{words}</p>", title="India and Russia: new prospects", lead=lead)
    assert (passage.speaker, passage.text) == ("Vladimir Putin", words)


def test_page_with_no_text_is_its_summary_or_its_headline():
    lead = "Vladimir Churov briefed Dmitry Medvedev on the elections."
    assert blocks("", lead=lead) == [(None, lead)]
    headline = "Vladimir Putin submitted a protocol to the State Duma for ratification"
    assert blocks("", title=headline, keywords="News ,President") == [(None, headline)]


def test_question_labels_pair_with_each_leader_answering():
    body = """<p><b>Vladimir Putin:</b> Thank you.</p><p><b>Question</b> (<i>retranslated</i>):
A question for both leaders.</p><p><b>Vladimir Putin:</b> First answer.</p>
<p><b>Sebastian Kurz:</b> Second answer.</p>"""
    result = passages(body, title="Joint news conference with Federal Chancellor of Austria")
    assert [(p.kind, p.speaker, p.question) for p in result] == [
        ("paragraph", "Vladimir Putin", None),
        ("answer", "Vladimir Putin", "A question for both leaders."),
        ("answer", "Sebastian Kurz", "A question for both leaders."),
    ]


def test_named_interviewer_asks_the_questions_of_an_interview():
    body = """<p><b>Andrei Vandenko: </b>How are you doing?</p><p><b>Vladimir Putin:</b>
Honestly?</p><p><b>Andrei Vandenko:</b> Honestly.</p><p><b>Vladimir Putin:</b> Very well.</p>"""
    result = passages(body, title="On the tasks of the new Government (Interview to TASS)")
    assert [(p.kind, p.speaker, p.asker, p.question) for p in result] == [
        ("answer", "Vladimir Putin", "Andrei Vandenko", "How are you doing?"),
        ("answer", "Vladimir Putin", "Andrei Vandenko", "Honestly."),
    ]


def test_remark_from_the_audience_is_not_an_answer_by_someone_named_remark():
    body = """<p><b>Question:</b> Why?</p><p><b>Vladimir Putin:</b> Because.</p>
<p><b>Remark:</b> But surely not.</p><p><b>Vladimir Putin:</b> Surely.</p>"""
    result = passages(body, title="News conference of Vladimir Putin")
    assert all(p.speaker != "Remark" for p in result)


def test_page_with_one_stray_byte_is_still_read_as_utf8():
    text, _ = decode((KREMLIN / "html" / "63123.html").read_bytes())
    assert kremlin_html.sniff("63123.html", text)
    assert "Â" not in read(text).title


def test_reader_hands_the_shaper_blocks_not_passages():
    document = read(page("<p><b>Vladimir Putin:</b> Text.</p>"))
    assert document.blocks == (Block("Vladimir Putin", "Text."),)
