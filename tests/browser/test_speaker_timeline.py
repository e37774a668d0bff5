"""A speaker's page: the month chart, and what they said about something."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect


def test_speaker_page_charts_the_months_and_answers_what_did_they_say_about(page, screenshot):
    page.goto("/speakers/sergey-lavrov")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sergey Lavrov")
    expect(page.get_by_role("img", name="Sergey Lavrov: passages by month")).to_be_visible()

    asked = page.get_by_role("searchbox", name="What did Sergey Lavrov say about…")
    asked.fill("vaccine")
    page.get_by_role("button", name="Show over time").click()

    assert parse_qs(urlsplit(page.url).query) == {"q": ["vaccine"]}
    expect(page.get_by_role("heading", name="Passages matching “vaccine” by month")).to_be_visible()
    chart = page.get_by_role("img", name="Sergey Lavrov: passages matching “vaccine”, by month")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 50, "the chart is drawn at a useful size"
    expect(page.get_by_role("status")).to_contain_text("passages of 8")
    quotes = page.locator("section.quotes li.result")
    expect(quotes.first.locator("mark").first).to_have_text(re.compile(r"^vaccin", re.I))
    expect(asked).to_have_value("vaccine")
    screenshot(page, "07-speaker")
