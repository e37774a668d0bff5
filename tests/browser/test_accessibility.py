"""What every page owes every reader: keyboard use, no JavaScript needed, a clean console under
the CSP, and a layout that fits a phone."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.test_reading import ANCHOR, DOCUMENT, PASSAGE
from tests.browser.test_searching import query_of, results, search

QUERY_ERROR = "/?q=colour:red"  # the search page again, with the message
PAGES = [
    "/",
    "/?q=Sputnik",
    "/?q=Russia&speaker=maria-zakharova&from=2019&to=2019",
    QUERY_ERROR,
    f"/p/{PASSAGE}",
    f"/p/{PASSAGE}/similar",
    f"/d/{DOCUMENT}#{ANCHOR}",
    "/speakers",
    "/speakers/sergey-lavrov?q=vaccine",
    "/quote?q=Sputnik+V+is+currently+undergoing+a+rolling+review",
    "/compare",
    "/compare?q=Russia&speaker=sergey-lavrov&speaker=maria-zakharova&speaker=vladimir-putin",
    "/quote?q=we+were+not+the+first+to+register+a+vaccine&speaker=lavrov&from=2021",
]


def is_focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def focus_is_in_main(page: Page) -> bool:
    return page.evaluate("document.activeElement.closest('main') !== null")


def test_tab_reaches_the_skip_link_first_and_the_search_box_before_any_content(page):
    page.goto("/?q=Sputnik")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # hidden off-screen until focused

    box = page.get_by_role("searchbox", name="Search transcripts")
    for _ in range(4):  # past the header's links: the brand and the sections
        page.keyboard.press("Tab")
        if is_focused(box):
            break
        assert not focus_is_in_main(page), "the search box comes before the content"
    expect(box).to_be_focused()


def test_the_skip_link_moves_focus_to_the_main_content(page):
    page.goto("/?q=Sputnik")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    page.keyboard.press("Tab")
    assert focus_is_in_main(page)
    # The folding box of the Refine controls, then its first field.
    expect(page.locator("summary", has_text="Filters and order")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Speakers", exact=True)).to_be_focused()


def test_search_filters_and_reading_work_without_javascript(new_page, base_url):
    page = new_page(java_script_enabled=False)
    page.goto("/")
    search(page, "Sputnik")
    expect(results(page)).to_have_count(3)

    page.get_by_label("Kind", exact=True).select_option("answer")
    page.get_by_label("From", exact=True).fill("2021")
    page.get_by_role("button", name="Apply").click()
    assert query_of(page)["kind"] == ["answer"] and query_of(page)["from"] == ["2021"]
    expect(results(page)).to_have_count(3)

    hit = results(page).filter(has_text="Other countries responded to Russia’s help")
    hit.get_by_role("link", name="Permalink").click()
    expect(page.get_by_role("region", name="Answer")).to_contain_text("Like I mentioned")
    expect(page.get_by_label("Plain text")).to_contain_text(f"{base_url}/p/{PASSAGE}")
    expect(page.locator("button[data-copy]")).to_be_hidden()  # only the script can copy
    page.locator("summary", has_text="BibTeX").click(position={"x": 4, "y": 4})
    expect(page.locator("#cite-bib")).to_be_visible()

    page.get_by_role("link", name="Whole document").click()
    expect(page.locator(":target")).to_have_id(ANCHOR)


def test_pages_log_no_errors_and_break_no_content_security_policy_rule(page):
    for path in PAGES:
        response = page.goto(path)
        page.wait_for_load_state("load")
        assert response.status == (400 if path == QUERY_ERROR else 200), path
        assert page.problems == [], path


def test_inline_script_or_style_would_be_reported_as_a_csp_violation(page):
    """The watcher behind every test here does catch what the CSP blocks."""
    page.goto("/")
    with page.expect_console_message(lambda m: "CSP violation: script-src" in m.text):
        page.evaluate("""() => {
            document.body.setAttribute("style", "color: red");
            const script = document.createElement("script");
            script.textContent = "window.ran = true";
            document.body.append(script);
        }""")
    assert not page.evaluate("window.ran === true")
    assert any("style-src" in problem for problem in page.problems)
    assert any("script-src" in problem for problem in page.problems)
    page.problems.clear()  # provoked on purpose


def test_pages_name_their_icon(page):
    page.goto("/")
    expect(page.locator("link[rel~='icon']")).to_have_count(1, timeout=500)


def test_pages_fit_a_375px_phone_without_sideways_scrolling(new_page, screenshot):
    page = new_page(viewport={"width": 375, "height": 812})
    compare = "/compare?q=Russia&speaker=sergey-lavrov&speaker=maria-zakharova"
    for path in (
        "/?q=Russia",
        f"/p/{PASSAGE}",
        f"/d/{DOCUMENT}",
        "/speakers/sergey-lavrov",
        compare,
    ):
        page.goto(path)
        scroll_width, width = page.evaluate(
            "[document.scrollingElement.scrollWidth, window.innerWidth]"
        )
        assert scroll_width <= width == 375, path
        if path == "/?q=Russia":
            expect(results(page)).to_have_count(10)
            screenshot(page, "08-mobile-results")
