"""The local OpenSearch cluster (`make opensearch`, cluster/README.md), when it runs.

With VERBATIM_REQUIRE_OPENSEARCH=1 (CI sets it after starting the cluster) an unreachable cluster
fails these tests; without it they skip, so `make test` passes where no cluster was started
(the `local_cluster` fixture, in conftest.py).
"""

from __future__ import annotations

import json
import time
import urllib.request
import uuid

import pytest

from cluster import manage
from tests.conftest import OPENSEARCH_URL


def _call(method: str, path: str, body: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    url = OPENSEARCH_URL + path
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


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


def _wait_for_nodes(count: int, bound_seconds: float = 90.0) -> dict:
    """Health once the cluster counts `count` nodes; fails the test past the bound."""
    deadline = time.monotonic() + bound_seconds
    while time.monotonic() < deadline:
        health = _call("GET", "/_cluster/health")
        if health["number_of_nodes"] == count:
            return health
        time.sleep(0.5)
    pytest.fail(f"the cluster did not count {count} nodes within {bound_seconds:.0f} s")


def test_killed_node_loses_no_search_and_rejoins(local_cluster: dict) -> None:
    """SIGKILL one node: the cluster turns yellow, every search still answers in full, and the
    node restarted through cluster.manage brings it back to green."""
    if sorted(manage.running_nodes()) != list(range(manage.NODES)):
        pytest.skip("the cluster at OPENSEARCH_URL was not started from this checkout")
    victim = manage.NODES - 1  # not node-0, which OPENSEARCH_URL names
    name = f"verbatim-test-kill-{uuid.uuid4().hex[:12]}"
    _call("PUT", f"/{name}", {"settings": {"number_of_shards": 3, "number_of_replicas": 1}})
    try:
        for n in range(30):
            _call("PUT", f"/{name}/_doc/{n}", {"text": f"peace talks number {n}"})
        _call("POST", f"/{name}/_refresh")
        _call("GET", "/_cluster/health?wait_for_status=green&timeout=60s")

        manage.kill_node(victim)
        health = _wait_for_nodes(manage.NODES - 1)
        assert health["status"] == "yellow"  # every primary still has a copy: no data lost
        query = {"query": {"match": {"text": "peace"}}}
        for _ in range(20):
            answer = _call("POST", f"/{name}/_search", query)
            assert answer["_shards"]["failed"] == 0
            assert answer["hits"]["total"]["value"] == 30

        manage.start_node(victim)  # returns once green
        health = _call("GET", "/_cluster/health")
        assert (health["status"], health["number_of_nodes"]) == ("green", manage.NODES)
    finally:
        if victim not in manage.running_nodes():
            manage.start_node(victim)
        _call("DELETE", f"/{name}")
