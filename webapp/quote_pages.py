"""The quote finder: a page and a JSON endpoint over `search.quotes.finder.find_quote`."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request

from search.errors import QueryError
from search.quotes.finder import MAX_LIMIT, MAX_QUOTE_CHARS, find_quote
from webapp.params import engine, whole_number
from webapp.urls import urls

blueprint = Blueprint("quote", __name__)

DEFAULT_LIMIT = 10


def _limit() -> int:
    limit = whole_number(request.args, "limit", DEFAULT_LIMIT)
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}")
    return limit


@blueprint.get("/quote")
def quote_page():
    q = request.args.get("q", "")
    matches, error = None, None
    if q.strip():
        try:
            matches = find_quote(engine(), q, _limit())
        except QueryError as exc:
            # The page keeps the pasted quote in its form, with the message beside it.
            error = str(exc)
    # The form shows what was pasted, cut to what can be searched.
    return render_template("quote.html", q=q[:MAX_QUOTE_CHARS], matches=matches, error=error,
                           max_chars=MAX_QUOTE_CHARS)  # fmt: skip


@blueprint.get("/api/quote")
def quote_api():
    q = request.args.get("q", "")
    links = urls()
    matches = find_quote(engine(), q, _limit())
    return jsonify({"query": q, "results": [m.as_json(links) for m in matches]})
