"""Figures of a load run, and the two files that keep them: results/<date>.json and .md."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

from loadtest.client import Sample

BUCKET_SECONDS = 5
ERRORS_KEPT = 10


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    if not sorted_values:
        return 0.0
    return sorted_values[max(math.ceil(share * len(sorted_values)) - 1, 0)]


def latency_ms(samples: list[Sample]) -> dict[str, float]:
    values = sorted(s.seconds for s in samples)
    figures = {f"p{int(q * 100)}": percentile(values, q) for q in (0.5, 0.95, 0.99)}
    figures["max"] = values[-1] if values else 0.0
    return {name: round(seconds * 1000, 1) for name, seconds in figures.items()}


def final_upstream(sample: Sample) -> str:
    """The replica that answered: nginx lists every one it tried, the last one answered."""
    return sample.upstream.rsplit(",", 1)[-1].strip()


def summarise(
    samples: list[Sample], seconds: float, names: dict[str, str], events: dict[str, Any]
) -> dict[str, Any]:
    """`names` maps a replica's address to its name; `events` holds kill and restart times."""
    failed = [s for s in samples if not s.ok]
    return {
        "requests_sent": len(samples),
        "requests_failed": len(failed),
        "requests_per_second": round(len(samples) / seconds, 1) if seconds else 0.0,
        "latency_ms": latency_ms(samples),
        "retried_on_other_replica": sum("," in s.upstream for s in samples),
        "served_by": dict(Counter(names.get(final_upstream(s), "none") for s in samples)),
        "served_by_restarted_replica_after_restart": served_after(samples, names, events),
        "errors": errors(failed),
        "timeline": timeline(samples, seconds, names),
    }


def errors(failed: list[Sample]) -> dict[str, int]:
    """The most frequent errors of the failed requests, with their counts."""
    return dict(Counter(s.error for s in failed).most_common(ERRORS_KEPT))


def to_json(result: dict[str, Any]) -> str:
    return json.dumps(result, indent=2) + "\n"


def served_after(samples: list[Sample], names: dict[str, str], events: dict[str, Any]) -> int:
    """Requests the killed replica answered once it was back: nginx took it into rotation again."""
    back = events.get("restarted_ready_at")
    if back is None:
        return 0
    return sum(names.get(final_upstream(s)) == events["killed"] for s in samples if s.at >= back)


def timeline(samples: list[Sample], seconds: float, names: dict[str, str]) -> list[dict]:
    buckets = []
    for start in range(0, math.ceil(seconds), BUCKET_SECONDS):
        inside = [s for s in samples if start <= s.at < start + BUCKET_SECONDS]
        if not inside:
            continue
        served = Counter(names.get(final_upstream(s), "none") for s in inside)
        buckets.append(
            {
                "from_s": start,
                "requests": len(inside),
                "failed": sum(not s.ok for s in inside),
                "retried": sum("," in s.upstream for s in inside),
                **latency_ms(inside),
                "served_by": dict(sorted(served.items())),
            }
        )
    return buckets


def write(results_dir: Path, stamp: str, result: dict[str, Any]) -> tuple[Path, Path]:
    results_dir.mkdir(parents=True, exist_ok=True)
    as_json = results_dir / f"{stamp}.json"
    as_md = results_dir / f"{stamp}.md"
    as_json.write_text(to_json(result))
    as_md.write_text(markdown(result))
    return as_json, as_md


def markdown(result: dict[str, Any]) -> str:
    s, cfg, ev = result["summary"], result["config"], result["events"]
    lat = s["latency_ms"]
    lines = [
        f"# Load and failover run, {result['date']}",
        "",
        f"nginx {cfg['nginx']} on {cfg['host']} (`{cfg.get('nginx_server_options', '')}` per "
        f"replica) in front of {cfg['replicas']} gunicorn replicas "
        f"of Verbatim ({cfg['workers_per_replica']} workers each), {cfg['connections']} "
        f"kept-alive connections for {cfg['duration_s']} s, {cfg['cores']} cores; index "
        f"`{cfg['index_dir']}` ({cfg['passages']} passages); commit {cfg['commit']}"
        + (
            f"; GUNICORN_CMD_ARGS `{cfg['gunicorn_cmd_args']}`."
            if cfg["gunicorn_cmd_args"]
            else "."
        ),
        "",
        "| requests sent | failed | requests/s | p50 | p95 | p99 | max |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {s['requests_sent']} | {s['requests_failed']} | {s['requests_per_second']} "
        f"| {lat['p50']} ms | {lat['p95']} ms | {lat['p99']} ms | {lat['max']} ms |",
        "",
        "## Fault",
        "",
        f"- {ev['kill_at_s']} s: SIGKILL to replica {ev['killed']} "
        f"(master and workers, pids {', '.join(map(str, ev['killed_pids']))}).",
        f"- {ev['restart_at_s']} s: replica {ev['killed']} started again; it answered at "
        f"{ev['restarted_ready_at']} s.",
        f"- nginx retried {s['retried_on_other_replica']} requests on the other replica "
        f"({ev['nginx_upstream_errors']} upstream errors in its log); after its restart the "
        f"replica served {s['served_by_restarted_replica_after_restart']} requests.",
        f"- Served by: {', '.join(f'{k} {v}' for k, v in sorted(s['served_by'].items()))}.",
        "",
        f"Load average {cfg['loadavg_before']} before, {cfg['loadavg_after']} after.",
        "",
        f"## Every {BUCKET_SECONDS} s",
        "",
        "| from | requests | failed | retried | p50 ms | p99 ms | served by |",
        "|---:|---:|---:|---:|---:|---:|---|",
    ]
    for b in s["timeline"]:
        served = ", ".join(f"{k} {v}" for k, v in b["served_by"].items())
        lines.append(
            f"| {b['from_s']} s | {b['requests']} | {b['failed']} | {b['retried']} "
            f"| {b['p50']} | {b['p99']} | {served} |"
        )
    if s["errors"]:
        lines += ["", "## Errors", ""]
        lines += [f"- {count} × {error}" for error, count in s["errors"].items()]
    return "\n".join(lines) + "\n"
