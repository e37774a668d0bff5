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


# Lavrov said "we were not only the first to register a vaccine": dropping "only" reverses it.
SAID = "we were not only the first to register a vaccine"
CHANGED = "we were not the first to register a vaccine"


def test_tiers_sit_under_their_legend_best_first_with_the_weak_folded(page, screenshot):
    page.goto("/quote")
    page.get_by_label("Paste a quote").fill(SAID)
    page.get_by_role("button", name="Find the source").click()

    legend = page.locator(".quote-legend")
    exact = page.get_by_role("region", name="Word for word (1)")
    close = page.get_by_role("region", name="Close: every difference shown (1)")
    weak = page.locator("details.tier-weak")
    expect(legend).to_contain_text("three tiers")
    tops = [box.bounding_box()["y"] for box in (legend, exact, close, weak)]
    assert tops == sorted(tops)
    expect(exact.locator(".score")).to_have_text("Match 100%")
    # Found in a reporter's question: the question shows once, as the match, marked so.
    expect(close.locator(".question-match")).to_have_text(
        "In the question asked by Komsomolskaya Pravda:"
    )
    expect(close.locator(".question")).to_have_count(0)
    expect(weak.locator("summary")).to_contain_text("weak match")
    expect(weak.locator("ol.results")).to_be_hidden()
    screenshot(page, "10-quote-tiers")
    weak.locator("summary").click()
    expect(weak.locator("ol.results")).to_be_visible()


def test_a_change_of_meaning_is_flagged_and_ranked_below_the_close_matches(page, screenshot):
    page.goto("/quote")
    page.get_by_label("Paste a quote").fill(CHANGED)
    page.get_by_role("button", name="Find the source").click()

    expect(page.get_by_role("region", name="Word for word (1)")).to_have_count(0)
    best = page.locator("ol.results > li").first
    expect(best.locator(".meaning-warning")).to_contain_text("“only” dropped")
    expect(best.locator(".diff .diff-meaning del")).to_have_text("only")
    expect(best.locator(".score")).to_have_text("Match 75%")
    screenshot(page, "11-quote-meaning-changed")


def test_the_scope_narrows_the_sources_and_stays_in_the_form(page):
    page.goto("/quote")
    page.get_by_label("Paste a quote").fill("we were not only the first to register a vaccine")
    page.get_by_label("Speakers").fill("zakharova")
    page.get_by_role("button", name="Find the source").click()
    expect(page.get_by_label("Speakers")).to_have_value("zakharova")
    expect(page.get_by_role("region", name="Word for word (1)")).to_have_count(0)
    page.get_by_label("Speakers").fill("lavrov")
    page.get_by_label("From").fill("2021")
    page.get_by_role("button", name="Find the source").click()
    exact = page.get_by_role("region", name="Word for word (1)")
    expect(exact.get_by_role("link", name="Permalink")).to_have_attribute(
        "href", f"/p/{seed_id(DOCUMENT, 1)}"
    )
