"""The quote finder: a page and a JSON endpoint over `search.quotes.finder.find_quote`."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request
from werkzeug.datastructures import MultiDict

from search.errors import QueryError
from search.params import Filters
from search.quotes.finder import MAX_LIMIT, MAX_QUOTE_CHARS, TIERS, QuoteMatch, find_quote
from webapp.params import engine, parse_search_args, whole_number
from webapp.urls import urls

blueprint = Blueprint("quote", __name__)

DEFAULT_LIMIT = 10


def _limit() -> int:
    limit = whole_number(request.args, "limit", DEFAULT_LIMIT)
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}")
    return limit


def _filters(args: MultiDict) -> Filters:
    """speaker=, from=, to= (and the search page's other filters), read as search reads them;
    the quote itself is checked by the finder, against its own limits."""
    rest = MultiDict([(k, v) for k, v in args.items(multi=True) if k != "q"])
    return parse_search_args(rest).filters


def _find() -> list[QuoteMatch]:
    return find_quote(engine(), request.args.get("q", ""), _limit(), _filters(request.args))


@blueprint.get("/quote")
def quote_page():
    return _quote_page(_find() if request.args.get("q", "").strip() else None)


def quote_form(message: str) -> str:
    """The quote page for a quote that could not be looked for: the pasted quote in its form,
    the message beside it."""
    return _quote_page(None, error=message)


def _quote_page(matches: list[QuoteMatch] | None, error: str | None = None) -> str:
    q = request.args.get("q", "")
    tiers = {tier: [m for m in matches or [] if m.tier == tier] for tier in TIERS}
    # The form shows what was pasted, cut to what can be searched.
    return render_template(
        "quote.html",
        q=q[:MAX_QUOTE_CHARS],
        matches=matches,
        tiers=tiers,
        error=error,
        max_chars=MAX_QUOTE_CHARS,
        speakers=", ".join(request.args.getlist("speaker")),
    )


@blueprint.get("/api/quote")
def quote_api():
    q = request.args.get("q", "")
    links = urls()
    matches = _find()
    return jsonify({"query": q, "results": [m.as_json(links) for m in matches]})
