"""What `verbatim serve` (gunicorn in front of the app) answers on the wire, where the app's own
error handler cannot reach unless gunicorn lets the request through."""

from __future__ import annotations

import http.client
import json
from urllib.parse import quote

import pytest

from tests.test_crash_safety import HOST, serving


@pytest.fixture(scope="module")
def server(seed_index, tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("PUBLIC_URL", raising=False)  # links from the address it serves on
        with serving(seed_index, tmp_path_factory.mktemp("served") / "serve.log") as running:
            yield running


def _request(port: int, method: str, path: str, headers: dict | None = None):
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheader("Content-Type"), response.read()
    finally:
        conn.close()


def test_a_10_kb_query_gets_the_apps_json_400_not_gunicorns_414(server):
    status, kind, body = _request(server.port, "GET", "/api/search?q=" + "nato+" * 2000)
    assert status == 400 and kind == "application/json"
    assert "longer than" in json.loads(body)["error"]


def test_a_10_kb_cyrillic_query_percent_encoded_is_a_400_too(server):
    status, kind, _ = _request(server.port, "GET", "/api/search?q=" + quote("переговоры " * 900))
    assert status == 400 and kind == "application/json"


def test_a_10_kb_query_on_the_search_page_is_explained_on_the_page(server):
    _, kind, body = _request(server.port, "GET", "/?q=" + "nato+" * 2000)
    assert kind.startswith("text/html") and "longer than" in body.decode()


def test_invalid_utf8_and_other_methods_get_json_errors(server):
    status, kind, body = _request(server.port, "GET", "/api/search?q=%C3%28")
    assert (status, kind) == (400, "application/json") and "UTF-8" in json.loads(body)["error"]
    status, kind, body = _request(server.port, "POST", "/api/search?q=nato")
    assert (status, kind) == (405, "application/json")


def test_a_host_header_does_not_reach_the_permalinks(server):
    status, _, body = _request(server.port, "GET", "/opensearch.xml", {"Host": "evil.example"})
    assert status == 200 and b"evil.example" not in body
    assert f"http://{HOST}:{server.port}/?q=".encode() in body
