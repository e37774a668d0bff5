"""`python -m loadtest.failover` (`make failover`): Verbatim on OpenSearch under a search load while
one node of the cluster is killed with SIGKILL midway and started again; no search may fail.

The cluster is the one this checkout started (`make opensearch`, cluster/README.md); the web app
(`verbatim serve`, VERBATIM_ENGINE=opensearch) is given every node's address, so a request to
the dead node is tried on another. The index: OPENSEARCH_INDEX when set (it must exist), else
CORPUS (default `corpus`) built into an alias of the run's own by the engine's writer and
deleted at the end.

Settings (environment): DURATION seconds of load (60), CONNECTIONS (8), REPLICA_WORKERS (2),
FAILOVER_NODE, the node killed (1; node 0 is as killable, but its address is the first one
clients try), LOADTEST_RESULTS (loadtest/results). Loopback only; the server stops at the end,
and the killed node is running again (the run waits for it, at most OPENSEARCH_START_TIMEOUT).
Exit status 0 when no request failed, 1 otherwise, 2 when the run could not be set up.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cluster import manage
from indexer.build import build_index
from loadtest import report
from loadtest.client import REQUEST_TIMEOUT, Load
from loadtest.processes import HOST, ProcessError, Replica, reap_watchdogs
from loadtest.run import PROJECT, commit, loadavg, paths_from
from search.engines.opensearch.connection import Settings, connect
from search.engines.opensearch.writer import OpenSearchTarget

# When in the run the node is killed; it is started again at once (a node takes tens of seconds
# to rejoin, so it is down for a good part of the run).
KILL_AT = 0.4
# How long a killed node's ports may take to close before it is started again.
PORTS_FREE_SECONDS = 30.0
# Passages the request mix is drawn from.
SAMPLE = 1000


@dataclass(frozen=True)
class Config:
    duration: float
    connections: int
    workers: int
    node: int
    index: str | None
    corpus: Path
    results: Path

    @classmethod
    def from_env(cls) -> Config:
        env = os.environ.get
        node = int(env("FAILOVER_NODE", "1"))
        if node not in range(manage.NODES):
            raise ProcessError(f"FAILOVER_NODE must be 0 to {manage.NODES - 1}, not {node}")
        return cls(
            duration=float(env("DURATION", "60")),
            connections=int(env("CONNECTIONS", "8")),
            workers=int(env("REPLICA_WORKERS", "2")),
            node=node,
            index=env("OPENSEARCH_INDEX") or None,
            corpus=Path(env("CORPUS", "corpus")).resolve(),
            results=Path(env("LOADTEST_RESULTS", PROJECT / "loadtest" / "results")),
        )


def cluster_ready(config: Config) -> list[str]:
    """The addresses of this checkout's cluster, all nodes running and green."""
    running = manage.running_nodes()
    if len(running) != manage.NODES:
        raise ProcessError(
            f"the cluster of this checkout runs {len(running)} of {manage.NODES} nodes: "
            "`make opensearch` starts it"
        )
    health = manage.health()
    if health.get("status") != "green":
        raise ProcessError(f"the cluster is {health.get('status')}, not green: wait, or restart it")
    return manage.urls()


def sample_passages(settings: Settings) -> list[dict]:
    """The first passages by id: the same request mix on every run over the same index."""
    client = connect(settings)
    body = {"size": SAMPLE, "sort": [{"id": "asc"}], "_source": ["id", "doc_id", "text"]}
    return [
        hit["_source"] for hit in client.search(index=settings.index, body=body)["hits"]["hits"]
    ]


def _answers(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1.0)
        return sock.connect_ex((HOST, port)) == 0


def kill_and_restart(load: Load, node: int, duration: float) -> dict[str, Any]:
    """At KILL_AT of the run, SIGKILL the node and start it again; wait until it is green."""
    time.sleep(max(duration * KILL_AT - load.elapsed(), 0))
    events: dict[str, Any] = {"killed_node": node, "kill_at_s": round(load.elapsed(), 2)}
    events["killed_pid"] = manage.kill_node(node)
    # kill_node returns once the process is gone, but its ports may still answer for a moment
    # (seen on a loaded machine), and a node is not started on a port in use.
    layout = manage.Layout.from_env()
    ports = [layout.http_port + node, layout.transport_port + node]
    deadline = time.monotonic() + PORTS_FREE_SECONDS
    while any(_answers(port) for port in ports) and time.monotonic() < deadline:
        time.sleep(0.2)
    events["restart_at_s"] = round(load.elapsed(), 2)
    manage.start_node(node)  # returns once the cluster is green again, bounded
    events["green_again_at_s"] = round(load.elapsed(), 2)
    return events


def _fault(load: Load, config: Config, found: dict[str, Any]) -> None:
    """The kill and restart, in a thread beside the load; what went wrong is kept in `found`."""
    try:
        found.update(kill_and_restart(load, config.node, config.duration))
    except manage.ClusterError as exc:
        found["error"] = str(exc)


