"""Speaker pages: everyone who speaks in the index, and for one of them what they said about
something over time, as a page and as JSON.

The month chart is drawn inline in the page rather than served from its own URL: the page has
already counted the months, a second request would count them again, and inline SVG needs no
extra round trip, shows without JavaScript and is read by screen readers with the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from search.engines.whoosh import searcher as core
from search.engines.whoosh.query import speaker_slug
from search.engines.whoosh.store import NoIndex
from search.speaker_stats import (
    SpeakerProfile,
    Timeline,
    month_bounds,
    representative_quotes,
    speaker_profile,
    timeline_about,
)
from webapp.charts import month_name, monthly_chart_svg
from webapp.params import index_handle, parse_search_args

blueprint = Blueprint("speakers", __name__)

QUOTES = 6


@dataclass(frozen=True)
class SpeakerReport:
    """What the page and the JSON show of one speaker, for one query or none."""

    profile: SpeakerProfile
    query: str
    timeline: Timeline
    quotes: core.SearchPage


def _report(profile: SpeakerProfile, raw_query: str) -> SpeakerReport:
    """Raises QueryError when the query cannot be read."""
    text = parse_search_args(MultiDict({"q": raw_query})).q.strip()
    handle = index_handle()
    timeline = timeline_about(handle, profile, text) if text else profile.timeline
    quotes = representative_quotes(handle, profile, text, limit=QUOTES)
    return SpeakerReport(profile, text, timeline, quotes)


def _chart(report: SpeakerReport) -> Markup:
    name = report.profile.name
    title = (f"{name}: passages matching “{report.query}”, by month" if report.query
             else f"{name}: passages by month")  # fmt: skip
    months = [(m.month, m.count) for m in report.timeline.months]
    # The SVG is built by ElementTree, which escapes every label; it is safe to embed as is.
    return Markup(monthly_chart_svg(months, title))


def month_search_url(slug: str, query: str, month: str) -> str:
    """The search page for this speaker, this query and one month."""
    first, last = month_bounds(month)
    return url_for("pages.index", q=query or None, speaker=slug,
                   **{"from": first.isoformat(), "to": last.isoformat()})  # fmt: skip


@blueprint.get("/speakers")
def speaker_list():
    return render_template("speakers.html", speakers=core.speakers(index_handle()))


@blueprint.get("/speakers/<slug>")
def speaker(slug: str):
    profile = speaker_profile(index_handle(), slug)
    if profile is None:
        # "/speakers/lavrov" names someone the registry knows: send the reader to their page.
        known = speaker_slug(slug.replace("-", " "))
        if known != slug and speaker_profile(index_handle(), known):
            asked = request.args.get("q") or None
            return redirect(url_for("speakers.speaker", slug=known, q=asked))
        abort(404, description=f"Nobody called “{slug}” speaks in these transcripts.")
    error = None
    try:
        report = _report(profile, request.args.get("q", ""))
    except core.QueryError as exc:
        error = str(exc)
        report = _report(profile, "")
    return render_template(
        "speaker.html", s=profile, report=report, chart=_chart(report), error=error,
        asked=request.args.get("q", "")[:500], month_search_url=month_search_url,
        month_name=month_name,
    )  # fmt: skip


def report_json(report: SpeakerReport) -> dict:
    profile = report.profile
    return {
        "name": profile.name,
        "slug": profile.slug,
        "url": url_for("speakers.speaker", slug=profile.slug, _external=True),
        "roles": list(profile.roles),
        "passages": profile.passages,
        "first_date": profile.first_date.isoformat() if profile.first_date else None,
        "last_date": profile.last_date.isoformat() if profile.last_date else None,
        "top_terms": list(profile.top_terms),
        "query": report.query,
        "matching": report.timeline.total,
        "by_month": [{"month": m.month, "count": m.count} for m in report.timeline.months],
        "undated": report.timeline.undated,
        "quotes": [
            {
                "id": hit.id,
                "url": url_for("pages.passage", passage_id=hit.id, _external=True),
                "date": hit.date.isoformat() if hit.date else None,
                "title": hit.title,
                "text": hit.text,
                "highlight": hit.highlight,
            }
            for hit in report.quotes.hits
        ],
    }


@blueprint.get("/api/speakers/<slug>")
def speaker_json(slug: str):
    profile = speaker_profile(index_handle(), slug)
    if profile is None:
        return jsonify({"error": f"no speaker with slug {slug!r}"}), 404
    try:
        report = _report(profile, request.args.get("q", ""))
    except core.QueryError as exc:
        return jsonify({"error": str(exc)}), 400
    return jsonify(report_json(report))


@blueprint.errorhandler(NoIndex)
def _no_index(exc: NoIndex):
    if request.path.startswith("/api/"):
        return jsonify({"error": str(exc)}), 503
    return render_template("error.html", title="No index yet", message=str(exc)), 503
