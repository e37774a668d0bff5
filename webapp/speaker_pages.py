"""Speaker pages: everyone who speaks in the index, and for one of them what they said about
something over time, as a page and as JSON.

The month chart is drawn inline in the page rather than served from its own URL: the page has
already counted the months, a second request would count them again, and inline SVG needs no
extra round trip, shows without JavaScript and is read by screen readers with the page.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from search.errors import NotFound
from search.months import month_bounds
from search.params import speaker_slug
from search.views import SpeakerProfile, SpeakerReport
from webapp.charts import month_name, monthly_chart
from webapp.params import engine, parse_search_args
from webapp.urls import urls

blueprint = Blueprint("speakers", __name__)

QUOTES = 6


def _report(profile: SpeakerProfile, raw_query: str) -> SpeakerReport:
    """Raises QueryError when the query cannot be read."""
    text = parse_search_args(MultiDict({"q": raw_query})).q.strip()
    timeline = engine().timeline_about(profile, text) if text else profile.timeline
    quotes = engine().representative_quotes(profile, text, limit=QUOTES)
    return SpeakerReport(profile, text, timeline, quotes)


def _chart(report: SpeakerReport) -> Markup:
    name = report.profile.name
    title = (
        f"{name}: passages matching “{report.query}”, by month"
        if report.query
        else f"{name}: passages by month"
    )
    months = [(m.month, m.count) for m in report.timeline.months]
    # Built by ElementTree and markupsafe, which escape every label: safe to embed as is.
    return monthly_chart(months, title)


def month_search_url(slug: str, query: str, month: str) -> str:
    """The search page for this speaker, this query and one month."""
    first, last = month_bounds(month)
    return url_for(
        "pages.index",
        q=query or None,
        speaker=slug,
        **{"from": first.isoformat(), "to": last.isoformat()},
    )


@blueprint.get("/speakers")
def speaker_list():
    return render_template("speakers.html", speakers=engine().speakers())


def _profile_or_redirect(slug: str, endpoint: str):
    """The profile, or a redirect when the slug names someone the registry knows another way
    ("/speakers/lavrov" → "/speakers/sergey-lavrov")."""
    try:
        return engine().speaker_profile(slug), None
    except NotFound:
        known = speaker_slug(slug.replace("-", " "))
        if known == slug:
            raise
        engine().speaker_profile(known)
        return None, redirect(url_for(endpoint, slug=known, q=request.args.get("q") or None))


@blueprint.get("/speakers/<slug>")
def speaker(slug: str):
    profile, moved = _profile_or_redirect(slug, "speakers.speaker")
    if moved:
        return moved
    return _speaker_page(profile, _report(profile, request.args.get("q", "")))


def speaker_form(message: str) -> str:
    """The speaker page for a query that could not be read: all their passages, the message
    where the query was typed."""
    profile = engine().speaker_profile(request.view_args["slug"])
    return _speaker_page(profile, _report(profile, ""), error=message)


def _speaker_page(profile: SpeakerProfile, report: SpeakerReport, error: str | None = None) -> str:
    return render_template(
        "speaker.html",
        s=profile,
        report=report,
        chart=_chart(report),
        error=error,
        asked=request.args.get("q", "")[:500],
        month_search_url=month_search_url,
        month_name=month_name,
    )


@blueprint.get("/api/speakers/<slug>")
def speaker_json(slug: str):
    profile = engine().speaker_profile(slug)
    return jsonify(_report(profile, request.args.get("q", "")).as_json(urls()))