def run(config: Config) -> dict[str, Any]:
    urls = cluster_ready(config)
    own_alias = config.index is None
    alias = config.index or f"verbatim-failover-{os.getpid()}"
    settings = Settings(urls=tuple(urls), index=alias)
    run_dir = Path(tempfile.mkdtemp(prefix="verbatim-failover-"))
    replica: Replica | None = None
    try:
        if own_alias:
            print(f"indexing {config.corpus} into {alias}", flush=True)
            build_index([config.corpus], OpenSearchTarget(settings), log=lambda line: None)
        passages = connect(settings).count(index=alias)["count"]
        paths = paths_from(sample_passages(settings))
        env = {
            "VERBATIM_ENGINE": "opensearch",
            "OPENSEARCH_URL": ",".join(urls),
            "OPENSEARCH_INDEX": alias,
        }
        replica = Replica("app", run_dir / "unused", run_dir, config.workers, env=env)
        replica.start()
        replica.wait_ready()
        before = loadavg()
        print(
            f"load: {config.connections} connections for {config.duration:g} s on "
            f"http://{replica.address}; node-{config.node} is killed at "
            f"{config.duration * KILL_AT:g} s",
            flush=True,
        )
        load = Load(HOST, replica.port, paths, config.connections, config.duration)
        threads = load.run_in_background()
        found: dict[str, Any] = {}
        fault = threading.Thread(target=_fault, args=(load, config, found))
        fault.start()
        for thread in threads:
            thread.join(config.duration + REQUEST_TIMEOUT + 10)
        seconds = load.elapsed()
        # The restart is bounded by the cluster's start timeout (manage.start_node).
        fault.join()
        if "green_again_at_s" not in found:
            raise ProcessError(f"node-{config.node} was not killed and restarted: {found}")
        after = loadavg()
    finally:
        if replica is not None:
            replica.stop()
        reap_watchdogs()
        shutil.rmtree(run_dir, ignore_errors=True)
        if own_alias:
            connect(settings).indices.delete(
                index=f"{alias}-*", params={"expand_wildcards": "all", "ignore_unavailable": "true"}
            )
    failed = [s for s in load.samples if not s.ok]
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "config": {
            "duration_s": config.duration,
            "connections": config.connections,
            "workers": config.workers,
            "opensearch_url": ",".join(urls),
            "index": alias if not own_alias else f"{config.corpus} (built for the run)",
            "passages": passages,
            "distinct_paths": len(set(paths)),
            "cores": os.cpu_count(),
            "commit": commit(),
            "loadavg_before": before,
            "loadavg_after": after,
        },
        "events": found,
        "summary": {
            "requests_sent": len(load.samples),
            "requests_failed": len(failed),
            "requests_per_second": round(len(load.samples) / seconds, 1) if seconds else 0.0,
            "latency_ms": report.latency_ms(load.samples),
            "errors": report.errors(failed),
            "timeline": report.timeline(load.samples, seconds, {}),
        },
    }


def markdown(result: dict[str, Any]) -> str:
    s, cfg, ev = result["summary"], result["config"], result["events"]
    lat = s["latency_ms"]
    lines = [
        f"# OpenSearch failover run, {result['date']}",
        "",
        f"Verbatim (`verbatim serve`, VERBATIM_ENGINE=opensearch, {cfg['workers']} gunicorn "
        f"workers) on {cfg['opensearch_url']}, index {cfg['index']} ({cfg['passages']} "
        f"passages, 3 primaries with a replica each); {cfg['connections']} kept-alive "
        f"connections for {cfg['duration_s']:g} s of searches (page and API), passages and "
        f"documents ({cfg['distinct_paths']} distinct paths); {cfg['cores']} cores; commit "
        f"{cfg['commit']}.",
        "",
        "| requests sent | failed | requests/s | p50 | p95 | p99 | max |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {s['requests_sent']} | {s['requests_failed']} | {s['requests_per_second']} "
        f"| {lat['p50']} ms | {lat['p95']} ms | {lat['p99']} ms | {lat['max']} ms |",
        "",
        "## Fault",
        "",
        f"- {ev['kill_at_s']} s: SIGKILL to node-{ev['killed_node']} (pid {ev['killed_pid']}).",
        f"- {ev['restart_at_s']} s: the process gone, node-{ev['killed_node']} started again; "
        f"the cluster was green again at {ev['green_again_at_s']} s.",
        "",
        f"Load average {cfg['loadavg_before']} before, {cfg['loadavg_after']} after.",
        "",
        f"## Every {report.BUCKET_SECONDS} s",
        "",
        "| from | requests | failed | p50 ms | p99 ms |",
        "|---:|---:|---:|---:|---:|",
    ]
    for b in s["timeline"]:
        lines.append(
            f"| {b['from_s']} s | {b['requests']} | {b['failed']} | {b['p50']} | {b['p99']} |"
        )
    if s["errors"]:
        lines += ["", "## Errors", ""]
        lines += [f"- {count} × {error}" for error, count in s["errors"].items()]
    return "\n".join(lines) + "\n"


def _exit_on_term(signum: int, frame: object) -> None:
    # SystemExit unwinds through run()'s `finally`, which stops the server.
    raise SystemExit(128 + signum)


def main() -> int:
    signal.signal(signal.SIGTERM, _exit_on_term)
    try:
        config = Config.from_env()
        result = run(config)
    except (ProcessError, manage.ClusterError) as exc:
        print(f"failover: {exc}", file=sys.stderr)
        return 2
    stamp = "failover-" + time.strftime("%Y-%m-%dT%H%M%SZ", time.gmtime())
    config.results.mkdir(parents=True, exist_ok=True)
    as_json, as_md = config.results / f"{stamp}.json", config.results / f"{stamp}.md"
    as_json.write_text(report.to_json(result))
    as_md.write_text(markdown(result))
    print(as_md.read_text())
    print(f"written: {as_json} and {as_md}")
    return 0 if result["summary"]["requests_failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
