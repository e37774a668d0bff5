"""Searching in the browser: the search box, the Refine form, facets and filter chips."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect


def results(page: Page):
    return page.get_by_role("region", name="Results").get_by_role("listitem")


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def search(page: Page, text: str) -> None:
    box = page.get_by_role("searchbox", name="Search transcripts")
    box.fill(text)
    box.press("Enter")


def test_typing_a_word_and_pressing_enter_shows_ranked_highlighted_results(page, screenshot):
    page.goto("/")
    search(page, "Sputnik")

    assert query_of(page) == {"q": ["Sputnik"]}
    expect(page.get_by_role("status")).to_contain_text("3 passages")
    expect(results(page)).to_have_count(3)
    best = results(page).first
    expect(best).to_contain_text("What is happening with the registration of Sputnik V in Europe?")
    expect(best.get_by_text("Question (Komsomolskaya Pravda):")).to_be_visible()
    expect(best.get_by_role("link", name="Sergey Lavrov", exact=True)).to_be_visible()
    expect(best.locator("time")).to_have_text("4 August 2021")
    for result in results(page).all():
        expect(result.locator("mark").first).to_have_text(re.compile("^Sputnik$", re.I))
    screenshot(page, "01-search-results")


def test_refine_form_puts_its_filters_in_the_url_and_reloading_gives_the_same_page(
    page, screenshot
):
    page.goto("/?q=Russia")
    page.get_by_label("Kind", exact=True).select_option("answer")
    page.get_by_label("From", exact=True).fill("2021-01-01")
    page.get_by_label("To", exact=True).fill("2021-12-31")
    page.get_by_role("button", name="Apply").click()

    query = query_of(page)
    assert {k: query[k] for k in ("q", "kind", "from", "to")} == {
        "q": ["Russia"],
        "kind": ["answer"],
        "from": ["2021-01-01"],
        "to": ["2021-12-31"],
    }
    expect(page.get_by_role("link", name="Remove filter kind answer")).to_be_visible()
    shown = results(page).all_inner_texts()
    assert shown, "the filters leave some answers from 2021"
    kinds = page.get_by_role("region", name="Results").locator(".result .kind")
    assert set(kinds.all_inner_texts()) == {"answer"}
    dates = page.get_by_role("region", name="Results").locator(".result time")
    assert all(
        day.startswith("2021-") for day in dates.evaluate_all("ts => ts.map(t => t.dateTime)")
    )
    screenshot(page, "02-filtered")

    page.reload()
    assert results(page).all_inner_texts() == shown
    expect(page.get_by_label("Kind", exact=True)).to_have_value("answer")
    expect(page.get_by_label("From", exact=True)).to_have_value("2021-01-01")
    expect(page.get_by_label("To", exact=True)).to_have_value("2021-12-31")


def test_facets_apply_filters_shown_as_chips_that_remove_them(page, screenshot):
    page.goto("/?q=Russia")
    facets = page.get_by_role("complementary", name="Narrow the results")
    status = page.get_by_role("status")
    expect(status).to_contain_text("14 passages")

    facets.get_by_role("link", name="Maria Zakharova").click()
    speaker_chip = page.get_by_role("link", name="Remove filter speaker maria-zakharova")
    expect(speaker_chip).to_be_visible()
    expect(status).to_contain_text("4 passages")
    assert query_of(page)["speaker"] == ["maria-zakharova"]

    facets.get_by_role("link", name=re.compile(r"^2019\b")).click()
    dates_chip = page.get_by_role("link", name="Remove filter dates 2019-01-01 to 2019-12-31")
    expect(dates_chip).to_be_visible()
    expect(status).to_contain_text("2 passages")
    expect(results(page).locator("time")).to_have_text(["14 March 2019", "14 March 2019"])
    screenshot(page, "03-facet-applied")

    dates_chip.click()
    expect(status).to_contain_text("4 passages")
    assert "from" not in query_of(page) and "to" not in query_of(page)
    expect(speaker_chip).to_be_visible()

    speaker_chip.click()
    expect(status).to_contain_text("14 passages")
    assert "speaker" not in query_of(page)
    expect(page.locator(".active-filters")).to_have_count(0)


def test_the_header_search_keeps_the_filters_and_apply_sends_the_edited_query(page):
    page.goto("/?q=Russia&speaker=maria-zakharova&kind=answer")
    search(page, "Sputnik")  # edit the query in the header, press Enter
    assert query_of(page) == {"q": ["Sputnik"], "speaker": ["maria-zakharova"], "kind": ["answer"]}
    expect(page.get_by_role("link", name="Remove filter kind answer")).to_be_visible()

    page.get_by_role("searchbox", name="Search transcripts").fill("vaccine")
    page.get_by_label("Kind", exact=True).select_option("")
    page.get_by_role("button", name="Apply").click()
    assert query_of(page) == {"q": ["vaccine"], "speaker": ["maria-zakharova"]}


def test_shared_addresses_carry_no_empty_parameters(page):
    page.goto("/?q=Russia")
    page.get_by_role("button", name="Apply").click()  # every field left empty
    assert urlsplit(page.url).query == "q=Russia"
    page.goto("/?q=Russia&kind=&asker=&from=&to=&speaker=lavrov")
    assert query_of(page) == {"q": ["Russia"], "speaker": ["lavrov"]}
    expect(results(page).first).to_be_visible()


def test_on_a_phone_the_results_come_first_with_filters_and_facets_folded_above(new_page):
    page = new_page(viewport={"width": 375, "height": 812})
    page.goto("/?q=Russia")
    facets = page.get_by_role("complementary", name="Narrow the results")
    toggle = facets.locator("summary", has_text="Narrow the results")
    # Folded: the first result is on the first screen, the facets' toggle above it.
    expect(results(page).first).to_be_in_viewport()
    expect(toggle).to_be_in_viewport()
    expect(facets.get_by_role("link", name="Maria Zakharova")).to_be_hidden()
    expect(page.get_by_label("Speakers", exact=True)).to_be_hidden()
    top = lambda locator: locator.bounding_box()["y"]  # noqa: E731
    assert top(toggle) < top(results(page).first)

    toggle.click()
    facets.get_by_role("link", name="Maria Zakharova").click()
    expect(page.get_by_role("status")).to_contain_text("4 passages")


def test_on_a_wide_screen_filters_and_facets_are_open(page):
    page.goto("/?q=Russia")
    expect(page.get_by_label("Speakers", exact=True)).to_be_visible()
    facets = page.get_by_role("complementary", name="Narrow the results")
    expect(facets.get_by_role("link", name="Maria Zakharova")).to_be_visible()
