"""The local OpenSearch cluster (`make opensearch`, cluster/README.md), when it runs.

With VERBATIM_REQUIRE_OPENSEARCH=1 (CI sets it after starting the cluster) an unreachable cluster
fails these tests; without it they skip, so `make test` passes where no cluster was started.
"""

from __future__ import annotations

import json
import os
import urllib.request
import uuid

import pytest

from cluster import manage

OPENSEARCH_URL = os.environ.get("OPENSEARCH_URL", "http://127.0.0.1:9200").rstrip("/")


def _call(method: str, path: str, body: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    url = OPENSEARCH_URL + path
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def local_cluster() -> dict:
    """The cluster's health; skips or fails (see the module's docstring) when none answers."""
    try:
        health = _call("GET", "/_cluster/health")
    except (OSError, ValueError) as error:
        message = f"no OpenSearch cluster answers at {OPENSEARCH_URL}: {error}"
        if os.environ.get("VERBATIM_REQUIRE_OPENSEARCH") == "1":
            pytest.fail(f"VERBATIM_REQUIRE_OPENSEARCH=1 but {message}")
        pytest.skip(f"{message} (`make opensearch` starts one)")
    if health["cluster_name"] != manage.CLUSTER_NAME:
        pytest.skip(f"{OPENSEARCH_URL} is cluster {health['cluster_name']!r}, not the local one")
    return health


def test_three_nodes_green(local_cluster: dict) -> None:
    health = _call("GET", "/_cluster/health?wait_for_status=green&timeout=30s")
    assert health["status"] == "green"
    assert health["number_of_nodes"] == manage.NODES
    nodes = _call("GET", "/_nodes/http")["nodes"].values()
    assert sorted(node["name"] for node in nodes) == [f"node-{n}" for n in range(manage.NODES)]
    # Loopback only.
    assert all(node["http"]["publish_address"].startswith("127.0.0.1:") for node in nodes)


def test_new_index_gets_three_shards_one_replica(local_cluster: dict) -> None:
    name = f"verbatim-test-defaults-{uuid.uuid4().hex[:12]}"
    _call("PUT", f"/{name}")
    try:
        settings = _call("GET", f"/{name}/_settings")[name]["settings"]["index"]
        assert (settings["number_of_shards"], settings["number_of_replicas"]) == ("3", "1")
    finally:
        _call("DELETE", f"/{name}")


@pytest.mark.parametrize(
    ("analyzer", "text", "tokens"),
    [
        ("english", "The negotiations of presidents", ["negoti", "presid"]),
        ("russian", "переговорами президентов", ["переговор", "президент"]),
    ],
)
def test_stemming_analyzers_present(
    local_cluster: dict, analyzer: str, text: str, tokens: list[str]
) -> None:
    # The English and Russian analyzers come from the analysis-common plugin on the classpath.
    answer = _call("POST", "/_analyze", {"analyzer": analyzer, "text": text})
    assert [token["token"] for token in answer["tokens"]] == tokens


def test_snowball_filter_present(local_cluster: dict) -> None:
    body = {
        "tokenizer": "standard",
        "filter": ["lowercase", {"type": "snowball", "language": "Russian"}],
        "text": "Переговоры",
    }
    assert [t["token"] for t in _call("POST", "/_analyze", body)["tokens"]] == ["переговор"]
