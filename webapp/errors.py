"""The one error path: handlers raise, this maps every failure to a status and a message, as
JSON for machine-read routes (`/api/`, exports, feeds, citation files) and as a page elsewhere.
A query that cannot be run from a page with a form shows that page again, the form as typed and
the message beside it (status 400); which pages do is decided here, in `FORM_PAGES`.
Nothing unexpected reaches a reader as a traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from search.errors import NoIndex, NotFound, QueryError, Unavailable
from webapp import compare_pages, pages, quote_pages, speaker_pages
from webapp.params import UnreadableAddress

log = logging.getLogger(__name__)

# Blueprints whose every route answers machine clients.
_DATA_BLUEPRINTS = {"api", "formats"}

# The HTML routes whose form a query comes from, by endpoint, and how each shows that form again
# with a message: a reader fixes the query where it was typed, not from an error page.
FORM_PAGES: dict[str, Callable[[str], str]] = {
    "pages.index": pages.search_form,
    "speakers.speaker": speaker_pages.speaker_form,
    "quote.quote_page": quote_pages.quote_form,
    "compare.compare_page": compare_pages.compare_form,
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.blueprint in _DATA_BLUEPRINTS


def _answer(status: int, title: str, message: str):
    if wants_json():
        return jsonify({"error": message}), status
    return render_template("error.html", title=title, message=message), status


def _failure(status: int, title: str, form_pages: bool = False) -> Callable:
    """A handler answering an error with this status, the page titled so; with form_pages, a
    page of FORM_PAGES shows its form again instead."""

    def handle(exc: Exception):
        form_page = FORM_PAGES.get(request.endpoint or "") if form_pages else None
        if form_page is not None and not wants_json():
            return form_page(str(exc)), status
        return _answer(status, title, str(exc))

    return handle


def register(app: Flask) -> None:
    app.register_error_handler(QueryError, _failure(400, "Cannot search that", form_pages=True))
    # No form can be filled in again from an address that cannot be read.
    app.register_error_handler(UnreadableAddress, _failure(400, "Cannot search that"))
    app.register_error_handler(NotFound, _failure(404, "Not found"))
    # No index built yet, or a cluster that does not answer: a 503 either way, titled apart.
    app.register_error_handler(NoIndex, _failure(503, "No index yet"))
    app.register_error_handler(Unavailable, _failure(503, "Search is unavailable"))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        title = "Not found" if exc.code == 404 else exc.name
        body, status = _answer(exc.code or 500, title, exc.description or exc.name)
        # Headers the status calls for, such as a 405's Allow, stay; the body is ours.
        kept = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
        return body, status, kept

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unexpected error on %s", request.path)
        return _answer(
            500,
            "Something went wrong",
            "Something went wrong on our side; the error has been logged.",
        )
