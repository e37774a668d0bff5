"""An OpenSearch cluster that cannot be reached: pages answer 503 with a message, the API
`{"error": ...}` with 503, the CLI one line and exit 1; nothing waits past the connection's
bound (`search.engines.opensearch.connection`: a refused connection fails at once, a silent one
after CONNECT_TIMEOUT per try). No cluster is needed: the address is a closed loopback port."""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

from cli.main import main
from webapp import create_app


@pytest.fixture(scope="module")
def closed_port() -> int:
    """A loopback port nothing listens on: bound for a moment to find it, then closed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def unreachable(closed_port, monkeypatch) -> dict[str, str]:
    env = {
        "VERBATIM_ENGINE": "opensearch",
        "OPENSEARCH_URL": f"http://127.0.0.1:{closed_port}",
        "OPENSEARCH_INDEX": "verbatim-test-unreachable",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


@pytest.fixture()
def client(unreachable, tmp_path):
    app = create_app(tmp_path / "unused")
    app.config["TESTING"] = True
    return app.test_client()


@pytest.mark.parametrize("url", ["/?q=peace", "/p/some-passage", "/d/some-doc", "/speakers"])
def test_pages_answer_503_saying_the_cluster_is_unreachable(client, url, closed_port):
    response = client.get(url)
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "Search is unavailable" in page
    assert f"cannot reach OpenSearch at http://127.0.0.1:{closed_port}" in page
    assert "make opensearch" in page and "Traceback" not in page


@pytest.mark.parametrize(
    "url", ["/api/search?q=peace", "/api/passages/x", "/api/speakers", "/export.csv?q=peace"]
)
def test_the_api_answers_503_with_an_error(client, url):
    response = client.get(url)
    assert response.status_code == 503
    body = response.get_json()
    assert set(body) == {"error"} and "cannot reach OpenSearch" in body["error"]


def test_pages_that_ask_nothing_of_the_index_still_answer(client):
    assert client.get("/").status_code == 200


def test_the_cli_says_so_in_one_line_and_exits_1(unreachable, tmp_path):
    result = CliRunner().invoke(
        main, ["search", "peace", "--index", str(tmp_path)], env=unreachable
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "cannot reach OpenSearch" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
