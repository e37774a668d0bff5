"""Answers that real clients read wrong (issue 17): each case as a client meets it."""

from __future__ import annotations

import csv
import io
from xml.etree import ElementTree as ET

import pytest

ATOM = "{http://www.w3.org/2005/Atom}"
NOTHING_THEN = "from=2030-01-01"


def test_an_empty_date_filter_gives_an_empty_api_answer(client):
    body = client.get(f"/api/search?q=Russia&{NOTHING_THEN}").get_json()
    assert body["total"] == 0 and body["results"] == []


def test_an_empty_date_filter_gives_an_empty_feed_and_export(client):
    feed = ET.fromstring(client.get(f"/feed.atom?q=Russia&{NOTHING_THEN}").get_data())
    assert feed.findall(f"{ATOM}entry") == []
    rows = list(csv.DictReader(io.StringIO(
        client.get(f"/export.csv?q=Russia&{NOTHING_THEN}").get_data(as_text=True))))
    assert rows == []
    body = client.get(f"/export.json?speaker=lavrov&{NOTHING_THEN}").get_json()
    assert body["count"] == 0 and body["results"] == []


@pytest.mark.parametrize("query", ["q=Russia", "speaker=lavrov"])
def test_an_empty_date_filter_shows_no_results_on_the_page(client, query):
    page = client.get(f"/?{query}&{NOTHING_THEN}").get_data(as_text=True)
    assert "0 passages" in page and 'class="result"' not in page
