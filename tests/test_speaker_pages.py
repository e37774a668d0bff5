"""Speaker pages: who speaks, their telling words, and what they said about something by month."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from search.engines.whoosh.searcher import IndexHandle, speakers
from search.engines.whoosh.speaker_stats import speaker_profile
from search.months import months_between
from tests.conftest import write_corpus
from tests.engines import Built, built_on
from tests.transcripts import briefing, interview
from webapp import speaker_pages
from webapp.charts import Bar, bar_chart, bar_chart_svg, monthly_chart, tick_cells

SVG = "{http://www.w3.org/2000/svg}"


SANCTIONS = "The sanctions against multipolarity will fail, and partners know it."
MONTHS_CORPUS = {
    "jan.txt": interview(
        "January 12, 2021",
        [
            SANCTIONS,
            "Unilateral sanctions are illegitimate; multipolarity is the reality of 2021.",
        ],
    ),
    "mar.txt": interview(
        "March 3, 2021",
        [
            "New sanctions change nothing in our approach to multipolarity.",
            "The vaccine Sputnik V is registered in many countries.",
        ],
    ),
    # The same answer published again the same month: one passage, not two.
    "mar-repost.txt": interview("March 20, 2021", [SANCTIONS], outlet="RIA Novosti"),
    "jun.txt": interview("June 30, 2021", ["Grain exports continue as agreed."]),
    "feb-zakharova.txt": briefing("February 10, 2021", "Western sanctions hurt Europe itself."),
}


@pytest.fixture(scope="module")
def months_built(engine_name, tmp_path_factory):
    """The months corpus on each engine (the contract suite)."""
    folder = tmp_path_factory.mktemp("speaker-months")
    corpus = write_corpus(folder / "corpus", MONTHS_CORPUS)
    with built_on(engine_name, [corpus], folder, "months") as built:
        yield built


@pytest.fixture(scope="module")
def months_engine(months_built):
    return months_built.opened()


def speaker_client(built: Built):
    app = built.app()
    if "speakers" not in app.blueprints:  # until create_app registers it itself
        app.register_blueprint(speaker_pages.blueprint)
    return app.test_client()


@pytest.fixture(scope="module")
def seed_client(seed_built):
    return speaker_client(seed_built)


@pytest.fixture(scope="module")
def months_client(months_built):
    return speaker_client(months_built)


def by_month(client, url: str) -> dict[str, int]:
    return {m["month"]: m["count"] for m in client.get(url).get_json()["by_month"]}


def page_svg(page: str) -> ET.Element:
    [svg] = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    return ET.fromstring(svg)


def bars(svg: ET.Element) -> list[ET.Element]:
    return [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "bar"]


# Counting


def test_every_month_of_the_speakers_span_is_counted_empty_months_included(months_client):
    counts = by_month(months_client, "/api/speakers/sergey-lavrov")
    assert counts == {
        "2021-01": 2,
        "2021-02": 0,
        "2021-03": 2,
        "2021-04": 0,
        "2021-05": 0,
        "2021-06": 1,
    }


def test_a_query_counts_only_this_speakers_matching_passages_over_their_whole_span(months_client):
    data = months_client.get("/api/speakers/sergey-lavrov?q=sanctions").get_json()
    counts = {m["month"]: m["count"] for m in data["by_month"]}
    # Zakharova's February briefing on sanctions is not Lavrov's; the March repost counts once.
    assert counts == {
        "2021-01": 2,
        "2021-02": 0,
        "2021-03": 1,
        "2021-04": 0,
        "2021-05": 0,
        "2021-06": 0,
    }
    assert data["matching"] == 3
    assert data["query"] == "sanctions"


def test_month_counts_agree_with_the_search_for_that_month(months_client):
    counts = by_month(months_client, "/api/speakers/sergey-lavrov?q=sanctions")
    found = months_client.get(
        "/api/search?q=sanctions&speaker=sergey-lavrov&from=2021-01-01&to=2021-01-31"
    ).get_json()
    assert found["total"] == counts["2021-01"]


def test_profile_gives_passages_and_first_and_last_dates(months_client):
    data = months_client.get("/api/speakers/sergey-lavrov").get_json()
    assert (data["passages"], data["first_date"], data["last_date"]) == (
        5,
        "2021-01-12",
        "2021-06-30",
    )


def test_months_between_crosses_year_ends():
    assert months_between(date(2020, 11, 30), date(2021, 2, 1)) == [
        "2020-11",
        "2020-12",
        "2021-01",
        "2021-02",
    ]


# Top terms


def test_top_terms_are_words_the_speaker_uses_more_than_others(months_engine):
    profile = months_engine.speaker_profile("sergey-lavrov")
    assert "multipolarity" in profile.top_terms
    assert "europe" not in profile.top_terms  # only Zakharova says it
    for term in profile.top_terms:
        assert term.isalpha() and term not in {"the", "and", "our", "will"}


def test_top_terms_skip_numbers(months_engine):
    profile = months_engine.speaker_profile("sergey-lavrov")
    assert not any(ch.isdigit() for term in profile.top_terms for ch in term)


def test_unknown_speaker_has_no_profile(handle):
    assert speaker_profile(handle, "nobody-at-all") is None


# Quotes


def test_quotes_for_a_query_are_this_speakers_highlighted_passages_with_permalinks(seed_client):
    data = seed_client.get("/api/speakers/sergey-lavrov?q=vaccine").get_json()
    assert data["quotes"]
    for quote in data["quotes"]:
        assert set(quote) >= {"id", "url", "date", "text", "highlight"}
        assert quote["url"] == f"http://localhost/p/{quote['id']}"
        assert "lavrov" in quote["id"]
    # The best quote says the word itself (others may match only in the question they answer).
    assert "<mark" in data["quotes"][0]["highlight"]


def test_quotes_without_a_query_are_dense_in_the_speakers_top_terms(months_client):
    data = months_client.get("/api/speakers/sergey-lavrov").get_json()
    top = data["quotes"][0]
    assert sum(term in top["text"].lower() for term in data["top_terms"]) >= 2
    assert "<mark" in top["highlight"]


# JSON shape and errors


def test_speaker_json_has_the_documented_shape(seed_client):
    data = seed_client.get("/api/speakers/sergey-lavrov").get_json()
    assert set(data) >= {
        "name",
        "slug",
        "roles",
        "passages",
        "first_date",
        "last_date",
        "top_terms",
        "query",
        "by_month",
        "quotes",
    }
    assert data["name"] == "Sergey Lavrov" and data["slug"] == "sergey-lavrov"
    assert data["roles"] == ["Minister of Foreign Affairs of Russia"]
    assert data["query"] == ""
    assert sum(m["count"] for m in data["by_month"]) + data["undated"] == data["passages"] == 8


def test_unknown_slug_is_a_json_404(seed_client):
    response = seed_client.get("/api/speakers/nobody-at-all")
    assert response.status_code == 404 and "error" in response.get_json()


@pytest.mark.parametrize("query", ["date:2021-13-45", "colour:blue", "x" * 2001])
def test_a_query_that_cannot_be_read_is_a_json_400(seed_client, query):
    response = seed_client.get("/api/speakers/sergey-lavrov", query_string={"q": query})
    assert response.status_code == 400 and response.get_json()["error"]


def test_a_missing_index_is_a_503_not_a_500(tmp_path):
    client = speaker_client(Built("whoosh", tmp_path / "none"))
    response = client.get("/api/speakers/sergey-lavrov")
    assert response.status_code == 503 and "error" in response.get_json()
    assert client.get("/speakers/sergey-lavrov").status_code == 503


# Pages


def test_speaker_list_links_every_speaker_with_count_and_roles(seed_client, handle):
    page = seed_client.get("/speakers").get_data(as_text=True)
    for s in speakers(handle):
        assert f'href="/speakers/{s.slug}"' in page
    assert "Minister of Foreign Affairs of Russia" in page
    assert re.search(r">Sergey Lavrov</a></th>\s*<td[^>]*>8</td>", page)


def test_speaker_page_shows_count_dates_terms_form_chart_and_quotes(seed_client):
    page = seed_client.get("/speakers/sergey-lavrov").get_data(as_text=True)
    assert "8 passages" in page and "9 July 2021" in page and "4 August 2021" in page
    assert 'href="/speakers/sergey-lavrov?q=sputnik"' in page  # a top term, asked about
    assert 'action="/speakers/sergey-lavrov"' in page and 'name="q"' in page
    assert 'href="/p/2021-08-04-lavrov-komsomolskaya-pravda-' in page
    assert len(bars(page_svg(page))) == 2  # July and August 2021


def test_speaker_page_for_a_query_draws_one_bar_per_month_in_range(months_client):
    page = months_client.get("/speakers/sergey-lavrov?q=sanctions").get_data(as_text=True)
    svg = page_svg(page)
    assert [int(float(b.get("height")) > 0) for b in bars(svg)] == [1, 0, 1, 0, 0, 0]
    assert svg.get("role") == "img" and "sanctions" in svg.get("aria-label")
    assert svg.find(f"{SVG}title").text == svg.get("aria-label")
    assert (
        'href="/?q=sanctions&amp;speaker=sergey-lavrov&amp;from=2021-01-01&amp;to=2021-01-31"'
        in page
    )
    assert "<mark" in page


def test_unknown_slug_gets_the_404_page(seed_client):
    response = seed_client.get("/speakers/nobody-at-all")
    assert response.status_code == 404
    assert "Not found" in response.get_data(as_text=True)


def test_a_name_the_registry_knows_redirects_to_the_speakers_page(seed_client):
    response = seed_client.get("/speakers/lavrov?q=vaccine")
    assert response.status_code == 302
    assert response.headers["Location"] == "/speakers/sergey-lavrov?q=vaccine"


def test_a_query_that_cannot_be_read_gets_a_message_on_the_page(seed_client):
    response = seed_client.get("/speakers/sergey-lavrov?q=date:2021-13-45")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "could not be run" in page and "<h1>Sergey Lavrov</h1>" in page
    assert 'value="date:2021-13-45"' in page


def test_pages_have_no_scripts_or_inline_handlers_of_their_own(seed_client):
    for url in ("/speakers", "/speakers/sergey-lavrov?q=vaccine"):
        page = seed_client.get(url).get_data(as_text=True)
        assert "<script>" not in page and not re.search(r"\son[a-z]+=", page)
        assert 'style="' not in page


# Escaping


def test_hostile_names_queries_and_texts_are_escaped(hostile_index):
    client = speaker_client(Built("whoosh", hostile_index))
    [bad] = [s for s in speakers(IndexHandle(hostile_index)) if "Actor" in s.name]
    assert bad.name == "Bad O'Actor"
    listing = client.get("/speakers").get_data(as_text=True)
    assert "Bad O&#39;Actor" in listing
    page = client.get(f"/speakers/{bad.slug}?q=<script>alert").get_data(as_text=True)
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page
    svg = page_svg(page)  # well-formed in spite of the name and the query
    title = "Bad O'Actor: passages matching “<script>alert”, by month"
    assert svg.find(f"{SVG}title").text == title
    data = client.get(f"/api/speakers/{bad.slug}?q=alert").get_json()
    assert "<script>" not in data["quotes"][0]["highlight"]


# The chart itself


def test_chart_labels_are_escaped_and_the_svg_is_well_formed():
    hostile = "<script>alert('x')</script> & \"quotes\""
    svg = ET.fromstring(bar_chart_svg([Bar(3, hostile), Bar(0, "none")], hostile, hostile, [0]))
    assert svg.find(f"{SVG}title").text == hostile
    assert svg.get("aria-label") == hostile
    assert [b.find(f"{SVG}title").text for b in bars(svg)] == [hostile, "none"]
    assert not list(svg.iter(f"{SVG}script"))
    assert not any(name.startswith("on") for el in svg.iter() for name in el.attrib)


def chart_parts(chart: str) -> tuple[ET.Element, list[str], list[tuple[int, str]]]:
    """The chart's SVG, its value-axis labels, and its year labels as (months spanned, label);
    parsing it whole also checks that it is well-formed."""
    html = ET.fromstring(chart)
    [svg] = html.iter(f"{SVG}svg")
    values = [span.text or "" for span in html.find("div[@class='value-axis']")]
    cells = [(int(td.get("colspan")), td.text or "") for td in html.iter("td")]
    return svg, values, cells


def test_monthly_chart_labels_each_year_where_it_starts():
    months = [(m, 1) for m in months_between(date(2020, 11, 1), date(2022, 2, 1))]
    svg, values, cells = chart_parts(monthly_chart(months, "t"))
    # As HTML under the bars, each cell as wide as the months it spans: 2 + 12 + 2.
    assert cells == [(2, "2020"), (12, "2021"), (2, "2022")]
    assert values == ["1", "0"]
    assert not list(svg.iter(f"{SVG}text"))  # no text over shapes, whose contrast is unknown
    assert len(bars(svg)) == 16
    assert bars(svg)[0].find(f"{SVG}title").text == "November 2020: 1 passage"


def test_a_year_label_with_no_room_gives_way_to_the_next():
    # December 2020 alone before twenty-four months: its label would run into 2021's.
    assert tick_cells({0: "2020", 1: "2021", 13: "2022"}, 25) == [
        (1, ""),
        (12, "2021"),
        (12, "2022"),
    ]
    assert tick_cells({}, 3) == [(3, "")]
    assert tick_cells({0: "2021"}, 1) == [(1, "2021")]


def test_chart_labels_in_html_are_escaped():
    hostile = "<script>alert('x')</script> & \"quotes\""
    svg, values, cells = chart_parts(bar_chart([Bar(3, hostile)], hostile, hostile, {0: hostile}))
    assert cells == [(1, hostile)] and values == ["3", "0"]
    assert svg.find(f"{SVG}title").text == hostile


def test_monthly_chart_of_nothing_is_still_a_chart():
    chart = ET.fromstring(monthly_chart([], "Nobody: passages by month"))
    [svg] = chart.iter(f"{SVG}svg")
    assert svg.find(f"{SVG}title").text == "Nobody: passages by month" and not bars(svg)
    assert "Nothing to show" in ET.tostring(chart, encoding="unicode")


def test_bar_heights_are_proportional_to_counts():
    svg, values, _ = chart_parts(
        monthly_chart([("2021-01", 4), ("2021-02", 2), ("2021-03", 0)], "t")
    )
    heights = [float(b.get("height")) for b in bars(svg)]
    assert heights[0] == pytest.approx(2 * heights[1]) and heights[2] == 0
    assert values == ["4", "0"]
