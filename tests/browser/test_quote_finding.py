"""The quote finder: a misremembered sentence leads back to its source."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_reading import DOCUMENT
from tests.conftest import seed_id

# Lavrov said "currently in undergoing a so-called rolling review at the European Medicines
# Agency"; the quote drops two words, and misspells one.
MISQUOTE = "Sputnik V is currently undergoing a rolling review at the European Medicine Agency"


def test_a_misquote_finds_its_source_first_with_the_sentence_marked_and_the_differences(
    page, screenshot
):
    page.goto("/quote")
    page.get_by_label("Paste a quote").fill(MISQUOTE)
    page.get_by_role("button", name="Find the source").click()

    expect(page.get_by_role("status")).to_contain_text("the closest first")
    best = page.locator("ol.results > li").first
    permalink = best.get_by_role("link", name="Permalink")
    expect(permalink).to_have_attribute("href", f"/p/{seed_id(DOCUMENT, 2)}")
    expect(best.locator("mark").first).to_contain_text(
        "Sputnik V is currently in undergoing a so-called rolling review"
    )
    differences = best.locator(".diff")
    expect(differences.locator("del")).to_have_text(["in", "so-called", "Medicines"])
    expect(differences.locator("ins")).to_have_text(["Medicine"])
    screenshot(page, "06-quote-finder")
