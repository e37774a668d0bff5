"""A speaker filter that names nobody suggests the nearest known speakers: the function, the
API's `suggestions`, the search page and the CLI."""

import pytest
from click.testing import CliRunner

from cli.main import main
from indexer.speakers import default_registry, suggest_speakers

NAMES = [
    "Vladimir Putin",
    "Sergey Lavrov",
    "Maria Zakharova",
    "Jen Psaki",
    "Karine Jean-Pierre",
    "John Kirby",
    "Dmitry Peskov",
    "Dmitry Medvedev",
]


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("puttin", "Vladimir Putin"),
        ("Putn", "Vladimir Putin"),
        ("lavrof", "Sergey Lavrov"),
        ("zaharova", "Maria Zakharova"),
        ("Путин", "Vladimir Putin"),
        ("Лавров", "Sergey Lavrov"),
        ("psaky", "Jen Psaki"),
        ("jean pierre", "Karine Jean-Pierre"),
        ("kirbi", "John Kirby"),
        ("Vladimir Puttin", "Vladimir Putin"),
    ],
)
def test_a_misspelt_speaker_suggests_the_person(typed, first):
    assert suggest_speakers(typed, NAMES, default_registry())[0] == first


@pytest.mark.parametrize("typed", ["xyzzy", "", "  ", "q", "Gorbachev"])
def test_nothing_near_suggests_nobody(typed):
    assert suggest_speakers(typed, NAMES, default_registry()) == []


def test_nearest_first_and_at_most_the_limit():
    found = suggest_speakers("dmitry", NAMES, default_registry(), limit=1)
    assert found == ["Dmitry Peskov"]  # the name listed first (most passages) wins the tie


def test_the_api_answers_an_unknown_speaker_with_suggestions(client):
    body = client.get("/api/search?q=Russia&speaker=zaharova").get_json()
    assert body["total"] == 0
    assert body["suggestions"] == {"speaker": {"zaharova": ["Maria Zakharova"]}}
    known = client.get("/api/search?q=Russia&speaker=zakharova").get_json()
    assert known["suggestions"] == {"speaker": {}}


def test_the_search_page_offers_the_nearest_speakers(client):
    page = client.get("/?q=Russia&speaker=zaharova").get_data(as_text=True)
    assert "No speaker called" in page and "Maria Zakharova" in page
    assert "speaker=Maria+Zakharova" in page


def test_the_cli_names_the_nearest_speakers(seed_index):
    result = CliRunner().invoke(
        main, ["search", "Russia", "--speaker", "zaharova", "--index", str(seed_index)]
    )
    assert result.exit_code == 0
    assert "No speaker called “zaharova”; did you mean: Maria Zakharova?" in result.output
