"""Comparing speakers on a topic in the browser: the form, the one chart, the quotes side by side
and the links into search."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

COMPARED = "/compare?q=Russia&speaker=sergey-lavrov&speaker=maria-zakharova&speaker=vladimir-putin"


def fill_and_compare(page: Page, topic: str, speakers: list[str]) -> None:
    page.get_by_label("Topic").fill(topic)
    for n, name in enumerate(speakers, 1):
        page.get_by_label(f"Speaker {n}", exact=True).fill(name)
    page.get_by_role("button", name="Compare").click()


def test_comparing_from_the_form_draws_one_chart_and_quotes_side_by_side(new_page, screenshot):
    page = new_page(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page.goto("/compare")
    fill_and_compare(page, "Russia", ["lavrov", "maria-zakharova", "Vladimir Putin"])

    # Blank speaker fields stay out of the address.
    assert parse_qs(urlsplit(page.url).query) == {
        "q": ["Russia"],
        "speaker": ["lavrov", "maria-zakharova", "Vladimir Putin"],
    }
    expect(page.get_by_role("heading", name="How often each spoke of “Russia”")).to_be_visible()
    chart = page.get_by_role("img", name="“Russia”: share of each speaker’s passages by month")
    expect(chart).to_have_count(1)
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 200, "the chart is drawn at a useful size"
    legend = page.locator(".line-chart .chart-legend li")
    expect(legend).to_have_count(3)
    expect(legend.first).to_have_text(re.compile(r"^Sergey Lavrov \(\d+ of \d+, [\d.]+%\)$"))
    # The value axis's labels stand beside the grid lines: the top one level with the top line,
    # the last with the baseline, which are the picture's top and bottom edges.
    values = page.locator(".line-chart .value-axis span")
    expect(values).to_have_count(5)
    top, bottom = values.first.bounding_box(), values.last.bounding_box()
    assert top["y"] + top["height"] / 2 == pytest.approx(box["y"], abs=2)
    assert bottom["y"] + bottom["height"] / 2 == pytest.approx(box["y"] + box["height"], abs=2)
    expect(page.locator(".line-chart .tick-axis td").filter(has_text="2021")).to_be_visible()

    columns = page.locator("section.speaker-column")
    expect(columns).to_have_count(3)
    tops = {round(c.bounding_box()["y"]) for c in columns.all()}
    assert len(tops) == 1, "the speakers' quotes stand side by side on a wide screen"
    expect(columns.first.locator("mark").first).to_have_text(re.compile("^Russia", re.I))
    screenshot(page, "09-compare")

    columns.nth(1).get_by_role("link", name=re.compile(r"^All \d+ in search")).click()
    assert parse_qs(urlsplit(page.url).query) == {"q": ["Russia"], "speaker": ["maria-zakharova"]}
    expect(page.get_by_role("status")).to_contain_text("4 passages")


def test_the_months_table_and_the_count_chart_need_no_script(new_page):
    page = new_page(java_script_enabled=False)
    page.goto(COMPARED)
    page.get_by_text("The months as a table").click()
    table = page.locator("details.compare-months table")
    expect(table).to_be_visible()
    expect(table.get_by_role("row", name=re.compile("^August 2021"))).to_have_count(1)
    page.get_by_role("link", name="the number of passages").click()
    expect(page.get_by_role("img", name="“Russia”: passages by month")).to_be_visible()


def test_an_unknown_speaker_is_a_message_above_the_form_kept_as_typed(page):
    page.goto("/compare")
    fill_and_compare(page, "Russia", ["lavrov", "Nobody Atall"])
    expect(page.get_by_role("alert")).to_contain_text("nobody called “Nobody Atall”")
    expect(page.get_by_label("Speaker 2", exact=True)).to_have_value("Nobody Atall")
    expect(page.get_by_role("img")).to_have_count(0)


def test_a_speaker_page_leads_to_a_comparison_with_the_speaker_and_query_filled_in(page):
    page.goto("/speakers/sergey-lavrov?q=vaccine")
    page.get_by_role("link", name="compare with others…").click()
    expect(page.get_by_label("Topic")).to_have_value("vaccine")
    expect(page.get_by_label("Speaker 1", exact=True)).to_have_value("sergey-lavrov")
    expect(page.get_by_role("img", name=re.compile("^“vaccine”"))).to_be_visible()
