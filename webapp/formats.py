"""Everything served in a format other than HTML: exports, the Atom feed, OpenSearch, citations."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from urllib.parse import quote
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, redirect, request, url_for

from search.citations import CITERS, FORMATS, ascii_name
from search.errors import NotFound, QueryError
from search.params import EXPORT_CAP
from webapp.params import SearchParams, engine, parse_search_args, shared_args
from webapp.urls import urls

blueprint = Blueprint("formats", __name__)

# CSV columns: keys of the passage's JSON, and the "source" column is where it was published.
EXPORT_COLUMNS = (
    "id",
    "url",
    "date",
    "speaker",
    "kind",
    "asker",
    "question",
    "text",
    "title",
    "source",
    "publisher",
)
FEED_ENTRIES = 20
ATOM = "http://www.w3.org/2005/Atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"


def _csv_row(record: dict) -> dict:
    row = {name: record[name] for name in EXPORT_COLUMNS}
    row["source"] = record["source_url"] or record["source"]
    return {name: "" if value is None else value for name, value in row.items()}


def _exported() -> tuple[SearchParams, list[dict]]:
    params = parse_search_args(request.args)
    if not params.active:
        raise QueryError("say what to export: a query or a filter")
    links = urls()
    found = engine().export(params.q, params.filters, params.sort)
    return params, [p.as_json(links) for p in found]


def _download(body: str, mimetype: str, filename: str) -> Response:
    """A file to save. Headers are Latin-1: a name in Cyrillic goes percent-encoded in
    `filename*` (RFC 6266, RFC 5987), with a transliterated `filename` for older clients."""
    stem, dot, ext = filename.rpartition(".")
    fallback = f"{ascii_name(stem)}{dot}{ext}" if not filename.isascii() else filename
    disposition = f'attachment; filename="{fallback}"'
    if fallback != filename:
        disposition += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": disposition})


@blueprint.get("/export.csv")
def export_csv():
    _, rows = _exported()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    writer.writerows(_csv_row(r) for r in rows)
    return _download(out.getvalue(), "text/csv", "verbatim.csv")


@blueprint.get("/export.json")
def export_json():
    params, rows = _exported()
    body = {"query": params.q, "count": len(rows), "cap": EXPORT_CAP, "results": rows}
    return _download(
        json.dumps(body, ensure_ascii=False, indent=1), "application/json", "verbatim.json"
    )


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def _stamp(day: date | None) -> str:
    return f"{(day or date(1970, 1, 1)).isoformat()}T00:00:00Z"


@blueprint.get("/feed.atom")
def feed():
    """The newest passages matching a search, for alerts in a feed reader."""
    params = parse_search_args(request.args)
    if not params.active:
        raise QueryError("a feed needs a query or a filter")
    passages = engine().export(params.q, params.filters, "newest", FEED_ENTRIES)
    links = urls()
    # The feed is always newest first and whole: a sort or a page asked for does not apply.
    args = shared_args(request.args, drop=("sort", "page", "per_page"))
    own = links.feed(**args)
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    _sub(root, f"{{{ATOM}}}title", f"Verbatim: {params.q or 'filtered passages'}")
    _sub(root, f"{{{ATOM}}}id", own)
    _sub(root, f"{{{ATOM}}}link", href=own, rel="self")
    _sub(
        root,
        f"{{{ATOM}}}link",
        href=links.search(**args, sort="newest"),
        rel="alternate",
        type="text/html",
    )
    newest = max((p.date for p in passages if p.date), default=None)
    _sub(
        root,
        f"{{{ATOM}}}updated",
        _stamp(newest) if newest else datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    for p in passages:
        link = links.passage(p.id)
        entry = _sub(root, f"{{{ATOM}}}entry")
        _sub(entry, f"{{{ATOM}}}id", link)
        _sub(entry, f"{{{ATOM}}}title", f"{p.speaker}, {p.when or 'undated'}: {p.title}")
        _sub(entry, f"{{{ATOM}}}link", href=link)
        _sub(entry, f"{{{ATOM}}}updated", _stamp(p.date))
        author = _sub(entry, f"{{{ATOM}}}author")
        _sub(author, f"{{{ATOM}}}name", p.speaker)
        _sub(entry, f"{{{ATOM}}}content", p.text, type="text")
    body = ET.tostring(root, encoding="unicode", xml_declaration=True)
    return Response(body, mimetype="application/atom+xml")


@blueprint.get("/opensearch.xml")
def opensearch():
    ET.register_namespace("", OPENSEARCH)
    root = ET.Element(f"{{{OPENSEARCH}}}OpenSearchDescription")
    _sub(root, f"{{{OPENSEARCH}}}ShortName", "Verbatim")
    _sub(root, f"{{{OPENSEARCH}}}Description", "Search diplomatic transcripts, answer by answer")
    _sub(root, f"{{{OPENSEARCH}}}InputEncoding", "UTF-8")
    links = urls()
    base = links.search()
    _sub(root, f"{{{OPENSEARCH}}}Url", type="text/html", template=f"{base}?q={{searchTerms}}")
    _sub(
        root,
        f"{{{OPENSEARCH}}}Url",
        type="application/atom+xml",
        template=f"{links.feed()}?q={{searchTerms}}",
    )
    body = ET.tostring(root, encoding="unicode", xml_declaration=True)
    return Response(body, mimetype="application/opensearchdescription+xml")


@blueprint.get("/p/<passage_id>/cite.<fmt>")
def citation(passage_id: str, fmt: str):
    if fmt not in CITERS:
        raise NotFound(f"No citation format “{fmt}”: try {', '.join(CITERS)}.")
    view = engine().get_passage(passage_id)
    if view.id != passage_id:  # an id from an earlier build
        return redirect(url_for("formats.citation", passage_id=view.id, fmt=fmt), 301)
    permalink = urls().passage(view.id)
    body = CITERS[fmt](view, permalink, date.today())
    return _download(body, FORMATS[fmt], f"{view.id}.{fmt}")
