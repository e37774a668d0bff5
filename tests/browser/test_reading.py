"""Reading one passage: its page, its place in the whole document, and citing it."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

from tests.browser.test_searching import results
from tests.conftest import seed_id

DOCUMENT = "2021-08-04-lavrov-komsomolskaya-pravda"
PASSAGE = seed_id(DOCUMENT, 3)
ANCHOR = PASSAGE.removeprefix(f"{DOCUMENT}-")  # the passage's key: stable, like its id


def passage_json(page: Page, passage_id: str) -> dict:
    return page.request.get(f"/api/passages/{passage_id}").json()


def test_permalink_shows_question_whole_answer_neighbours_and_its_place_in_the_document(
    page, base_url, screenshot
):
    page.goto("/?q=Sputnik")
    hit = results(page).filter(has_text="Other countries responded to Russia’s help")
    hit.get_by_role("link", name="Permalink").click()

    expect(page).to_have_url(f"{base_url}/p/{PASSAGE}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sergey Lavrov, answer")
    stored = passage_json(page, PASSAGE)
    expect(page.get_by_role("region", name="Question")).to_contain_text(stored["question"])
    answer = page.get_by_role("region", name="Answer")
    paragraphs = stored["text"].split("\n\n")
    assert len(paragraphs) > 1
    expect(answer.locator("p")).to_have_text(paragraphs)
    neighbours = page.get_by_role("navigation", name="Neighbouring passages")
    expect(neighbours.get_by_role("link", name="Previous passage")).to_have_attribute(
        "href", f"/p/{seed_id(DOCUMENT, 2)}"
    )
    expect(neighbours.get_by_role("link", name="Next passage")).to_have_attribute(
        "href", f"/p/{seed_id(DOCUMENT, 4)}"
    )
    screenshot(page, "04-passage")

    neighbours.get_by_role("link", name="Whole document").click()
    expect(page).to_have_url(f"{base_url}/d/{DOCUMENT}#{ANCHOR}")
    target = page.locator(":target")
    expect(target).to_have_id(ANCHOR)
    expect(target).to_contain_text(paragraphs[0])
    expect(target).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0, "the document scrolls to the passage"


def test_copy_citation_copies_the_plain_citation_with_the_permalink(page, base_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page.goto(f"/p/{PASSAGE}")
    permalink = f"{base_url}/p/{PASSAGE}"
    citation = page.get_by_label("Plain text")
    expect(citation).to_contain_text(permalink)

    page.get_by_role("button", name="Copy citation").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == citation.input_value()
    assert permalink in copied and "Sergey Lavrov" in copied and "4 August 2021" in copied


def test_citation_formats_open_from_the_keyboard_each_with_the_permalink(
    page, base_url, screenshot
):
    page.goto(f"/p/{PASSAGE}")
    permalink = f"{base_url}/p/{PASSAGE}"
    for label in ("BibTeX", "RIS", "CSL-JSON"):
        summary = page.locator("summary", has_text=label)
        summary.focus()
        summary.press("Enter")
    bibtex, ris, csl = (page.locator(f"#cite-{fmt}") for fmt in ("bib", "ris", "json"))
    for body in (bibtex, ris, csl):
        expect(body).to_be_visible()
        expect(body).to_contain_text(permalink)
    expect(bibtex).to_have_text(re.compile(r"^@\w+\{"))
    expect(ris).to_have_text(re.compile(r"^TY  - "))
    cited = json.loads(csl.inner_text())
    cited = cited[0] if isinstance(cited, list) else cited
    assert cited["URL"] == permalink
    screenshot(page, "05-citation-formats")
