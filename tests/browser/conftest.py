"""Browser tests: the real pages in Debian's Chromium, driven by Playwright's sync API.

One server and one browser serve all of them (package scope: both stop when the browser tests
are done, before the rest of the suite runs); each test gets fresh browser contexts
(no cookies, storage or permissions carried over). Every page a test opens is watched for
console errors, uncaught exceptions and Content-Security-Policy violations: any of them fails
the test at its end.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright
from werkzeug.serving import WSGIRequestHandler, make_server

from indexer.build import build_index
from search.engines.whoosh.writer import WhooshTarget
from tests.conftest import PROJECT, SEED_CORPUS
from webapp import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The seed is all 2021; this briefing adds 2019, so the year histogram has a choice to make.
OWN_CORPUS = Path(__file__).parent / "corpus"
# Chromium logs CSP violations as console errors already; this also names the directive.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""

PageFactory = Callable[..., Page]


class QuietHandler(WSGIRequestHandler):
    """No access log: a passing run stays silent."""

    def log_request(self, *args, **kwargs) -> None:
        pass


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or PROJECT / "var" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def screenshot(screenshot_dir) -> Callable[[Page, str], Path]:
    """Saves the whole page as NAME.png, for review by eye."""

    def save(page: Page, name: str) -> Path:
        path = screenshot_dir / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return save


@pytest.fixture(scope="package")
def browser_index(tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("browser-index")
    build_index([SEED_CORPUS, OWN_CORPUS], WhooshTarget(index_dir), log=lambda line: None)
    return index_dir


@pytest.fixture(scope="package")
def base_url(browser_index) -> Iterator[str]:
    """The app served on a free local port from a background thread."""
    app = create_app(browser_index)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    # What `verbatim serve --port N` tells the app: permalinks name the address it serves on.
    app.config["PUBLIC_URL"] = None
    app.config["OWN_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def _require_chromium() -> None:
    """A missing browser fails the browser tests: a suite that passes by skipping them checks
    nothing. Whoever cannot install it says so: VERBATIM_SKIP_BROWSER=1 skips them instead."""
    if CHROMIUM.exists():
        return
    message = (
        f"{CHROMIUM} is missing: the browser tests need Debian's chromium "
        "(apt-get install chromium fonts-dejavu-core); set VERBATIM_SKIP_BROWSER=1 to skip them"
    )
    if os.environ.get("VERBATIM_SKIP_BROWSER") == "1":
        pytest.skip(message)
    pytest.fail(message)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    _require_chromium()
    with sync_playwright() as playwright:
        # launch() starts from a fresh temporary profile, removed when the browser closes.
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


REFUSED_QUERY = "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"


def _record_console(page: Page, message: ConsoleMessage, problems: list[str]) -> None:
    if message.type != "error":
        return
    source = message.location.get("url", "")
    if source == page.url and message.text == REFUSED_QUERY:
        # Chromium logs a document's own 4xx as a failed load. A query the server refuses is
        # its page again with the form and the message, status 400 (webapp/errors.py): that
        # line is the status asked for. Any other status, or a resource of the page, counts.
        return
    problems.append(f"{page.url}: console error from {source or 'the page'}: {message.text}")


@pytest.fixture()
def new_page(browser, base_url) -> Iterator[PageFactory]:
    """Opens a page in a fresh context (keyword arguments as for `browser.new_context`).

    Whatever the pages log as an error, throw or have blocked by the CSP is collected in
    `page.problems` (shared by the test's pages) and fails the test at its end.
    """
    contexts = []
    problems: list[str] = []

    def open_page(**context_options) -> Page:
        context = browser.new_context(base_url=base_url, **context_options)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        contexts.append(context)
        page = context.new_page()
        # A bound against hangs, not a speed check: on a busy two-core machine the first page of
        # a fresh index took 12 s (browser tests failed at 5 s while seven sessions ran tests).
        page.set_default_timeout(30000)
        page.on("console", lambda message: _record_console(page, message, problems))
        page.on("pageerror", lambda error: problems.append(f"{page.url}: uncaught {error}"))
        page.problems = problems
        return page

    yield open_page
    for context in contexts:
        context.close()
    if problems:
        pytest.fail("the pages reported errors:\n" + "\n".join(problems))


@pytest.fixture()
def page(new_page) -> Page:
    return new_page()
