"""The identity audit: its hand-judged files are well formed, and its report runs on a small index.

The full figures need the shared corpora (`make eval`); here a tiny corpus of our own, in the
Kremlin site's shape, checks that the audit finds the President's words by the page's labels,
counts them against the index and reads the speaker listing.
"""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest

from eval import identity, kremlin_source
from eval.kremlin_source import PageMatcher, holder_on, president_label, read_page
from indexer.build import build_index
from search.engines.whoosh.writer import WhooshTarget
from tests.conftest import write_corpus
from tests.test_reader_kremlin_html import page


def test_judged_speakers_file_is_well_formed():
    judged = identity.read_judgements()
    assert len(judged) >= 2000, "speakers.tsv judges the full corpora's records"
    for record in judged.values():
        assert record.verdict in identity.VERDICTS
        assert record.passages >= identity.MIN_PASSAGES, record


def test_speech_pages_file_is_well_formed():
    with open(identity.SPEECHES_FILE, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert rows
    for row in rows:
        assert row["page"].isdigit() and row["note"].strip()
        date.fromisoformat(row["date"])


@pytest.mark.parametrize(
    "line, problem",
    [
        ("Remark\t97\tlabel\n", "columns"),
        ("Remark\t97\troles\t\n", "verdict"),
        ("Remark\tmany\tlabel\t\n", "number"),
        ("П.Зарубин\t30\tduplicate\t\n", "of whom"),
        (" Remark\t97\tlabel\t\n", "padded"),
        ("Remark\t97\tlabel\t\nRemark\t97\tlabel\t\n", "twice"),
    ],
)
def test_a_malformed_judgement_is_refused(tmp_path, line, problem):
    path = tmp_path / "speakers.tsv"
    path.write_text("name\tpassages\tverdict\tnote\n" + line, encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        identity.read_judgements(path)


def test_office_holder_by_date_and_label():
    assert holder_on(date(1999, 12, 31)) == "Vladimir Putin"
    assert holder_on(date(2010, 4, 20)) == "Dmitry Medvedev"
    assert holder_on(date(2012, 5, 7)) == "Vladimir Putin"
    assert president_label("President of Russia Dmitry Medvedev", date(2010, 4, 20))
    assert not president_label("Vladimir Putin", date(2010, 4, 20))  # Prime Minister then
    assert not president_label("Prime Minister Dmitry Medvedev", date(2017, 1, 1))
    assert president_label("VladimirPutin (retranslated)", date(2017, 1, 1))
    assert president_label("President of Russia", date(2017, 1, 1))
    assert not president_label("President of Turkey Recep Tayyip Erdogan", date(2017, 1, 1))


BODY = """
<p><b>President of Russia Vladimir Putin:</b> Good afternoon, colleagues. We meet to discuss
the roads of the region.</p>
<p>The roads need repair before the winter comes, and the budget allows it.</p>
<p><b>Governor Alexei Dyumin:</b> Mr President, the repairs began in the spring.</p>
<p><b>Vladimir Putin:</b> Good. Keep me informed of the work on the bridges.</p>
"""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = tmp_path_factory.mktemp("identity")
    html = page(BODY, lead="Vladimir Putin met with Governor of Tula Region Alexei Dyumin.")
    manifest = (
        "file,url,date,time,place,title,site_sections,kind_guess,bytes\n"
        "html/1.html,http://en.kremlin.ru/events/president/news/1,2018-02-28,17:00,Tula,"
        "Meeting with Governor of Tula Region,News;Transcripts;President,meeting,1\n"
    )
    corpus = write_corpus(
        folder / "corpus", {"kremlin/html/1.html": html, "kremlin/manifest.csv": manifest}
    )
    build_index([corpus], WhooshTarget(folder / "index"), log=lambda line: None)
    judged = folder / "speakers.tsv"
    judged.write_text("name\tpassages\tverdict\tnote\n", encoding="utf-8")
    speeches = folder / "speeches.tsv"
    speeches.write_text("page\tdate\ttitle\tnote\n", encoding="utf-8")
    return folder, identity.measure(folder / "index", corpus, judged, speeches)


def test_report_finds_the_presidents_words_by_the_page(tiny):
    _, data = tiny
    president = data["president"]
    assert president["documents"] == 1
    assert president["passages_not_found_in_page"] == 0
    # Three paragraphs under Putin's two labels; the lead is the press service's.
    assert president["president_passages"] == 3
    assert president["attributed_to_holder"] == 3
    assert president["share"] == 1.0
    assert president["credited_to_holder_not_president"] == {}


def test_report_reads_the_speaker_listing(tiny):
    _, data = tiny
    speakers = data["speakers"]
    assert speakers["records"] >= 2  # Putin and the governor, the press service perhaps
    assert speakers["records_min_passages"] == 0  # nobody has 20 passages here
    assert data["spans"]["Vladimir Putin"]["first"] == "2018-02-28"
    assert data["spans"]["Dmitry Medvedev"] is None


def test_report_prints_before_and_after(tiny, tmp_path, capsys):
    folder, data = tiny
    before = tmp_path / "before.json"
    before.write_text(json.dumps(data), encoding="utf-8")
    code = identity.main(
        [
            "--index",
            str(folder / "index"),
            "--corpora",
            str(folder / "corpus"),
            "--before",
            str(before),
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "| figure | before | after |" in out
    assert "100.0% (3/3)" in out


def test_report_refuses_a_missing_index(tmp_path, capsys):
    assert identity.main(["--index", str(tmp_path / "nothing")]) == 2
    assert "no index folder" in capsys.readouterr().err


def test_source_reading_of_notes_empty_summaries_and_short_turns(tmp_path):
    body = """
<p><b>President of Russia Vladimir Putin:</b> Good afternoon. Which road, the M-10 highway?</p>
<p><b>Federal President Frank-Walter Steinmeier</b> (<i>retranslated</i>) Thank you.</p>
<p><b>Vladimir Putin:</b> The M-10 highway?</p>
"""
    path = tmp_path / "5.html"
    path.write_text(page(body, lead=""), encoding="utf-8")
    source = read_page(path)
    # The empty summary is no paragraph; a name, a note in brackets and words make a turn.
    assert [p.label for p in source.paragraphs] == [
        "President of Russia Vladimir Putin",
        "Federal President Frank-Walter Steinmeier",
        "Vladimir Putin",
    ]
    matcher = PageMatcher(source)
    first = matcher.paragraph_of("Good afternoon. Which road, the M-10 highway?")
    assert first.label == "President of Russia Vladimir Putin"
    assert matcher.paragraph_of("Thank you.").label.endswith("Steinmeier")
    # A short turn matches the paragraph it opens, not the same words inside an earlier one.
    assert matcher.paragraph_of("The M-10 highway?").label == "Vladimir Putin"


def test_words_the_press_service_quotes_whole_are_the_senders(tmp_path):
    # Read against kremlin/html/42513.html, 37832.html, 39488.html: a message quoted whole, in
    # the first person, after a colon, on a page whose title names the President as sender.
    body = """
<p>On the same day, Mr Putin sent a message. The message said: “Please accept my sincere
condolences on the passing of Astrid Lindgren.</p>
<p>“Her books will be the best memory of Astrid Lindgren.”</p>
<p>The funeral will be held in Stockholm. The message to the family said, in part:</p>
<p>“We grieve with you.”</p>
"""
    title = "President Vladimir Putin sent condolences to Swedish Prime Minister Goran Persson"
    path = tmp_path / "42513.html"
    path.write_text(page(body, title=title), encoding="utf-8")
    source = read_page(path)
    assert [p.label for p in source.paragraphs] == [
        "narration",
        "quoted",
        "quoted",
        "narration",
        "quoted",
    ]
    matcher = PageMatcher(source)
    assert matcher.paragraph_of("Please accept my sincere condolences").label == "quoted"
    assert kremlin_source.quoted_is(source.title, "Vladimir Putin")
    assert kremlin_source.quoted_is(
        "Acting President Vladimir Putin congratulated X", "Vladimir Putin"
    )
    # A page about somebody else quotes somebody else.
    assert not kremlin_source.quoted_is("Dmitry Medvedev sent a message", "Vladimir Putin")
    assert not kremlin_source.quoted_is("Meeting with Governor of Tula Region", "Vladimir Putin")
