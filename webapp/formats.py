"""Everything served in a format other than HTML: exports, the Atom feed, OpenSearch, citations."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, abort, request, url_for

from search.citations import CITERS, FORMATS
from search.engines.whoosh import searcher as core
from webapp.params import SearchParams, index_handle, parse_search_args

blueprint = Blueprint("formats", __name__)

EXPORT_COLUMNS = ("id", "url", "date", "speaker", "kind", "asker", "question", "text", "title",
                  "source", "publisher")  # fmt: skip
FEED_ENTRIES = 20
ATOM = "http://www.w3.org/2005/Atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"


def _rows(passages: list[core.PassageView]) -> list[dict]:
    return [
        {
            "id": p.id,
            "url": url_for("pages.passage", passage_id=p.id, _external=True),
            "date": p.date.isoformat() if p.date else "",
            "speaker": p.speaker,
            "kind": p.kind,
            "asker": p.asker or "",
            "question": p.question or "",
            "text": p.text,
            "title": p.title,
            "source": p.url or p.source,
            "publisher": p.publisher or "",
        }
        for p in passages
    ]


def _exported() -> tuple[SearchParams, list[dict]]:
    params = parse_search_args(request.args)
    if not params.active:
        raise core.QueryError("say what to export: a query or a filter")
    return params, _rows(core.export(index_handle(), params.q, params.filters, params.sort))


def _download(body: str, mimetype: str, filename: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, mimetype=mimetype, headers=headers)


@blueprint.errorhandler(core.QueryError)
def _bad_query(exc: core.QueryError):
    return {"error": str(exc)}, 400


@blueprint.get("/export.csv")
def export_csv():
    _, rows = _exported()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return _download(out.getvalue(), "text/csv", "verbatim.csv")


@blueprint.get("/export.json")
def export_json():
    params, rows = _exported()
    body = {"query": params.q, "count": len(rows), "cap": core.EXPORT_CAP, "results": rows}
    return _download(json.dumps(body, ensure_ascii=False, indent=1), "application/json",
                     "verbatim.json")  # fmt: skip


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
        raise core.QueryError("a feed needs a query or a filter")
    passages = core.export(index_handle(), params.q, params.filters, "newest", FEED_ENTRIES)
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    _sub(root, f"{{{ATOM}}}title", f"Verbatim: {params.q or 'filtered passages'}")
    _sub(root, f"{{{ATOM}}}id", request.url)
    _sub(root, f"{{{ATOM}}}link", href=request.url, rel="self")
    _sub(root, f"{{{ATOM}}}link", href=url_for("pages.index", _external=True, **request.args),
         rel="alternate", type="text/html")  # fmt: skip
    newest = max((p.date for p in passages if p.date), default=None)
    _sub(
        root,
        f"{{{ATOM}}}updated",
        _stamp(newest) if newest else datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    for p in passages:
        link = url_for("pages.passage", passage_id=p.id, _external=True)
        entry = _sub(root, f"{{{ATOM}}}entry")
        _sub(entry, f"{{{ATOM}}}id", link)
        _sub(entry, f"{{{ATOM}}}title", f"{p.speaker}, {p.date or 'undated'}: {p.title}")
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
    base = url_for("pages.index", _external=True)
    _sub(root, f"{{{OPENSEARCH}}}Url", type="text/html", template=f"{base}?q={{searchTerms}}")
    _sub(root, f"{{{OPENSEARCH}}}Url", type="application/atom+xml",
         template=f"{url_for('formats.feed', _external=True)}?q={{searchTerms}}")  # fmt: skip
    body = ET.tostring(root, encoding="unicode", xml_declaration=True)
    return Response(body, mimetype="application/opensearchdescription+xml")


@blueprint.get("/p/<passage_id>/cite.<fmt>")
def citation(passage_id: str, fmt: str):
    if fmt not in CITERS:
        abort(404, description=f"No citation format “{fmt}”: try {', '.join(CITERS)}.")
    view = core.get_passage(index_handle(), passage_id)
    if view is None:
        abort(404, description=f"There is no passage with the id “{passage_id}”.")
    permalink = url_for("pages.passage", passage_id=view.id, _external=True)
    body = CITERS[fmt](view, permalink, date.today())
    return _download(body, FORMATS[fmt], f"{view.id}.{fmt}")
