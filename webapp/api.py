"""The JSON API: the same search core as the pages, as data. Each view prints its record's
`as_json()`; errors are raised and answered by `webapp.errors`."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, request, url_for

from search.errors import NotFound
from webapp.params import engine, parse_search_args
from webapp.urls import urls

blueprint = Blueprint("api", __name__)


@blueprint.get("/search")
def search():
    params = parse_search_args(request.args)
    return jsonify(params.run(engine()).as_json(urls()))


@blueprint.get("/passages/<passage_id>")
def passage(passage_id: str):
    view = engine().get_passage(passage_id)
    if view.id != passage_id:  # an id from an earlier build
        return redirect(url_for("api.passage", passage_id=view.id), 301)
    return jsonify(view.as_json(urls()))


@blueprint.get("/passages/<passage_id>/similar")
def similar(passage_id: str):
    links = urls()
    found = engine().more_like(passage_id)
    return jsonify({"id": passage_id, "results": [v.as_json(links) for v in found]})


@blueprint.get("/speakers")
def speakers():
    links = urls()
    return jsonify({"speakers": [s.as_json(links) for s in engine().speakers()]})


@blueprint.route("/<path:anything>")
def not_found(anything: str):
    raise NotFound(f"no API endpoint /api/{anything}")
