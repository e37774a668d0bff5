"""Speakers compared on a topic: counts and shares on a corpus whose answer is known, the JSON
contract and its 400s, the page (escaped), the chart (well-formed, accessible) and the CLI."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from cli.main import main as cli
from search.core import open_engine
from tests.transcripts import briefing, indexed, interview
from webapp import create_app

SVG = "{http://www.w3.org/2000/svg}"
NATO = "NATO expansion to the east is a threat to European security."


# Lavrov: January 2 of 5 on NATO (a repost of one counts once), February 0 of 4, March nothing
# said at all, April 1 of 1, and 1 of 1 undated. Zakharova: January 1 of 2, February nothing,
# March 1 of 1.
CORPUS = {
    "jan.txt": interview(
        "January 12, 2021",
        [
            NATO,
            "The alliance keeps moving its NATO infrastructure closer.",
            "Grain exports continue.",
            "The vaccine is registered.",
            "Talks with Japan go on.",
        ],
    ),
    "jan-repost.txt": interview("January 20, 2021", [NATO], outlet="RIA Novosti"),
    "feb.txt": interview(
        "February 3, 2021",
        [
            "Sanctions change nothing.",
            "Multipolarity is the reality.",
            "Europe should decide for itself.",
            "The Arctic Council meets in May.",
        ],
    ),
    "apr.txt": interview("April 8, 2021", ["NATO has chosen confrontation."]),
    "zakharova-jan-1.txt": briefing("January 14, 2021", "NATO drills near our borders go on."),
    "zakharova-jan-2.txt": briefing("January 21, 2021", "The embassy works as usual."),
    "zakharova-mar.txt": briefing("March 4, 2021", "NATO summits produce only statements."),
    # No date anywhere: counted among his passages and on the topic, in no month.
    "undated.txt": (
        "Foreign Minister Sergey Lavrov's interview with Interfax, Moscow\n\n"
        "Question: What about point 1?\n\nSergey Lavrov: NATO never kept its promises.\n"
    ),
}
BOTH = "/api/compare?q=NATO&speaker=sergey-lavrov&speaker=maria-zakharova"


@pytest.fixture(scope="module")
def compare_index(tmp_path_factory):
    return indexed(tmp_path_factory.mktemp("compare"), CORPUS)


@pytest.fixture(scope="module")
def compare_client(compare_index):
    app = create_app(compare_index)
    app.config["TESTING"] = True
    return app.test_client()


def series(data: dict, slug: str) -> dict:
    [found] = [s for s in data["speakers"] if s["slug"] == slug]
    return found


def months(data: dict, slug: str) -> dict[str, tuple[int, int, float | None]]:
    return {
        m["month"]: (m["count"], m["passages"], m["share"]) for m in series(data, slug)["by_month"]
    }


# Counts and shares


def test_counts_and_shares_month_by_month_on_a_corpus_with_known_answers(compare_client):
    data = compare_client.get(BOTH).get_json()
    assert data["months"] == ["2021-01", "2021-02", "2021-03", "2021-04"]
    assert months(data, "sergey-lavrov") == {
        "2021-01": (2, 5, 0.4),
        "2021-02": (0, 4, 0.0),
        "2021-03": (0, 0, None),
        "2021-04": (1, 1, 1.0),
    }
    assert months(data, "maria-zakharova") == {
        "2021-01": (1, 2, 0.5),
        "2021-02": (0, 0, None),
        "2021-03": (1, 1, 1.0),
        "2021-04": (0, 0, None),
    }
    lavrov, zakharova = series(data, "sergey-lavrov"), series(data, "maria-zakharova")
    assert (lavrov["matching"], lavrov["passages"], lavrov["share"]) == (4, 11, 0.3636)
    assert lavrov["undated"] == 1 and zakharova["undated"] == 0
    assert (zakharova["matching"], zakharova["passages"], zakharova["share"]) == (2, 3, 0.6667)


def test_a_month_count_is_what_the_search_for_that_month_finds(compare_client):
    data = compare_client.get(BOTH).get_json()
    found = compare_client.get(
        "/api/search?q=NATO&speaker=sergey-lavrov&from=2021-01-01&to=2021-01-31"
    ).get_json()
    assert found["total"] == months(data, "sergey-lavrov")["2021-01"][0] == 2


def test_filters_apply_to_counts_shares_and_the_span(compare_client):
    data = compare_client.get(BOTH + "&from=2021-02-01").get_json()
    assert data["months"] == ["2021-02", "2021-03", "2021-04"]
    assert data["filters"] == {"from": "2021-02-01"}
    assert months(data, "sergey-lavrov")["2021-02"] == (0, 4, 0.0)
    # A date filter leaves the undated passage out, as search does.
    lavrov = series(data, "sergey-lavrov")
    assert (lavrov["passages"], lavrov["matching"], lavrov["undated"]) == (5, 1, 0)
    only_answers = compare_client.get(BOTH + "&kind=answer").get_json()
    zakharova = series(only_answers, "maria-zakharova")  # her briefings are statements
    assert (zakharova["matching"], zakharova["passages"], zakharova["share"]) == (0, 0, None)
    assert zakharova["quotes"] == []


def test_speakers_are_named_any_way_the_registry_knows_and_kept_in_order(compare_client):
    data = compare_client.get(
        "/api/compare?q=NATO&speaker=zakharova&speaker=Lavrov&speaker=sergey-lavrov"
    ).get_json()
    assert [s["slug"] for s in data["speakers"]] == ["maria-zakharova", "sergey-lavrov"]


# The JSON contract


def test_json_has_the_documented_shape(compare_client):
    data = compare_client.get(BOTH).get_json()
    assert set(data) == {"query", "filters", "months", "speakers"}
    assert data["query"] == "NATO" and data["filters"] == {}
    lavrov = series(data, "sergey-lavrov")
    assert set(lavrov) == {
        "name",
        "slug",
        "url",
        "search_url",
        "passages",
        "matching",
        "share",
        "undated",
        "by_month",
        "quotes",
    }
    assert lavrov["name"] == "Sergey Lavrov"
    # Absolute links, whichever public address the app is given.
    assert re.fullmatch(r"https?://[^/]+/speakers/sergey-lavrov", lavrov["url"])
    assert re.fullmatch(r"https?://[^/]+/\?q=NATO&speaker=sergey-lavrov", lavrov["search_url"])
    assert set(lavrov["by_month"][0]) == {"month", "count", "passages", "share"}
    quote = lavrov["quotes"][0]
    assert quote["speaker_slug"] == "sergey-lavrov" and "<mark" in quote["highlight"]
    assert re.fullmatch(rf"https?://[^/]+/p/{quote['id']}", quote["url"])


def test_quotes_are_each_speakers_best_passages_on_the_topic(compare_client):
    data = compare_client.get(BOTH).get_json()
    lavrov = series(data, "sergey-lavrov")["quotes"]
    assert 1 <= len(lavrov) <= 3
    assert all("nato" in q["text"].lower() for q in lavrov)
    assert len({q["text"] for q in lavrov}) == len(lavrov)  # the repost shows once


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("q=NATO&speaker=nobody-at-all", "nobody called “nobody-at-all”"),
        ("q=NATO", "at least one speaker"),
        ("speaker=sergey-lavrov", "topic"),
        ("q=NATO&" + "&".join(f"speaker=s{n}" for n in range(7)), "at most 6 speakers"),
        ("q=colour:red&speaker=sergey-lavrov", "colour"),
        ("q=NATO&speaker=sergey-lavrov&from=2021-13-01", "from"),
        ("q=NATO&speaker=sergey-lavrov&from=2022&to=2021", "after"),
    ],
)
def test_bad_requests_are_json_400s_with_a_message(compare_client, query, message):
    response = compare_client.get(f"/api/compare?{query}")
    assert response.status_code == 400
    assert message in response.get_json()["error"]


def test_six_speakers_are_allowed(compare_client):
    names = ["sergey-lavrov", "maria-zakharova", "lavrov", "zakharova", "Sergey Lavrov", "Lavrov"]
    response = compare_client.get("/api/compare", query_string={"q": "NATO", "speaker": names})
    assert response.status_code == 200


SIX = [
    ("Sergey Lavrov", "March 3"),
    ("Maria Zakharova", "March 4"),
    ("Vladimir Putin", "April 5"),
    ("Dmitry Peskov", "May 6"),
    ("Sergey Ryabkov", "June 7"),
    ("Alexander Grushko", "June 8"),
]


def _news_conference(name: str, day: str) -> str:
    # Each says it in words of their own: a text said twice is one passage, a repost.
    return (
        f"Joint news conference, Moscow, {day}, 2021\n\nQuestion: What about NATO?\n\n"
        f"{name}: NATO is the question of the day for {name}.\n\n"
        f"Question: And the weather?\n\n{name}: It is cold today, says {name}.\n"
    )


def test_six_different_speakers_are_compared_on_one_page_and_a_seventh_is_refused(tmp_path):
    files = {f"{n}.txt": _news_conference(name, day) for n, (name, day) in enumerate(SIX)}
    client = create_app(indexed(tmp_path, files)).test_client()
    slugs = [name.lower().replace(" ", "-") for name, _ in SIX]
    response = client.get("/compare", query_string={"q": "NATO", "speaker": slugs})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    svg = page_svg(page)
    series = [g for g in svg.iter(f"{SVG}g") if "series" in (g.get("class") or "").split()]
    assert [g.find(f"{SVG}title").text for g in series] == [name for name, _ in SIX]
    assert len({g.get("stroke") for g in series}) == 6
    legend = re.findall(r'<li class="series-\d">.*?<span>(.*?)</span></li>', page, flags=re.S)
    assert legend == [f"{name} (1 of 2, 50.0%)" for name, _ in SIX]
    assert page.count('class="speaker-column"') == 6
    data = client.get("/api/compare", query_string={"q": "NATO", "speaker": slugs}).get_json()
    assert [s["name"] for s in data["speakers"]] == [name for name, _ in SIX]
    seventh = client.get("/compare", query_string={"q": "NATO", "speaker": [*slugs, "lavrov"]})
    assert seventh.status_code == 400
    assert "at most 6 speakers" in seventh.get_data(as_text=True)


def test_a_missing_index_is_a_503(tmp_path):
    client = create_app(tmp_path / "none").test_client()
    response = client.get(BOTH)
    assert response.status_code == 503 and "error" in response.get_json()


# The page


def page_svg(page: str) -> ET.Element:
    """The chart's picture: the one SVG that is an image (the legend's keys are hidden)."""
    found = re.findall(r'<svg xmlns="http://www.w3.org/2000/svg".*?</svg>', page, flags=re.S)
    [svg] = [s for s in found if 'role="img"' in s.split(">", 1)[0]]
    return ET.fromstring(svg)


def test_page_shows_totals_chart_months_and_quotes_side_by_side(compare_client):
    response = compare_client.get(BOTH.replace("/api", ""))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "How often each spoke of “NATO”" in page
    assert re.search(
        r">Sergey Lavrov</a></th>\s*<td><a [^>]*>4</a> <span class=\"count\">"
        r"\(1 undated\)</span></td>\s*<td>11</td>\s*<td>36.4%</td>",
        page,
    )
    assert page_svg(page).get("role") == "img"
    assert page.count('class="speaker-column"') == 2
    assert 'href="/?q=NATO&amp;speaker=sergey-lavrov"' in page
    # A month of the table links to the search for that speaker, topic and month.
    assert (
        'href="/?q=NATO&amp;speaker=maria-zakharova&amp;from=2021-03-01&amp;to=2021-03-31"' in page
    )
    assert re.search(r"<mark[^>]*>NATO</mark>", page)


def test_page_without_a_comparison_shows_the_form_and_how_it_works(compare_client):
    page = compare_client.get("/compare").get_data(as_text=True)
    assert 'action="/compare"' in page and "How it works" in page
    assert page.count('name="speaker"') == 6


def test_an_unknown_speaker_is_a_message_on_the_page_with_the_form_kept(compare_client):
    response = compare_client.get("/compare?q=NATO&speaker=sergey-lavrov&speaker=nobody")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'role="alert"' in page and "nobody called “nobody”" in page
    assert 'value="nobody"' in page and 'value="NATO"' in page


def test_a_topic_without_speakers_asks_for_them_but_speakers_alone_are_a_form_to_fill(
    compare_client,
):
    asked = compare_client.get("/compare?q=NATO")
    assert asked.status_code == 400
    assert 'role="alert"' in asked.get_data(as_text=True)
    assert "name at least one speaker" in asked.get_data(as_text=True)
    started = compare_client.get("/compare?speaker=sergey-lavrov")
    assert started.status_code == 200
    started = started.get_data(as_text=True)
    assert 'role="alert"' not in started and 'value="sergey-lavrov"' in started


def test_blank_fields_of_the_form_are_left_out_of_the_address(compare_client):
    response = compare_client.get("/compare?q=NATO&speaker=sergey-lavrov&speaker=&kind=&from=")
    assert response.status_code == 302
    assert response.headers["Location"] == "/compare?q=NATO&speaker=sergey-lavrov"


def test_the_chart_can_show_counts_instead_of_shares(compare_client):
    page = compare_client.get(BOTH.replace("/api", "") + "&measure=count").get_data(as_text=True)
    assert page_svg(page).get("aria-label") == "“NATO”: passages by month"
    assert "the share of their passages" in page
    bad = compare_client.get(BOTH.replace("/api", "") + "&measure=pies")
    assert "measure must be one of" in bad.get_data(as_text=True)


def test_speaker_pages_link_to_a_comparison(compare_client):
    page = compare_client.get("/speakers/sergey-lavrov?q=NATO").get_data(as_text=True)
    assert 'href="/compare?speaker=sergey-lavrov&amp;q=NATO"' in page


def test_corpus_text_names_and_queries_are_escaped(hostile_index):
    client = create_app(hostile_index).test_client()
    [bad] = [s for s in open_engine(index_dir=hostile_index).speakers() if "Actor" in s.name]
    response = client.get("/compare", query_string={"q": "alert <script>", "speaker": bad.slug})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert" not in page and "<img src=x" not in page and "<b onmouseover" not in page
    assert "Bad O&#39;Actor" in page
    svg = page_svg(page)  # well-formed in spite of the name and the query
    title = "“alert <script>”: share of each speaker’s passages by month"
    assert svg.find(f"{SVG}title").text == title
    assert "Bad O'Actor" in "".join(svg.itertext())


# The command line


def without_hosts(text: str) -> str:
    return re.sub(r"https?://[^/\"]+", "", text)


def test_cli_json_is_the_api_json(compare_client, compare_index):
    result = CliRunner().invoke(
        cli,
        [
            "compare",
            "NATO",
            "--speaker",
            "sergey-lavrov",
            "--speaker",
            "maria-zakharova",
            "--index",
            str(compare_index),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    # The same document, but for the address links start with (the CLI's is the public one).
    from_api = json.dumps(compare_client.get(BOTH).get_json(), ensure_ascii=False)
    assert json.loads(without_hosts(result.output)) == json.loads(without_hosts(from_api))


def test_cli_prints_totals_months_and_quotes(compare_index):
    result = CliRunner().invoke(
        cli,
        [
            "compare",
            "NATO",
            "--speaker",
            "lavrov",
            "--speaker",
            "zakharova",
            "--index",
            str(compare_index),
        ],
    )
    assert result.exit_code == 0, result.output
    assert re.search(r"Sergey Lavrov\s+4 of 11\s+36.4%, 1 undated", result.output)
    assert re.search(r"2021-01\s+2/5 \(40.0%\)\s+1/2 \(50.0%\)", result.output)
    assert "\nSergey Lavrov:\n" in result.output
    assert "NATO drills near our borders go on." in result.output


def test_cli_unknown_speaker_is_one_message_and_a_non_zero_exit(compare_index):
    result = CliRunner().invoke(
        cli, ["compare", "NATO", "--speaker", "nobody", "--index", str(compare_index)]
    )
    assert result.exit_code == 1
    assert "nobody called “nobody”" in result.output and "Traceback" not in result.output
