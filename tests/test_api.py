"""The JSON API, pinned: field names, types and errors are a contract with its users, on every
engine (the contract suite: `engine_app` runs each test on Whoosh and on OpenSearch)."""

import pytest

from tests.conftest import seed_id

DOC = "2021-08-04-lavrov-komsomolskaya-pravda"

# One record, one serialiser: a search result, a passage, a quote match and an export row all
# carry these keys.
RESULT_FIELDS = {
    "id",
    "url",
    "doc_id",
    "title",
    "date",
    "speaker",
    "speaker_slug",
    "role",
    "kind",
    "question",
    "asker",
    "asker_outlet",
    "date_precision",
    "text",
    "highlight",
    "score",
    "position",
    "language",
    "publisher",
    "source",
    "source_url",
    "also_sources",
    "also_published_in",
    "document_url",
    "prev",
    "next",
}


def test_search_returns_the_documented_shape(client):
    body = client.get("/api/search?q=Sputnik&per_page=2").get_json()
    shape = {"query", "total", "page", "per_page", "results", "facets", "suggestion", "suggestions"}
    assert set(body) == shape
    assert (body["query"], body["page"], body["per_page"]) == ("Sputnik", 1, 2)
    assert body["total"] >= 3 and len(body["results"]) == 2
    first = body["results"][0]
    assert set(first) == RESULT_FIELDS
    assert first["date"] == "2021-08-04"
    assert first["url"] == f"http://localhost/p/{first['id']}"
    assert first["question"] and first["asker"] == "Komsomolskaya Pravda"
    assert "<mark" in first["highlight"]


def test_paragraphs_have_null_question_and_asker(client):
    body = client.get("/api/search?q=speaker:zakharova").get_json()
    assert body["results"] and all(
        r["kind"] == "paragraph" and r["question"] is None and r["asker"] is None
        for r in body["results"]
    )


def test_filters_by_parameter(client):
    body = client.get(
        "/api/search?q=Russia&speaker=Lavrov&kind=answer&from=2021-08-01&to=2021-08-31"
    ).get_json()
    assert body["total"] > 0
    assert all(
        r["speaker"] == "Sergey Lavrov" and r["date"].startswith("2021-08") for r in body["results"]
    )


def test_several_speakers_at_once(client):
    body = client.get("/api/search?q=Russia&speaker=zakharova&speaker=putin&per_page=50").get_json()
    assert {r["speaker"] for r in body["results"]} == {"Maria Zakharova", "Vladimir Putin"}


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=0",
        "page=-1",
        "per_page=1000000",
        "from=2021-13-45",
        "to=yesterday",
        "q=date:2021-13-45",
        "sort=sideways",
        "q=" + "x" * 10_000,
        "q=a%00b",
    ],
)
def test_bad_parameters_get_400_with_an_error(client, query):
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 400
    assert set(response.get_json()) == {"error"}


def test_passage_with_neighbours_and_document(client):
    body = client.get(f"/api/passages/{seed_id(DOC, 3)}").get_json()
    assert body["prev"] == seed_id(DOC, 2)
    assert body["next"] == seed_id(DOC, 4)
    assert body["title"].startswith("Foreign Minister Sergey Lavrov’s interview")
    assert body["date"] == "2021-08-04" and body["source"].endswith(".txt")
    assert body["document_url"].endswith(f"/d/{DOC}#{seed_id(DOC, 3).removeprefix(DOC + '-')}")


def test_a_positional_id_redirects_to_the_stable_one(client):
    response = client.get(f"/api/passages/{DOC}-3")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/api/passages/{seed_id(DOC, 3)}"


def test_first_passage_has_no_previous(client):
    body = client.get(f"/api/passages/{seed_id(DOC, 1)}").get_json()
    assert body["prev"] is None


def test_unknown_passage_is_a_json_404(client):
    response = client.get("/api/passages/no-such-passage-9")
    assert response.status_code == 404 and "error" in response.get_json()
    assert client.get("/api/nothing-here").status_code == 404


def test_speakers_are_listed_with_passage_counts(client):
    body = client.get("/api/speakers").get_json()
    counts = {s["name"]: s["passages"] for s in body["speakers"]}
    # The embassy publishes the page: its own paper is no speaker record.
    assert counts == {"Sergey Lavrov": 8, "Vladimir Putin": 4, "Maria Zakharova": 2}
    lavrov = body["speakers"][0]
    assert lavrov["slug"] == "sergey-lavrov" and lavrov["roles"]


def test_facets_and_year_shortcuts(client):
    body = client.get("/api/search?q=Russia&from=2021&to=2021").get_json()
    assert body["total"] > 0
    assert body["facets"]["year"] == [{"value": "2021", "label": "2021", "count": body["total"]}]
    assert {f["label"] for f in body["facets"]["speaker"]} >= {"Sergey Lavrov", "Vladimir Putin"}
    assert client.get("/api/search?q=Russia&from=2022").get_json()["total"] == 0


def test_sort_newest_first(client):
    dates = [
        r["date"]
        for r in client.get("/api/search?q=Russia&sort=newest&per_page=50").get_json()["results"]
    ]
    assert dates == sorted(dates, reverse=True)


def test_suggestion_for_a_misspelling(client):
    assert client.get("/api/search?q=Lavrof").get_json()["suggestion"] == "Lavrov"


def test_similar_passages(client):
    body = client.get(f"/api/passages/{seed_id(DOC, 2)}/similar").get_json()
    assert body["results"] and all(set(r) >= {"id", "url", "score"} for r in body["results"])
    assert client.get("/api/passages/nope-1/similar").status_code == 404
