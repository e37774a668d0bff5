"""A short failover run (`loadtest.failover`) on the real local cluster: one node SIGKILLed during
a search load through the web app, then restarted; no search may fail. The full 60 s run is
`make failover`; its results are in loadtest/results/failover-*."""

from __future__ import annotations

import pytest

from cluster import manage
from loadtest import failover
from tests.conftest import SEED_CORPUS


def test_a_node_killed_under_load_fails_no_request(local_cluster, monkeypatch, tmp_path) -> None:
    if sorted(manage.running_nodes()) != list(range(manage.NODES)):
        pytest.skip("the cluster at OPENSEARCH_URL was not started from this checkout")
    for name, value in {
        "DURATION": "6",
        "CONNECTIONS": "2",
        "REPLICA_WORKERS": "1",
        "FAILOVER_NODE": "1",
        "CORPUS": str(SEED_CORPUS),
        "LOADTEST_RESULTS": str(tmp_path),
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("OPENSEARCH_INDEX", raising=False)
    try:
        result = failover.run(failover.Config.from_env())
    finally:
        if 1 not in manage.running_nodes():
            manage.start_node(1)
    summary, events = result["summary"], result["events"]
    assert summary["requests_sent"] > 0
    assert summary["requests_failed"] == 0, summary["errors"]
    assert events["killed_node"] == 1 and events["killed_pid"] > 0
    # The node was killed while the load ran, and the cluster is whole again.
    assert events["kill_at_s"] < result["config"]["duration_s"]
    assert manage.health()["status"] == "green"
    assert "SIGKILL to node-1" in failover.markdown(result)
    # The run's own alias is gone.
    assert not failover.connect(failover.Settings(urls=tuple(manage.urls()))).indices.get(
        index="verbatim-failover-*", params={"ignore_unavailable": "true"}
    )
