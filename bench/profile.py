"""Where one query class's time goes: `python -m bench.profile ENGINE TARGET QUERIES CLASS`.

ENGINE is `app` (the search core on Whoosh; TARGET its INDEX_DIR) or `os` (on OpenSearch; TARGET
the alias, `--opensearch` the nodes); QUERIES a `queries.json` the benchmark drew. The class's
queries run once to warm, then under cProfile; printed: the functions with the most cumulative
time and, on OpenSearch, every request sent to the cluster with its wall time beside the time
the cluster says it took (`took`): the rest is the client, the network and the wait for a core.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from pathlib import Path

from bench.engines import open_engine
from bench.opensearch import DEFAULT_URLS, urls_of
from bench.queries import load


def _record_requests(calls: list[tuple[str, float, int | None]]) -> None:
    """Wraps the OpenSearch client's transport: each request's path, wall ms and `took`."""
    from opensearchpy import Transport

    original = Transport.perform_request

    def timed(self, method, url, *args, **kwargs):
        started = time.perf_counter()
        answer = original(self, method, url, *args, **kwargs)
        took = answer.get("took") if isinstance(answer, dict) else None
        calls.append((f"{method} {url}", (time.perf_counter() - started) * 1000, took))
        return answer

    Transport.perform_request = timed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("engine", choices=("app", "os"))
    parser.add_argument("target")
    parser.add_argument("queries", type=Path)
    parser.add_argument("cls")
    parser.add_argument("--opensearch", default=DEFAULT_URLS)
    parser.add_argument("--limit", type=int, default=10, help="queries of the class profiled")
    parser.add_argument("--top", type=int, default=30, help="functions shown")
    args = parser.parse_args(argv)
    queries = load(args.queries.read_text()).get(args.cls, [])[: args.limit]
    if not queries:
        print(f"no queries of class {args.cls!r} in {args.queries}", file=sys.stderr)
        return 2
    engine = open_engine(args.engine, args.target, urls_of(args.opensearch))
    for q in queries:
        engine.run(q)
    calls: list[tuple[str, float, int | None]] = []
    if args.engine == "os":
        _record_requests(calls)
    profile = cProfile.Profile()
    walls = []
    for q in queries:
        started = time.perf_counter()
        profile.runcall(engine.run, q)
        walls.append((time.perf_counter() - started) * 1000)
    print(f"{len(queries)} queries of {args.cls}: ms each {[round(w) for w in walls]}")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.top)
    print(out.getvalue())
    if calls:
        by_kind: dict[str, list[float]] = {}
        took_total = 0
        for what, wall, took in calls:
            by_kind.setdefault(what.split("?")[0].rsplit("/", 1)[-1], []).append(wall)
            took_total += took or 0
        wall_total = sum(wall for _, wall, _ in calls)
        print(
            f"{len(calls)} requests to the cluster ({len(calls) / len(queries):.1f} a query): "
            f"{wall_total:.0f} ms of wall time, of which the cluster says it took "
            f"{took_total} ms"
        )
        print(json.dumps({k: [len(v), round(sum(v))] for k, v in by_kind.items()}))
    engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
