"""The HTML pages: what a reader sees, and that corpus text never runs as markup."""

import pytest

from tests.conftest import seed_id
from webapp import create_app

DOC = "2021-08-04-lavrov-komsomolskaya-pravda"


def test_home_page_explains_the_query_syntax(client):
    page = client.get("/").get_data(as_text=True)
    assert 'role="search"' in page and "How to search" in page


def test_results_show_snippet_speaker_date_title_question_and_permalink(client):
    page = client.get("/?q=Sputnik").get_data(as_text=True)
    assert "<mark" in page
    assert "Sergey Lavrov" in page and "4 August 2021" in page
    assert "interview with the newspaper Komsomolskaya Pravda" in page
    assert "Question (Komsomolskaya Pravda):" in page
    assert f'href="/p/{seed_id(DOC, 2)}"' in page


def test_passage_page_has_question_answer_citation_and_links(client):
    page = client.get(f"/p/{seed_id(DOC, 3)}").get_data(as_text=True)
    assert "Other countries responded to Russia’s help" in page  # the question
    assert "Let me remind you that France was among the first" in page  # the answer's last part
    assert f"http://localhost/p/{seed_id(DOC, 3)}" in page  # citation
    assert f'href="/p/{seed_id(DOC, 2)}"' in page
    assert f'href="/p/{seed_id(DOC, 4)}"' in page
    assert f'href="/d/{DOC}#{seed_id(DOC, 3).removeprefix(DOC + "-")}"' in page
    assert "Russian Embassy in the UK" in page


def test_document_page_anchors_every_passage(client):
    page = client.get("/d/2021-08-04-lavrov-komsomolskaya-pravda").get_data(as_text=True)
    for position in range(1, 6):
        assert f'id="p{position}"' in page  # the positional anchors links had before
        assert f'id="{seed_id(DOC, position).removeprefix(DOC + "-")}"' in page


@pytest.mark.parametrize("path", ["/p/{old}", "/p/{old}/similar", "/p/{old}/cite.bib"])
def test_a_positional_id_redirects_permanently_to_the_stable_one(client, path):
    response = client.get(path.format(old=f"{DOC}-3"))
    assert response.status_code == 301
    assert response.headers["Location"] == path.format(old=seed_id(DOC, 3))


def test_unknown_ids_get_a_404_page(client):
    for url in ("/p/nothing-1", "/d/nothing", "/no/such/page"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Not found" in response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["q=date:2021-13-45", "page=abc", "from=2021-02-30"])
def test_a_query_that_cannot_be_run_gets_a_message_not_a_500(client, query):
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    # The search page again, not the error page: the form, with the message beside it.
    assert "could not be run" in page and 'role="alert"' in page
    assert 'aria-label="Refine the search"' in page


def test_missing_index_is_explained(tmp_path):
    client = create_app(tmp_path / "none").test_client()
    response = client.get("/?q=x")
    assert response.status_code == 503 and "verbatim index" in response.get_data(as_text=True)


def test_corpus_markup_is_escaped_everywhere(hostile_index):
    client = create_app(hostile_index).test_client()
    [hit] = client.get("/api/search?q=alert").get_json()["results"]
    pages = [
        client.get("/?q=alert").get_data(as_text=True),
        client.get(f"/p/{hit['id']}").get_data(as_text=True),
        client.get(f"/d/{hit['doc_id']}").get_data(as_text=True),
    ]
    for page in pages:
        assert "<script>" not in page and "<img src=x" not in page and "<b onmouseover" not in page
        assert "&lt;script&gt;" in page
        assert "Bad O&#39;Actor" in page


def test_facets_link_to_the_same_search_with_the_filter_applied(client):
    page = client.get("/?q=Russia").get_data(as_text=True)
    assert 'href="/?q=Russia&amp;speaker=maria-zakharova"' in page
    assert 'href="/?q=Russia&amp;from=2021&amp;to=2021"' in page
    filtered = client.get("/?q=Russia&speaker=maria-zakharova").get_data(as_text=True)
    assert "Remove filter speaker maria-zakharova" in filtered
    assert "Vladimir Putin</span>" not in filtered


def test_filters_form_keeps_its_state_in_the_url(client):
    page = client.get("/?q=Russia&kind=answer&from=2021-07-01&sort=newest").get_data(as_text=True)
    assert '<option value="answer" selected>' in page
    assert 'value="2021-07-01"' in page and '<option value="newest" selected>' in page


def test_did_you_mean_links_to_the_corrected_search(client):
    page = client.get("/?q=Lavrof").get_data(as_text=True)
    assert 'Did you mean <a href="/?q=Lavrov">Lavrov</a>?' in page


def test_more_like_this_page(client):
    page = client.get(f"/p/{seed_id(DOC, 2)}/similar").get_data(as_text=True)
    assert "More like this" in page and "Permalink" in page
