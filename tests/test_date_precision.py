"""A date known to the year is shown, cited and exported as the year: never an invented day."""

import json
from datetime import date

import pytest

from search.citations import CITERS, long_date
from tests.conftest import write_corpus
from tests.engines import built_on

# A UN General Debate speech: the file name gives the session and year, nothing the day.
SPEECH = "Mr. President, I should like to congratulate you on your election.\n"


@pytest.fixture(scope="module")
def client(engine_name, tmp_path_factory):
    """On each engine (the contract suite)."""
    folder = tmp_path_factory.mktemp("ungd")
    corpus = write_corpus(
        folder / "corpora", {"ungd/TXT/Session 09 - 1954/DNK_09_1954.txt": SPEECH}
    )
    with built_on(engine_name, [corpus / "ungd"], folder, "ungd") as built:
        yield built.app().test_client()


def the_passage(client) -> dict:
    [hit] = client.get("/api/search?q=congratulate").get_json()["results"]
    return hit


def test_the_api_and_exports_give_the_year_alone(client):
    hit = the_passage(client)
    assert (hit["date"], hit["date_precision"]) == ("1954", "year")
    assert hit["doc_id"].startswith("1954-") and not hit["doc_id"].startswith("1954-09")
    rows = client.get("/export.csv?q=congratulate").get_data(as_text=True)
    assert ",1954," in rows and "1954-" not in rows.split("\n")[1].split(",")[2]


def test_pages_show_the_year_and_no_day(client):
    hit = the_passage(client)
    for url in (f"/p/{hit['id']}", f"/d/{hit['doc_id']}", "/?q=congratulate"):
        page = client.get(url).get_data(as_text=True)
        assert '<time datetime="1954">1954</time>' in page, url
        assert "January 1954" not in page and "September 1954" not in page


def test_citations_carry_the_year_only(client):
    hit = the_passage(client)
    bib = client.get(f"/p/{hit['id']}/cite.bib").get_data(as_text=True)
    assert "date = {1954}" in bib and "year = {1954}" in bib
    ris = client.get(f"/p/{hit['id']}/cite.ris").get_data(as_text=True)
    assert "DA  - 1954\r\n" in ris
    [csl] = json.loads(client.get(f"/p/{hit['id']}/cite.json").get_data(as_text=True))
    assert csl["issued"] == {"date-parts": [[1954]]}
    assert set(CITERS) >= {"bib", "ris", "json"}


def test_a_year_filter_finds_a_speech_known_to_the_year(client):
    assert client.get("/api/search?q=congratulate&from=1954&to=1954").get_json()["total"] == 1
    assert client.get("/api/search?q=congratulate&from=1955").get_json()["total"] == 0


@pytest.mark.parametrize(
    ("precision", "shown"),
    [("year", "1954"), ("month", "September 1954"), ("day", "21 September 1954")],
)
def test_long_date_is_no_more_precise_than_the_date(precision, shown):
    assert long_date(date(1954, 9, 21), precision) == shown


def test_the_command_line_prints_the_year_and_no_day(tmp_path):
    from click.testing import CliRunner

    from cli.main import main
    from indexer.build import build_index
    from search.engines.whoosh.writer import WhooshTarget

    corpus = write_corpus(
        tmp_path / "corpora", {"ungd/TXT/Session 09 - 1954/DNK_09_1954.txt": SPEECH}
    )
    build_index([corpus / "ungd"], WhooshTarget(tmp_path / "index"), log=lambda line: None)
    index = ["--index", str(tmp_path / "index")]
    for command in (["search", "congratulate"], ["quote", SPEECH.strip()]):
        result = CliRunner().invoke(main, [*command, *index])
        assert result.exit_code == 0, result.output
        # The result line ends in the date: the year alone, never the first of January.
        assert ", 1954\n" in result.output and "1954-01-01" not in result.output
