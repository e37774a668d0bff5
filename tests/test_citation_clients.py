"""Citations as reference managers read them: bibtexparser, rispy and citeproc-py parse what
Verbatim serves, for English passages and Russian ones (whose ids are in Cyrillic)."""

from __future__ import annotations

import json
import warnings
from urllib.parse import quote, unquote

import bibtexparser
import pytest
import rispy
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from indexer.build import build_index
from search.engines.whoosh.writer import WhooshTarget
from tests.conftest import write_corpus
from tests.test_reader_kremlin_html import page as kremlin_page
from webapp import create_app

PUBLIC = "https://verbatim.example.org"
ORIGINAL = "http://en.kremlin.ru/events/president/news/1"  # the page's og:url
RUSSIAN_URL = "http://kremlin.ru/events/president/transcripts/40001"
CORPUS = {
    # The Kremlin's site escapes some titles twice.
    "kremlin/globe.html": kremlin_page(
        "<p><b>Question:</b> What about NATO?</p><p><b>Vladimir Putin:</b> We will see.</p>",
        title="Interview with the newspaper The Globe &amp;amp; Mail",
    ),
    "kremlin/source.toml": 'publisher = "President of Russia"\n',
    "ru/ru.txt": "Интервью Сергея Лаврова агентству ТАСС, 5 мая 2021 года\n\n"
    "Вопрос: Продолжатся ли переговоры с Вашингтоном?\n\n"
    "С.Лавров: Переговоры продолжатся, если партнёры готовы к диалогу.\n\n"
    "Вопрос: А с Берлином?\n\nС.Лавров: С Берлином тоже.\n",
    "ru/source.toml": f'language = "ru"\npublisher = "МИД России"\nurl = "{RUSSIAN_URL}"\n',
    "local/plain.txt": "Comment by Maria Zakharova, May 5, 2021\n\nWe note the statement.\n",
}


@pytest.fixture(scope="module")
def cited(tmp_path_factory):
    folder = tmp_path_factory.mktemp("citations")
    corpus = write_corpus(folder / "corpus", CORPUS)
    build_index([corpus], WhooshTarget(folder / "index"), log=lambda line: None)
    app = create_app(folder / "index")
    app.config["PUBLIC_URL"] = PUBLIC
    client = app.test_client()
    ids = [
        hit["id"]
        for lang in ("en", "ru")
        for hit in client.get(f"/api/search?lang={lang}&per_page=100").get_json()["results"]
    ]
    return client, ids, folder


def _download(client, passage_id: str, fmt: str):
    response = client.get(f"/p/{passage_id}/cite.{fmt}")
    assert response.status_code == 200, (passage_id, fmt, response.get_data(as_text=True))
    return response


def test_every_citation_downloads_with_a_name_any_client_can_read(cited):
    client, ids, _ = cited
    assert any(not i.isascii() for i in ids) and any(i.isascii() for i in ids)
    for passage_id in ids:
        for fmt in ("bib", "ris", "json"):
            disposition = _download(client, passage_id, fmt).headers["Content-Disposition"]
            disposition.encode("latin-1")  # what a header may hold
            fallback = disposition.split('filename="')[1].split('"')[0]
            assert fallback.isascii() and fallback.endswith(f".{fmt}")
            if passage_id.isascii():
                assert fallback == f"{passage_id}.{fmt}" and "filename*" not in disposition
            else:
                encoded = disposition.split("filename*=UTF-8''")[1]
                assert unquote(encoded) == f"{passage_id}.{fmt}"


def _bibtex(client, passage_id: str):
    library = bibtexparser.parse_string(_download(client, passage_id, "bib").get_data(as_text=True))
    assert not library.failed_blocks
    [entry] = library.entries
    return entry


def test_bibtex_keys_are_unique_readable_and_ascii(cited):
    client, ids, _ = cited
    keys = [_bibtex(client, i).key for i in ids]
    assert len(set(keys)) == len(keys) == len(ids)
    assert all(k.isascii() and " " not in k for k in keys)
    assert any("lavrova-agentstvu-tass" in k for k in keys)  # transliterated, not stripped


def test_bibtex_names_the_original_url_first_and_the_permalink_second(cited):
    client, ids, folder = cited
    for passage_id in ids:
        entry = _bibtex(client, passage_id)
        fields = {f.key: f.value for f in entry.fields}
        body = _download(client, passage_id, "bib").get_data(as_text=True)
        assert str(folder) not in body and "corpus/" not in body  # no local path
        assert "(statement)" not in fields["title"] and "(answer" not in fields["title"]
        assert "&amp;" not in body
        if "globe" in passage_id:
            assert fields["url"] == ORIGINAL
            assert rf"\url{{{PUBLIC}/p/{passage_id}}}" in fields["note"]
            assert fields["title"] == r"{Interview with the newspaper The Globe \& Mail}"
        elif "zakharova" in passage_id:
            assert fields["url"] == f"{PUBLIC}/p/{passage_id}" and "note" not in fields
        elif not passage_id.isascii():
            assert quote(passage_id).replace("%", r"\%") in fields["note"]
            assert fields["howpublished"] == "Answer to TASS"


def test_ris_reads_back_with_both_urls_and_the_kind_apart_from_the_title(cited):
    client, ids, _ = cited
    for passage_id in ids:
        [record] = rispy.loads(_download(client, passage_id, "ris").get_data(as_text=True))
        permalink = f"{PUBLIC}/p/{quote(passage_id)}"
        if "zakharova" in passage_id:
            assert record["urls"] == [permalink]
            assert record["type_of_work"] == "Statement"
        else:
            assert record["urls"][1] == permalink and record["urls"][0] in (ORIGINAL, RUSSIAN_URL)
        assert "&amp;" not in record["title"] and "(" not in record["title"]


def test_csl_json_renders_in_citeproc_with_title_speaker_and_original_url(cited):
    client, ids, _ = cited
    for passage_id in ids:
        items = json.loads(_download(client, passage_id, "json").get_data(as_text=True))
        source = CiteProcJSON(items)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # citeproc-py warns of CSL features it lacks
            style = CitationStylesStyle("harvard-cite-them-right", validate=False)
        bibliography = CitationStylesBibliography(style, source, formatter.plain)
        bibliography.register(Citation([CitationItem(passage_id)]))
        [entry] = [str(e) for e in bibliography.bibliography()]
        item = items[0]
        assert item["title"] in entry and "&amp;" not in entry
        assert item["URL"] in entry
        if "globe" in passage_id:
            assert item["URL"] == ORIGINAL and item["archive_location"].startswith(PUBLIC)
            assert "The Globe & Mail" in entry


def test_the_passage_page_shows_the_title_once_escaped_and_no_local_path(cited):
    client, ids, folder = cited
    [globe] = [
        i
        for i in ids
        if "globe" in i and client.get(f"/api/passages/{i}").get_json()["kind"] == "answer"
    ]
    page = client.get(f"/p/{globe}").get_data(as_text=True)
    assert "The Globe &amp; Mail" in page and "&amp;amp;" not in page
    assert str(folder) not in page
