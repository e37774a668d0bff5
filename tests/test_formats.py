"""Citations, exports, the Atom feed and OpenSearch: what leaves Verbatim as files."""

import csv
import io
import json
from xml.etree import ElementTree as ET

from tests.conftest import seed_id
from webapp import create_app

PASSAGE = seed_id("2021-08-04-lavrov-komsomolskaya-pravda", 3)
ATOM = "{http://www.w3.org/2005/Atom}"


def test_passage_page_offers_every_citation_format(client):
    page = client.get(f"/p/{PASSAGE}").get_data(as_text=True)
    for label in ("Plain text", "BibTeX", "RIS", "CSL-JSON"):
        assert label in page
    assert "@misc{" in page and "TY  - GEN" in page and "&#34;URL&#34;" in page


def test_bibtex_carries_permalink_date_speaker_title_and_retrieval(client):
    body = client.get(f"/p/{PASSAGE}/cite.bib").get_data(as_text=True)
    assert body.startswith("@misc{")
    assert "author = {Sergey Lavrov}" in body
    assert f"url = {{http://localhost/p/{PASSAGE}}}" in body
    assert "date = {2021-08-04}" in body and "urldate = {" in body
    assert "Komsomolskaya Pravda" in body


def test_ris_has_one_tag_per_line_and_ends_the_record(client):
    body = client.get(f"/p/{PASSAGE}/cite.ris").get_data(as_text=True)
    lines = body.strip().split("\r\n")
    assert lines[0] == "TY  - GEN" and lines[-1].startswith("ER  -")
    assert "AU  - Sergey Lavrov" in lines and "DA  - 2021/08/04" in lines
    assert all(line[2:5] == "  -" for line in lines)


def test_csl_json_is_valid_csl(client):
    [item] = json.loads(client.get(f"/p/{PASSAGE}/cite.json").get_data(as_text=True))
    assert item["author"] == [{"literal": "Sergey Lavrov"}]
    assert item["issued"] == {"date-parts": [[2021, 8, 4]]}
    assert item["URL"].endswith(PASSAGE) and "accessed" in item


def test_unknown_citation_format_is_a_404(client):
    assert client.get(f"/p/{PASSAGE}/cite.doc").status_code == 404


def test_results_export_as_csv_and_json(client):
    response = client.get("/export.csv?q=Sputnik")
    assert (
        response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    )
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 3 and {r["speaker"] for r in rows} == {"Sergey Lavrov"}
    assert rows[0]["question"] and rows[0]["url"].startswith("http://localhost/p/")
    body = json.loads(client.get("/export.json?q=Sputnik&speaker=lavrov").get_data(as_text=True))
    assert body["count"] == 3 and body["cap"] == 5000


def test_export_needs_a_search(client):
    response = client.get("/export.csv")
    assert response.status_code == 400 and "error" in response.get_json()


def test_atom_feed_lists_the_newest_results(client):
    response = client.get("/feed.atom?q=Russia")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.get_data())
    dates = [e.find(f"{ATOM}updated").text for e in feed.findall(f"{ATOM}entry")]
    assert dates and dates == sorted(dates, reverse=True)


def test_results_page_links_its_feed_and_every_page_links_opensearch(client):
    page = client.get("/?q=Russia").get_data(as_text=True)
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert 'href="/feed.atom?q=Russia"' in page
    for url in ("/", f"/p/{PASSAGE}", "/d/2021-08-04-lavrov-komsomolskaya-pravda"):
        assert 'rel="search" type="application/opensearchdescription+xml"' in client.get(
            url
        ).get_data(as_text=True)


def test_opensearch_description_points_at_the_search_page(client):
    root = ET.fromstring(client.get("/opensearch.xml").get_data())
    templates = [u.get("template") for u in root if u.tag.endswith("Url")]
    assert "http://localhost/?q={searchTerms}" in templates


def test_security_headers_on_every_response(client):
    for url in ("/", "/api/search?q=x", "/p/nope"):
        headers = client.get(url).headers
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"]


def test_markup_in_the_corpus_stays_text_in_feeds_exports_and_citations(hostile_index):
    client = create_app(hostile_index).test_client()
    [hit] = client.get("/api/search?q=alert").get_json()["results"]
    feed = client.get("/feed.atom?q=alert").get_data(as_text=True)
    assert "<script>" not in feed and "&lt;script&gt;" in feed
    ET.fromstring(feed)  # still well-formed
    rows = list(
        csv.DictReader(io.StringIO(client.get("/export.csv?q=alert").get_data(as_text=True)))
    )
    assert rows[0]["speaker"] == "Bad O'Actor"  # a CSV holds the text itself, unescaped
    page = client.get(f"/p/{hit['id']}").get_data(as_text=True)
    assert "<script>" not in page
