"""The JSON API: the same search core as the pages, as data."""

from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for

from search.engines.whoosh import searcher as core
from search.engines.whoosh.store import NoIndex
from webapp.params import index_handle, parse_search_args

blueprint = Blueprint("api", __name__)


def passage_json(view: core.PassageView) -> dict:
    return {
        "id": view.id,
        "url": url_for("pages.passage", passage_id=view.id, _external=True),
        "doc_id": view.doc_id,
        "position": view.position,
        "title": view.title,
        "date": view.date.isoformat() if view.date else None,
        "speaker": view.speaker,
        "kind": view.kind,
        "question": view.question if view.kind == "answer" else None,
        "asker": view.asker if view.kind == "answer" else None,
        "text": view.text,
        "also_published_in": [
            {"id": r.passage_id, "title": r.title, "date": r.date.isoformat() if r.date else None}
            for r in view.reposts
        ],
    }


def facets_json(facets: dict[str, list[core.FacetValue]]) -> dict:
    return {
        name: [{"value": f.value, "label": f.label, "count": f.count} for f in values]
        for name, values in facets.items()
    }


def _error(message: str, status: int):
    return jsonify({"error": message}), status


@blueprint.errorhandler(core.QueryError)
def _bad_query(exc: core.QueryError):
    return _error(str(exc), 400)


@blueprint.errorhandler(NoIndex)
def _no_index(exc: NoIndex):
    return _error(str(exc), 503)


@blueprint.get("/search")
def search():
    params = parse_search_args(request.args)
    page = core.search(index_handle(), **params.as_kwargs())
    return jsonify(
        {
            "query": page.query,
            "total": page.total,
            "page": page.page,
            "per_page": page.per_page,
            "results": [
                passage_json(hit) | {"highlight": hit.highlight, "score": hit.score}
                for hit in page.hits
            ],
            "facets": facets_json(page.facets),
            "suggestion": page.suggestion,
        }
    )


@blueprint.get("/passages/<passage_id>")
def passage(passage_id: str):
    view = core.get_passage(index_handle(), passage_id)
    if view is None:
        return _error(f"no passage with id {passage_id!r}", 404)
    return jsonify(
        passage_json(view)
        | {
            "source": view.source,
            "also_sources": view.also_sources,
            "source_url": view.url,
            "publisher": view.publisher,
            "document_url": url_for(
                "pages.document", doc_id=view.doc_id, _external=True, _anchor=view.anchor
            ),
            "prev": view.prev_id,
            "next": view.next_id,
        }
    )


@blueprint.get("/passages/<passage_id>/similar")
def similar(passage_id: str):
    found = core.more_like(index_handle(), passage_id)
    if found is None:
        return _error(f"no passage with id {passage_id!r}", 404)
    return jsonify(
        {"id": passage_id, "results": [passage_json(v) | {"score": v.score} for v in found]}
    )


@blueprint.get("/speakers")
def speakers():
    return jsonify(
        {
            "speakers": [
                {"name": s.name, "slug": s.slug, "passages": s.passages, "roles": list(s.roles)}
                for s in core.speakers(index_handle())
            ]
        }
    )


@blueprint.route("/<path:anything>")
def not_found(anything: str):
    return _error(f"no API endpoint /api/{anything}", 404)
