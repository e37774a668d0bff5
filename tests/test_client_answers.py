"""Answers that real clients read wrong (issue 17): each case as a client meets it."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree as ET

import pytest

from tests.conftest import seed_id
from webapp import create_app

ATOM = "{http://www.w3.org/2005/Atom}"
NOTHING_THEN = "from=2030-01-01"
PASSAGE = seed_id("2021-08-04-lavrov-komsomolskaya-pravda", 3)


def test_an_empty_date_filter_gives_an_empty_api_answer(client):
    body = client.get(f"/api/search?q=Russia&{NOTHING_THEN}").get_json()
    assert body["total"] == 0 and body["results"] == []


def test_an_empty_date_filter_gives_an_empty_feed_and_export(client):
    feed = ET.fromstring(client.get(f"/feed.atom?q=Russia&{NOTHING_THEN}").get_data())
    assert feed.findall(f"{ATOM}entry") == []
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(f"/export.csv?q=Russia&{NOTHING_THEN}").get_data(as_text=True))
        )
    )
    assert rows == []
    body = client.get(f"/export.json?speaker=lavrov&{NOTHING_THEN}").get_json()
    assert body["count"] == 0 and body["results"] == []


@pytest.mark.parametrize("query", ["q=Russia", "speaker=lavrov"])
def test_an_empty_date_filter_shows_no_results_on_the_page(client, query):
    page = client.get(f"/?{query}&{NOTHING_THEN}").get_data(as_text=True)
    assert "0 passages" in page and 'class="result"' not in page


# --- permalinks never come from the Host header -------------------------------------------


EVIL = {"Host": "evil.example"}
PERMALINK_SOURCES = [
    f"/p/{PASSAGE}/cite.bib",
    f"/p/{PASSAGE}/cite.ris",
    f"/p/{PASSAGE}/cite.json",
    f"/p/{PASSAGE}",
    "/export.csv?q=Sputnik",
    "/export.json?q=Sputnik",
    "/feed.atom?q=Sputnik",
    "/opensearch.xml",
    "/api/search?q=Sputnik",
    f"/api/passages/{PASSAGE}",
    "/api/speakers",
]


@pytest.fixture()
def own_app(seed_index, monkeypatch):
    """The app as `verbatim serve --host 127.0.0.1 --port 8123` starts it, no PUBLIC_URL."""
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    monkeypatch.setenv("HOST", "127.0.0.1")
    monkeypatch.setenv("PORT", "8123")
    return create_app(seed_index)


@pytest.mark.parametrize("path", PERMALINK_SOURCES)
def test_without_public_url_links_use_the_servers_own_address_not_the_host_header(own_app, path):
    body = own_app.test_client().get(path, headers=EVIL).get_data(as_text=True)
    assert "evil.example" not in body
    assert "http://127.0.0.1:8123/" in body


@pytest.mark.parametrize("path", PERMALINK_SOURCES)
def test_public_url_starts_every_absolute_link(seed_index, monkeypatch, path):
    monkeypatch.setenv("PUBLIC_URL", "https://verbatim.example.org/archive/")
    body = create_app(seed_index).test_client().get(path, headers=EVIL).get_data(as_text=True)
    assert "evil.example" not in body and "127.0.0.1" not in body
    assert "https://verbatim.example.org/archive/" in body


def test_a_trusted_proxy_names_the_public_host_and_an_untrusted_one_does_not(
    seed_index, monkeypatch
):
    forwarded = {
        "X-Forwarded-Host": "verbatim.example.org",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-For": "203.0.113.9",
    }
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    untrusted = create_app(seed_index).test_client()
    body = untrusted.get(f"/p/{PASSAGE}/cite.ris", headers=forwarded).get_data(as_text=True)
    assert "verbatim.example.org" not in body
    monkeypatch.setenv("TRUSTED_PROXIES", "1")
    trusted = create_app(seed_index).test_client()
    body = trusted.get(f"/p/{PASSAGE}/cite.ris", headers=forwarded).get_data(as_text=True)
    assert f"UR  - https://verbatim.example.org/p/{PASSAGE}" in body


def test_trusted_proxies_must_be_a_number(seed_index, monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "yes")
    with pytest.raises(ValueError, match="TRUSTED_PROXIES"):
        create_app(seed_index)


# --- the feed's own links -----------------------------------------------------------------


def test_the_feed_links_its_search_with_every_value_and_no_sort_it_ignores(client):
    raw = client.get("/feed.atom?q=Russia&speaker=lavrov&speaker=zakharova&sort=oldest&kind=")
    feed = ET.fromstring(raw.get_data())
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    alternate = parse_qs(urlsplit(links["alternate"]).query)
    assert alternate == {"q": ["Russia"], "speaker": ["lavrov", "zakharova"], "sort": ["newest"]}
    own = parse_qs(urlsplit(links["self"]).query)
    assert own == {"q": ["Russia"], "speaker": ["lavrov", "zakharova"]}
    assert feed.find(f"{ATOM}id").text == links["self"]


# --- machine clients always get JSON, and undecodable input a 400 ---------------------------


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", ["/api/search?q=x", f"/api/passages/{PASSAGE}", "/api/nothing"])
def test_other_methods_on_the_api_get_a_json_405(client, method, path):
    response = client.open(path, method=method)
    assert response.status_code == 405 and response.is_json
    assert "error" in response.get_json() and "GET" in response.headers["Allow"]


@pytest.mark.parametrize(
    "path", ["/api/search?q=%FF%FE", "/api/search?q=ok&speaker=%C3", f"/api/passages/{PASSAGE}%FF"]
)
def test_undecodable_input_is_a_json_400(client, path):
    response = client.get(path)
    assert response.status_code == 400 and "UTF-8" in response.get_json()["error"]


def test_undecodable_input_on_a_page_is_a_400_page(client):
    response = client.get("/?q=%FF")
    assert response.status_code == 400 and "UTF-8" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "q",
    ["date:[2021-01-01 TO 2021-13-01]", "date:[2021-13-45 TO ", "date:2021-02-30", "x" * 10_000],
)
def test_bad_queries_are_a_json_400_with_a_message(client, q):
    response = client.get("/api/search", query_string={"q": q})
    assert response.status_code == 400 and response.get_json()["error"]


# --- undated passages: a bucket of their own, last ------------------------------------------


@pytest.fixture(scope="module")
def contract_client(tmp_path_factory):
    from indexer.build import build_index
    from search.engines.whoosh.writer import WhooshTarget
    from tests.conftest import write_corpus
    from tests.test_engine_contract import CORPUS

    folder = tmp_path_factory.mktemp("undated")
    corpus = write_corpus(folder / "corpus", CORPUS)
    build_index([corpus], WhooshTarget(folder / "index"), log=lambda line: None)
    return create_app(folder / "index").test_client()


def test_the_year_facet_lists_undated_last_and_its_link_finds_them(contract_client):
    body = contract_client.get("/api/search?q=NATO").get_json()
    assert [f["value"] for f in body["facets"]["year"]] == ["2019", "2021", "undated"]
    page = contract_client.get("/?q=NATO").get_data(as_text=True)
    assert "2147483647" not in page
    link = page.split('title="1 passages with no known date"')[0].rsplit('href="', 1)[1]
    response = contract_client.get(link.split('"')[0].replace("&amp;", "&"))
    assert response.status_code == 200
    assert "1 passage" in response.get_data(as_text=True)
    undated = contract_client.get("/api/search?q=NATO&undated=1").get_json()
    assert [r["date"] for r in undated["results"]] == [None]
    assert contract_client.get("/api/search?q=NATO&undated=1&from=2019").status_code == 400
    assert contract_client.get("/api/search?q=NATO&undated=maybe").status_code == 400
