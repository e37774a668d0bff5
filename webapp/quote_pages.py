"""The quote finder: a page and a JSON endpoint over `search.quotes.finder.find_quote`."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from search.engines.whoosh.query import QueryError
from search.engines.whoosh.store import NoIndex
from search.quotes.finder import MAX_LIMIT, MAX_QUOTE_CHARS, QuoteMatch, find_quote
from webapp.params import index_handle

blueprint = Blueprint("quote", __name__)

DEFAULT_LIMIT = 10


def _limit(args: MultiDict) -> int:
    raw = args.get("limit", "").strip()
    if not raw:
        return DEFAULT_LIMIT
    try:
        limit = int(raw)
    except ValueError:
        raise QueryError(f"limit must be a whole number, not {raw[:40]!r}") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}")
    return limit


def match_json(match: QuoteMatch) -> dict:
    p = match.passage
    return {
        "id": p.id,
        "url": url_for("pages.passage", passage_id=p.id, _external=True),
        "score": match.score,
        "speaker": p.speaker,
        "date": p.date.isoformat() if p.date else None,
        "title": p.title,
        "sentence": match.sentence,
        "highlight": match.highlight_html,
        "diff": [op.as_json() for op in match.diff],
    }


@blueprint.get("/quote")
def quote_page():
    q = request.args.get("q", "")
    matches, error = None, None
    if q.strip():
        try:
            matches = find_quote(index_handle(), q, _limit(request.args))
        except QueryError as exc:
            error = str(exc)
    # The form shows what was pasted, cut to what can be searched.
    return render_template("quote.html", q=q[:MAX_QUOTE_CHARS], matches=matches, error=error,
                           max_chars=MAX_QUOTE_CHARS)  # fmt: skip


@blueprint.get("/api/quote")
def quote_api():
    q = request.args.get("q", "")
    try:
        matches = find_quote(index_handle(), q, _limit(request.args))
    except QueryError as exc:
        return jsonify({"error": str(exc)}), 400
    except NoIndex as exc:
        return jsonify({"error": str(exc)}), 503
    return jsonify({"query": q, "results": [match_json(m) for m in matches]})
