"""The JSON API described for machines: an OpenAPI 3 document of every `/api/` endpoint, served
at `/api/openapi.json`.

Written by hand from one table (`ENDPOINTS`) rather than generated, so it says what each answer
means; it stays true because the tests check both ways: every `/api/` route of the app is in
the table, and schemathesis calls every operation with generated input and checks each answer
against the schema given here. The records' shapes are those of their `as_json()` in
`search/views.py` (and the quote finder's); a record may carry fields beyond those listed, which
clients ignore.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from indexer.model import PASSAGE_KINDS
from search.params import MAX_PAGE, MAX_PER_PAGE, SORTS
from webapp.params import MAX_QUERY_CHARS
from webapp.urls import urls

blueprint = Blueprint("openapi", __name__)

TITLE = "Verbatim JSON API"
VERSION = "1"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(kind: str, **more: Any) -> dict:
    return {"type": kind, "nullable": True, **more}


def _array(items: dict) -> dict:
    return {"type": "array", "items": items}


def _object(required: dict[str, dict], optional: dict[str, dict] | None = None) -> dict:
    return {
        "type": "object",
        "required": sorted(required),
        "properties": {**required, **(optional or {})},
    }


STRING, INTEGER, NUMBER = {"type": "string"}, {"type": "integer"}, {"type": "number"}
DAY = _nullable("string", format="date")

SCHEMAS: dict[str, dict] = {
    "Error": _object({"error": STRING}),
    "Repost": _object({"id": STRING, "title": STRING, "date": DAY}),
    "Passage": _object(
        {
            "id": STRING,
            "url": {"type": "string", "format": "uri"},
            "doc_id": STRING,
            "position": INTEGER,
            "title": STRING,
            "date": DAY,
            "speaker": STRING,
            "speaker_slug": _nullable("string", description="null where the source names no one"),
            "kind": {"type": "string", "enum": list(PASSAGE_KINDS)},
            "question": _nullable("string"),
            "asker": _nullable("string"),
            "text": STRING,
            "highlight": _nullable("string", description="HTML: the text with <mark> elements"),
            "score": _nullable("number", description="relevance; null in a date order"),
            "language": STRING,
            "publisher": _nullable("string"),
            "source": STRING,
            "source_url": _nullable("string"),
            "also_sources": _array(STRING),
            "also_published_in": _array(_ref("Repost")),
            "document_url": STRING,
            "prev": _nullable("string"),
            "next": _nullable("string"),
        }
    ),
    "FacetValue": _object({"value": STRING, "label": STRING, "count": INTEGER}),
    "SearchPage": _object(
        {
            "query": STRING,
            "total": INTEGER,
            "page": INTEGER,
            "per_page": INTEGER,
            "results": _array(_ref("Passage")),
            "facets": {
                "type": "object",
                "additionalProperties": _array(_ref("FacetValue")),
                "description": "speaker, year (then 'undated'), kind, site, language",
            },
            "suggestion": _nullable("string"),
        }
    ),
    "Similar": _object({"id": STRING, "results": _array(_ref("Passage"))}),
    "Speaker": _object(
        {
            "name": STRING,
            "slug": STRING,
            "url": STRING,
            "passages": INTEGER,
            "roles": _array(STRING),
        }
    ),
    "Speakers": _object({"speakers": _array(_ref("Speaker"))}),
    "MonthCount": _object({"month": STRING, "count": INTEGER}),
    "SpeakerReport": _object(
        {
            "name": STRING,
            "slug": STRING,
            "url": STRING,
            "roles": _array(STRING),
            "passages": INTEGER,
            "first_date": DAY,
            "last_date": DAY,
            "top_terms": _array(STRING),
            "query": STRING,
            "matching": INTEGER,
            "by_month": _array(_ref("MonthCount")),
            "undated": INTEGER,
            "quotes": _array(_ref("Passage")),
        }
    ),
    "QuoteMatch": {
        "allOf": [
            _ref("Passage"),
            _object(
                {
                    "score": NUMBER,
                    "sentence": STRING,
                    "highlight": STRING,
                    "diff": _array(_object({"op": STRING, "source": STRING, "quote": STRING})),
                }
            ),
        ]
    },
    "QuoteResults": _object({"query": STRING, "results": _array(_ref("QuoteMatch"))}),
    "ComparedMonth": _object(
        {"month": STRING, "count": INTEGER, "passages": INTEGER, "share": _nullable("number")}
    ),
    "ComparedSpeaker": _object(
        {
            "name": STRING,
            "slug": STRING,
            "url": STRING,
            "search_url": STRING,
            "passages": INTEGER,
            "matching": INTEGER,
            "share": _nullable("number"),
            "undated": INTEGER,
            "by_month": _array(_ref("ComparedMonth")),
            "quotes": _array(_ref("Passage")),
        }
    ),
    "Comparison": _object(
        {
            "query": STRING,
            "filters": {"type": "object"},
            "months": _array(STRING),
            "speakers": _array(_ref("ComparedSpeaker")),
        }
    ),
}


def _query(name: str, schema: dict, description: str, required: bool = False) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "schema": schema,
        "description": description,
    }


def _path(name: str, description: str) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": STRING,
        "description": description,
    }


def _many(name: str, description: str, items: dict = STRING) -> dict:
    return {
        **_query(name, _array(items), f"{description}; repeat it, or separate with commas"),
        "style": "form",
        "explode": True,
    }


DATE_TEXT = {"type": "string", "pattern": r"^\d{4}(-\d{2}-\d{2})?$"}
SEARCH_PARAMETERS = [
    _query(
        "q",
        {"type": "string", "maxLength": MAX_QUERY_CHARS},
        "the query, in the query syntax of the README",
    ),
    _many("speaker", "only these speakers (any spelling Verbatim knows, or slugs)"),
    _many("kind", "only these kinds", {"type": "string", "enum": list(PASSAGE_KINDS)}),
    _many("site", "only these publishers (their slugs)"),
    _many("lang", "only these languages (en, ru)"),
    _many("asker", "only answers to these outlets or people"),
    _query("from", DATE_TEXT, "earliest date: YYYY-MM-DD, or a year (its first day)"),
    _query("to", DATE_TEXT, "latest date: YYYY-MM-DD, or a year (its last day)"),
    _query(
        "undated", {"type": "string", "enum": ["0", "1"]}, "1: only passages whose date is unknown"
    ),
    _query("sort", {"type": "string", "enum": list(SORTS)}, "the order; undated passages last"),
    _query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}, "page number"),
    _query(
        "per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}, "results per page"
    ),
]


def _answers(schema: str, description: str, *errors: int) -> dict:
    reasons = {
        400: "the request cannot be answered as asked",
        404: "no such id",
        503: "no index has been built yet",
    }
    answers = {"200": _json(description, _ref(schema))}
    for status in (*errors, 503):
        answers[str(status)] = _json(reasons[status], _ref("Error"))
    return answers


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


# The one table: path → (operation id, summary, parameters, answer schema, error statuses).
ENDPOINTS: dict[str, tuple[str, str, list[dict], str, tuple[int, ...]]] = {
    "/api/search": (
        "search",
        "Ranked passages matching a query and filters, with facets",
        SEARCH_PARAMETERS,
        "SearchPage",
        (400,),
    ),
    "/api/passages/{passage_id}": (
        "passage",
        "One passage, with its neighbours and document",
        [_path("passage_id", "the passage's id")],
        "Passage",
        (404,),
    ),
    "/api/passages/{passage_id}/similar": (
        "similar",
        "Passages sharing the most telling words of this one",
        [_path("passage_id", "the passage's id")],
        "Similar",
        (404,),
    ),
    "/api/speakers": ("speakers", "Every speaker, most passages first", [], "Speakers", ()),
    "/api/speakers/{slug}": (
        "speaker",
        "One speaker: counts, telling words, what they said about a query by month",
        [
            _path("slug", "the speaker's slug or any name Verbatim knows"),
            _query("q", STRING, "what they spoke about"),
        ],
        "SpeakerReport",
        (400, 404),
    ),
    "/api/quote": (
        "quote",
        "Where a quote comes from: sources ranked by how closely they match",
        [
            _query("q", STRING, "the quote as pasted", required=True),
            _query("limit", {"type": "integer", "minimum": 1, "maximum": 50}, "most matches"),
        ],
        "QuoteResults",
        (400,),
    ),
    "/api/compare": (
        "compare",
        "Speakers compared on a topic: counts and shares by month, their best passages",
        [
            {**SEARCH_PARAMETERS[0], "required": True},
            {
                **SEARCH_PARAMETERS[1],
                "required": True,
                "description": "the speakers to compare (one to six); repeat it",
            },
            *SEARCH_PARAMETERS[2:8],
        ],
        "Comparison",
        (400,),
    ),
    "/api/openapi.json": ("openapi", "This document", [], "OpenAPI", ()),
}


def document(server: str) -> dict:
    """The OpenAPI document, its server the public address links are built from."""
    paths = {}
    for path, (operation, summary, parameters, schema, errors) in ENDPOINTS.items():
        answers = _answers(schema, summary, *errors)
        if schema == "OpenAPI":
            answers = {"200": _json(summary, {"type": "object"})}
        paths[path] = {
            "get": {
                "operationId": operation,
                "summary": summary,
                "parameters": parameters,
                "responses": answers,
            }
        }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": TITLE,
            "version": VERSION,
            "description": "Full-text search over diplomatic transcripts. Errors are "
            'always JSON: {"error": "..."}; methods other than GET get a 405.',
        },
        "servers": [{"url": server}],
        "paths": paths,
        "components": {"schemas": SCHEMAS},
    }


@blueprint.get("/api/openapi.json")
def openapi_json():
    return jsonify(document(urls().search().rstrip("/")))
