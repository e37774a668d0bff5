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


def register(app: Flask) -> None:
    @app.errorhandler(QueryError)
    def bad_query(exc: QueryError):
        form_page = FORM_PAGES.get(request.endpoint or "")
        if form_page is not None and not wants_json():
            return form_page(str(exc)), 400
        return _answer(400, "Cannot search that", str(exc))

    @app.errorhandler(UnreadableAddress)
    def unreadable_address(exc: UnreadableAddress):
        # No form can be filled in again from an address that cannot be read.
        return _answer(400, "Cannot search that", str(exc))

    @app.errorhandler(NotFound)
    def not_found(exc: NotFound):
        return _answer(404, "Not found", str(exc))

    @app.errorhandler(Unavailable)
    def unavailable(exc: Unavailable):
        title = "No index yet" if isinstance(exc, NoIndex) else "Search is unavailable"
        return _answer(503, title, str(exc))

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
