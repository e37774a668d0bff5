"""The API's OpenAPI document: every /api/ route in it, and a real client (schemathesis) calling
every operation in process with generated input, bounded in examples, each answer checked: no
server error, a documented status and content type, a body that matches the schema."""

from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from webapp import create_app
from webapp.openapi import ENDPOINTS

# Each operation is called with this many generated requests: enough to reach every parameter
# and its edges, few enough that the whole run takes seconds.
EXAMPLES = 30
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _documented(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def test_every_api_route_is_documented_and_every_documented_path_is_a_route(app):
    routes = {
        _documented(str(rule))
        for rule in app.url_map.iter_rules()
        if str(rule).startswith("/api/") and rule.endpoint != "api.not_found"
    }
    undocumented = routes - set(ENDPOINTS)
    assert not undocumented, f"add these to ENDPOINTS in webapp/openapi.py: {undocumented}"
    assert set(ENDPOINTS) <= routes


def test_the_document_is_served_with_the_public_address(client):
    body = client.get("/api/openapi.json").get_json()
    assert body["openapi"].startswith("3.") and body["servers"] == [{"url": "http://localhost"}]
    assert set(body["paths"]) == set(ENDPOINTS)


def test_the_readme_links_the_document():
    from tests.conftest import PROJECT

    assert "/api/openapi.json" in (PROJECT / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def api_schema(seed_index):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", create_app(seed_index))


def _operations(api_schema) -> dict[str, schemathesis.APIOperation]:
    return {op.label: op for op in (r.ok() for r in api_schema.get_all_operations())}


# The document itself schemathesis leaves out of its run: the test above reads it.
@pytest.mark.parametrize("path", sorted(set(ENDPOINTS) - {"/api/openapi.json"}))
def test_every_operation_answers_as_documented(api_schema, path):
    # schemathesis's own pytest plugin predates pytest 9: its strategies are driven here.
    operation = _operations(api_schema)[f"GET {path}"]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case) -> None:
        case.call_and_validate(checks=CHECKS)

    answers_as_documented()
