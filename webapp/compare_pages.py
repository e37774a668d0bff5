"""Speakers compared on a topic: the page (`/compare`) and its JSON (`/api/compare`), both thin
over `search.compare.compare`. They take the search page's parameters: `q`, `speaker` (repeated,
up to six) and every filter (kind, from, to, site, lang, asker)."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from search.compare import MAX_SPEAKERS, Comparison, compare
from search.errors import QueryError
from search.months import month_bounds
from webapp.charts import month_name
from webapp.compare_chart import MEASURES, comparison_chart
from webapp.params import engine, parse_search_args, without_blank_fields
from webapp.urls import urls

blueprint = Blueprint("compare", __name__)

# The speakers the form offers to complete a name from, the most prolific first.
SUGGESTED_SPEAKERS = 300


def _comparison(args: MultiDict) -> Comparison:
    """Raises QueryError for a bad query, filter or speaker list."""
    params = parse_search_args(args)
    return compare(engine(), params.q, params.filters.speakers, params.filters)


def _measure() -> str:
    measure = request.args.get("measure", "share")
    if measure not in MEASURES:
        raise QueryError(f"measure must be one of {', '.join(MEASURES)}")
    return measure


def month_search_url(comparison: Comparison, slug: str, month: str) -> str:
    """The search page for one speaker on this topic, within one month."""
    first, last = month_bounds(month)
    params = comparison.search_params(slug) | {"from": first.isoformat(), "to": last.isoformat()}
    return url_for("pages.index", **params)


def measure_url(measure: str) -> str:
    """This comparison with its chart drawn in another measure (share, the default, or count)."""
    args = request.args.copy()
    args.pop("measure", None)
    if measure != "share":
        args["measure"] = measure
    return url_for("compare.compare_page", **args.to_dict(flat=False))


def _table_rows(comparison: Comparison) -> list[int]:
    """The months (their indexes) in which any of the speakers spoke of the topic."""
    return [
        i
        for i in range(len(comparison.months))
        if any(s.months[i].count for s in comparison.speakers)
    ]


@blueprint.get("/compare")
def compare_page():
    kept = without_blank_fields(request.args)
    if kept is not None:
        # Blank fields of the form stay out of the address that gets shared.
        return redirect(url_for("compare.compare_page", **kept))
    # A topic alone is a mistake worth a message; speakers alone (a speaker page's link) are a
    # form being filled in.
    if not request.args.get("q", "").strip():
        return _compare_page(None, "share")
    measure = _measure()
    return _compare_page(_comparison(request.args), measure)


def compare_form(message: str) -> str:
    """The compare page for a comparison that could not be made: the form keeps what was typed,
    with the message above it."""
    return _compare_page(None, "share", error=message)


def _compare_page(comparison: Comparison | None, measure: str, error: str | None = None) -> str:
    asked = [v for raw in request.args.getlist("speaker") for v in raw.split(",") if v.strip()]
    chart = comparison_chart(comparison, measure) if comparison else None
    known = engine().speakers()[:SUGGESTED_SPEAKERS]
    return render_template(
        "compare.html",
        comparison=comparison,
        chart=chart,
        error=error,
        measure=measure,
        q=request.args.get("q", "")[:500],
        asked=asked,
        known=known,
        max_speakers=MAX_SPEAKERS,
        month_name=month_name,
        month_search_url=month_search_url,
        measure_url=measure_url,
        table_rows=_table_rows(comparison) if comparison else [],
    )


@blueprint.get("/api/compare")
def compare_json():
    return jsonify(_comparison(request.args).as_json(urls()))
