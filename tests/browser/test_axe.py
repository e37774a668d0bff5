"""axe-core in Chromium on every kind of page: no accessibility violations, English pages and
Russian text alike (whose elements must say lang="ru")."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page
from werkzeug.serving import make_server

from indexer.build import build_index
from search.engines.whoosh.writer import WhooshTarget
from tests.browser.conftest import OWN_CORPUS, QuietHandler
from tests.conftest import SEED_CORPUS, write_corpus
from tests.test_engine_contract import CORPUS as CONTRACT_CORPUS
from webapp import create_app

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
# Russian and undated passages beside the seed and the 2019 briefing.
EXTRA = {f"extra/{name}": text for name, text in CONTRACT_CORPUS.items()}


@pytest.fixture(scope="module")
def axe_url(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("axe")
    extra = write_corpus(folder / "corpus", EXTRA)
    build_index(
        [SEED_CORPUS, OWN_CORPUS, extra], WhooshTarget(folder / "index"), log=lambda line: None
    )
    app = create_app(folder / "index")
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    app.config["PUBLIC_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app.config["PUBLIC_URL"]
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture()
def axe_page(browser, axe_url) -> Iterator[Page]:
    context = browser.new_context(base_url=axe_url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_the_vendored_axe_core_is_the_pinned_release():
    assert hashlib.sha256(AXE.read_bytes()).hexdigest() == AXE_SHA256


def violations(page: Page) -> list[str]:
    """axe's violations on the page as loaded, one line each. axe is run through the DevTools
    protocol (page.evaluate), which the page's Content-Security-Policy does not govern."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} — ` +
            v.nodes.slice(0, 3).map(n => n.target.join(" ")).join("; "));
    }""")
    return [f"{page.url}: {line}" for line in found]


def _first_id(page: Page, api: str) -> str:
    return page.request.get(api).json()["results"][0]["id"]


PAGES = [
    "/",
    "/?q=Sputnik",
    "/?q=NATO",  # undated and Russian-free, with the undated bucket
    "/?q=переговоры",  # Russian results
    "/?q=Russia&speaker=maria-zakharova&from=2019&to=2019",
    "/?q=colour:red",  # a query error
    "/speakers",
    "/speakers/sergey-lavrov?q=vaccine",
    "/speakers/sergey-lavrov",
    "/quote?q=Sputnik+V+is+currently+undergoing+a+rolling+review",
    "/quote",
    "/compare",
    "/compare?q=vaccine&speaker=sergey-lavrov&speaker=maria-zakharova",
    "/no/such/page",  # the error page
]


@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(axe_page, path):
    axe_page.goto(path)
    assert violations(axe_page) == []


@pytest.mark.parametrize("language", ["en", "ru"])
def test_no_axe_violations_on_passage_document_and_similar_pages(axe_page, language):
    passage = _first_id(axe_page, f"/api/search?lang={language}&kind=answer")
    doc = axe_page.request.get(f"/api/passages/{passage}").json()["doc_id"]
    for path in (f"/p/{passage}", f"/p/{passage}/similar", f"/d/{doc}"):
        axe_page.goto(path)
        assert violations(axe_page) == [], path


def test_russian_text_is_marked_as_russian(axe_page):
    passage = _first_id(axe_page, "/api/search?lang=ru&kind=answer")
    axe_page.goto(f"/p/{passage}")
    assert axe_page.locator("html").get_attribute("lang") == "en"
    for text in ("Переговоры продолжатся", "Продолжатся ли переговоры", "Интервью Сергея Лаврова"):
        element = axe_page.get_by_text(text).first
        assert element.evaluate("e => e.closest('[lang]').lang") == "ru", text
    axe_page.goto("/?q=переговоры")
    snippet = axe_page.locator(".snippet").first
    assert snippet.evaluate("e => e.closest('[lang]').lang") == "ru"
    # The page's own words around it stay English.
    assert axe_page.get_by_text("Permalink").first.evaluate("e => e.closest('[lang]').lang") == "en"


def contrast_to_review(page: Page) -> list[str]:
    """What axe could not decide about colour contrast ("needs review"): text whose colours it
    cannot read, such as SVG text over shapes."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {
            runOnly: {type: "rule", values: ["color-contrast"]},
            resultTypes: ["incomplete"],
        });
        return result.incomplete.flatMap(r => r.nodes.map(n =>
            `${n.target.join(" ")}: ${n.any.map(c => c.message).join("; ")}`));
    }""")
    return [f"{page.url}: {line}" for line in found]


@pytest.mark.parametrize(
    "path",
    [
        "/speakers/sergey-lavrov",
        "/speakers/sergey-lavrov?q=vaccine",
        "/compare?q=vaccine&speaker=sergey-lavrov&speaker=maria-zakharova",
        "/compare?q=vaccine&speaker=sergey-lavrov&speaker=maria-zakharova&measure=count",
    ],
)
def test_the_speaker_and_compare_charts_leave_no_contrast_to_review(axe_page, path):
    axe_page.goto(path)
    found = contrast_to_review(axe_page)
    assert found == [], "\n".join(found)
