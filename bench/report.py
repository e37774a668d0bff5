"""The machine, the targets, and the results as JSON and a markdown report."""

from __future__ import annotations

import json
import math
import os
import platform
import sqlite3
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from bench import parity
from bench.queries import CLASSES, LABELS

PROJECT = Path(__file__).resolve().parent.parent

# The targets the project set itself; each figure is marked met or missed against them.
PAGE_P50_MS = 30.0
PAGE_P95_MS = 100.0
APP_OVER_BARE = 1.5
BUILD_OVER_BARE = 1.3
UPDATE_SECONDS = 2.0
WORKER_RSS_MB = 500.0
# Issue 14's targets: OpenSearch's search page on the full corpora and at ten-fold, and the
# Whoosh core's tail in every class.
OS_P50_MS = 20.0
OS_P95_MS = 60.0
TENFOLD_P95_MS = 150.0
WHOOSH_CORE_P95_MS = 100.0
ENGINE_NAMES = {
    "app": "Verbatim core on Whoosh",
    "os": "Verbatim core on OpenSearch",
    "bare": "bare Whoosh",
    "fts5": "FTS5",
}


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_mb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_mb = int(line.split()[1]) // 1024
    except OSError:
        pass
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "memory_mb": memory_mb,
        "cpu": cpu or platform.processor(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "whoosh": _version("whoosh3"),
        "flask": _version("flask"),
        "gunicorn": _version("gunicorn"),
        "sqlite": sqlite3.sqlite_version,
    }


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def commit() -> dict[str, Any]:
    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=PROJECT, capture_output=True, text=True, check=False
        )
        return done.stdout.strip() if done.returncode == 0 else ""

    changed = [line for line in git("status", "--porcelain").splitlines() if line.strip()]
    return {
        "hash": git("rev-parse", "HEAD") or "unknown",
        "short": git("rev-parse", "--short", "HEAD") or "nocommit",
        "uncommitted_changes": len(changed),
    }


# --- targets ----------------------------------------------------------------------------------


def _available(classes: dict) -> dict[str, dict]:
    return {c: v for c, v in classes.items() if v.get("available") and v.get("n")}


def _worst(classes: dict, key: str) -> tuple[str, float] | None:
    measured = _available(classes)
    if not measured:
        return None
    cls = max(measured, key=lambda c: measured[c][key])
    return cls, measured[cls][key]


def app_over_bare(size: dict) -> dict[str, float]:
    """Per class, the search core's p50 over bare Whoosh's p50."""
    app = _available(size["latency"]["app"]["classes"])
    bare = _available(size["latency"]["bare"]["classes"])
    return {
        c: round(app[c]["p50"] / bare[c]["p50"], 2) for c in app if c in bare and bare[c]["p50"] > 0
    }


def targets(size: dict) -> list[dict[str, Any]]:
    page = size["http"]["page"]
    rows = []
    for key, limit in (("p50", PAGE_P50_MS), ("p95", PAGE_P95_MS)):
        worst = _worst(page, key)
        rows.append(
            _target(
                f"HTTP search page {key} ≤ {limit:g} ms, every class",
                worst and worst[1],
                limit,
                "ms",
                worst and LABELS[worst[0]],
            )
        )
    ratios = app_over_bare(size)
    worst_ratio = max(ratios.items(), key=lambda kv: kv[1]) if ratios else None
    rows.append(
        _target(
            f"search core over bare Whoosh ≤ {APP_OVER_BARE:g}× (p50), every class",
            worst_ratio and worst_ratio[1],
            APP_OVER_BARE,
            "×",
            worst_ratio and LABELS[worst_ratio[0]],
        )
    )
    build = size["build"]
    ratio = (
        build["verbatim"]["seconds"] / build["bare"]["seconds"]
        if build["bare"]["seconds"]
        else None
    )
    rows.append(
        _target(
            f"full build ≤ {BUILD_OVER_BARE:g}× the bare writer",
            ratio and round(ratio, 2),
            BUILD_OVER_BARE,
            "×",
        )
    )
    rows.append(
        _target(
            f"incremental update of one file ≤ {UPDATE_SECONDS:g} s",
            size["incremental"].get("seconds"),
            UPDATE_SECONDS,
            "s",
        )
    )
    workers = [v for v in size["http"]["memory"]["workers_rss_mb"].values() if v is not None]
    rows.append(
        _target(
            f"server RSS ≤ {WORKER_RSS_MB:g} MB per worker",
            max(workers) if workers else None,
            WORKER_RSS_MB,
            "MB",
        )
    )
    rows.append(
        _class_target(
            "Whoosh core in process", size["latency"]["app"]["classes"], "p95", WHOOSH_CORE_P95_MS
        )
    )
    if "http_os" in size:
        for key, limit in (("p50", OS_P50_MS), ("p95", OS_P95_MS)):
            rows.append(
                _class_target("OpenSearch search page", size["http_os"]["page"], key, limit)
            )
            rows.append(
                _class_target(
                    "OpenSearch core in process", size["latency"]["os"]["classes"], key, limit
                )
            )
    if "latency" in size.get("tenfold", {}):
        rows.append(
            _class_target(
                "ten-fold: OpenSearch core in process",
                size["tenfold"]["latency"]["classes"],
                "p95",
                TENFOLD_P95_MS,
            )
        )
    errors = sum(count for _, count, _ in failures(size))
    rows.append(
        _target("no failed queries (in process, over HTTP, under load)", errors, 0, "errors")
    )
    return rows


def _class_target(what: str, classes: dict, key: str, limit: float) -> dict[str, Any]:
    worst = _worst(classes, key)
    return _target(
        f"{what} {key} ≤ {limit:g} ms, every class",
        worst and worst[1],
        limit,
        "ms",
        worst and LABELS[worst[0]],
    )


def failures(size: dict) -> list[tuple[str, int, str]]:
    """Where queries failed: (where, how many, the first error)."""
    found = []
    for engine, measured in size["latency"].items():
        for cls, stats in measured["classes"].items():
            if stats.get("errors"):
                found.append(
                    (f"{engine} in process, {LABELS[cls]}", stats["errors"], stats["first_error"])
                )
    servers = [("", size["http"]), ("OpenSearch ", size.get("http_os"))]
    if "latency" in size.get("tenfold", {}):
        for cls, stats in size["tenfold"]["latency"]["classes"].items():
            if stats.get("errors"):
                where = f"ten-fold in process, {LABELS[cls]}"
                found.append((where, stats["errors"], stats["first_error"]))
    for name, http in servers:
        if not http:
            continue
        for endpoint in ("page", "api"):
            for cls, stats in http.get(endpoint, {}).items():
                if stats.get("errors"):
                    where = f"{name}HTTP {endpoint}, {LABELS[cls]}"
                    found.append((where, stats["errors"], stats["first_error"]))
        for level in http["load"]:
            if level["errors"]:
                where = f"{name}load, {level['clients']} clients"
                found.append((where, level["errors"], level["first_error"]))
    return found


def _target(
    name: str, value: float | None, limit: float, unit: str, where: str | None = None
) -> dict[str, Any]:
    return {
        "target": name,
        "value": value,
        "limit": limit,
        "unit": unit,
        "worst": where,
        "met": None if value is None else value <= limit,
    }


# --- markdown ---------------------------------------------------------------------------------


def _ms(stats: dict | None) -> str:
    if not stats:
        return "–"
    if not stats.get("available", True):
        return "not available"
    if not stats.get("n"):
        return f"failed ({stats.get('errors', 0)} errors)"
    errors = f" ({stats['errors']} errors)" if stats.get("errors") else ""
    return f"{stats['p50']:.1f} / {stats['p95']:.1f} / {stats['p99']:.1f}{errors}"


def _ratio(a: dict | None, b: dict | None) -> str:
    if not a or not b or not a.get("n") or not b.get("n") or not b["p50"]:
        return "–"
    return f"{a['p50'] / b['p50']:.2f}×"


def _mark(met: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "not measured"}[met]


def _mb(value: int) -> str:
    return f"{value / 1e6:,.1f}" if value < 1e7 else f"{value / 1e6:,.0f}"


def _seconds(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:,.1f}"


def _build_table(size: dict) -> list[str]:
    build = size["build"]
    vb = build["verbatim"]
    lines = [
        "| build | seconds | passages/s | index MB | peak RSS MB | Verbatim ÷ this |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    names = {
        "verbatim": f"Verbatim `build_index` (parse + write, {size['workers']} workers)",
        "bare": "bare Whoosh writer",
        "fts5": "SQLite FTS5 (`porter unicode61`)",
    }
    for key, name in names.items():
        b = build[key]
        rate = f"{b['passages'] / b['seconds']:,.0f}" if b["seconds"] else "–"
        rss = f"{b['peak_rss_mb']:,.0f}"
        if key == "verbatim" and b.get("children_peak_rss_mb"):
            rss += f" (+ parse workers {b['children_peak_rss_mb']:,.0f})"
        ratio = (
            "1.00×"
            if key == "verbatim"
            else (f"{vb['seconds'] / b['seconds']:.2f}×" if b["seconds"] else "–")
        )
        size_mb = _mb(b["index_bytes"])
        lines.append(
            f"| {name} | {_seconds(b['seconds'])} | {rate} | {size_mb} | {rss} | {ratio} |"
        )
    if "opensearch" in build:
        b = build["opensearch"]
        rate = f"{b['passages'] / b['seconds']:,.0f}" if b["seconds"] else "–"
        ratio = f"{vb['seconds'] / b['seconds']:.2f}×" if b["seconds"] else "–"
        lines.append(
            f"| OpenSearch `build_index` (parse + bulk, {size['workers']} workers; 3 shards, "
            f"then 1 replica each) | {_seconds(b['seconds'])} | {rate} | "
            f"{_mb(b['index_bytes'])} (with replicas {_mb(b['index_bytes_with_replicas'])}) | "
            f"{b['peak_rss_mb']:,.0f} (client; + parse workers "
            f"{b.get('children_peak_rss_mb') or 0:,.0f}) | {ratio} |"
        )
    parse = build.get("parse_only")
    if parse:
        writing = vb["seconds"] - parse["seconds"]
        rate = f" ({vb['passages'] / writing:,.0f} passages/s)" if writing > 0 else ""
        lines += [
            "",
            f"Where Verbatim's build time goes: reading and shaping the files alone (the same "
            f"{size['workers']} workers, no index) takes {parse['seconds']:.1f} s, so writing "
            f"the index takes about {writing:.1f} s{rate}.",
        ]
    return [*lines, "", _update_line(size["incremental"])]


def _update_line(inc: dict) -> str:
    if "file" not in inc:
        return f"Incremental update: not measured ({inc.get('reason', 'no file')})."
    changed = f"Update after changing one file (`{inc['file']}`, {inc['file_passages']} passages)"
    tries = f", attempt {inc['attempts']}" if inc["attempts"] > 1 else ""
    if inc["incremental"]:
        return (
            f"{changed}: **{inc['seconds']:.2f} s** ({inc['parsed_files']} file(s) parsed"
            f"{tries}; the time of `build_index`, without interpreter start-up)."
        )
    return (
        f"{changed}: not incremental after {inc['attempts']} attempts (the parsing code changed "
        f"during the run); the full rebuild took {inc['full_seconds']:.1f} s."
    )


def _latency_table(size: dict) -> list[str]:
    engines = [e for e in ("app", "os", "bare", "fts5") if e in size["latency"]]
    lat = {engine: size["latency"][engine]["classes"] for engine in engines}
    ratios = [("app", "bare"), ("app", "fts5")]
    if "os" in lat:
        ratios += [("os", "bare"), ("os", "fts5"), ("os", "app")]
    short = {"app": "Whoosh core", "os": "OS core", "bare": "bare", "fts5": "FTS5"}
    head = [ENGINE_NAMES[e] for e in engines] + [f"{short[a]} ÷ {short[b]}" for a, b in ratios]
    lines = [
        "| class | " + " | ".join(head) + " |",
        "|---|" + "---:|" * len(head),
    ]
    for cls in CLASSES:
        cells = [_ms(lat[e].get(cls)) for e in engines]
        cells += [_ratio(lat[a].get(cls), lat[b].get(cls)) for a, b in ratios]
        lines.append(f"| {LABELS[cls]} | " + " | ".join(cells) + " |")
    opened = ", ".join(f"{e} {size['latency'][e]['open_ms']:.0f} ms" for e in lat)
    rss = ", ".join(f"{e} {size['latency'][e]['rss_mb'] or 0:,.0f} MB" for e in lat)
    lines += [
        "",
        f"Cold open (engine ready for queries): {opened}. Process RSS after the queries: {rss}. "
        "Ratios are of the p50s.",
    ]
    return lines


def _http_table(
    http: dict, p50_limit: float = PAGE_P50_MS, p95_limit: float = PAGE_P95_MS
) -> list[str]:
    target = f"p50 ≤ {p50_limit:g}, p95 ≤ {p95_limit:g}"
    api_head = "`/api/search`" if "api" in http else ""
    lines = [f"| class | search page `/` | {target} | {api_head} |", "|---|---:|---|---:|"]
    for cls in CLASSES:
        page, api = http["page"].get(cls), http.get("api", {}).get(cls)
        ok = "–"
        if page and page.get("n"):
            ok = _mark(page["p50"] <= p50_limit and page["p95"] <= p95_limit)
        lines.append(f"| {LABELS[cls]} | {_ms(page)} | {ok} | {_ms(api) if api else ''} |")
    if not http["load"]:
        return lines
    lines += [
        "",
        "| concurrent clients | requests | req/s | p50 ms | p95 ms | errors |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for level in http["load"]:
        p50 = f"{level['p50']:.1f}" if level.get("n") else "–"
        p95 = f"{level['p95']:.1f}" if level.get("n") else "–"
        lines.append(
            f"| {level['clients']} | {level['requests']} | {level['rps']:.1f} | {p50} | "
            f"{p95} | {level['errors']} |"
        )
    slow = [
        f"{LABELS[c]}: `{v['slowest']}` ({v['max']:.0f} ms)"
        for c, v in http["page"].items()
        if v.get("n") and v.get("slowest")
    ]
    if slow:
        lines += ["", "Slowest search page of each class: " + "; ".join(slow) + "."]
    memory = http["memory"]
    workers = ", ".join(f"{v:,.0f} MB" for v in memory["workers_rss_mb"].values() if v)
    lines += [
        "",
        f"Server RSS after the load: workers {workers or '–'}; master "
        f"{memory['master_rss_mb'] or 0:,.0f} MB. Server ready in "
        f"{http['startup_seconds']:.1f} s.",
    ]
    return lines


def _targets_table(size: dict) -> list[str]:
    lines = ["| target | figure | |", "|---|---:|---|"]
    for t in size["targets"]:
        unit = t["unit"] if t["unit"] == "×" else f" {t['unit']}"
        value = "–" if t["value"] is None else f"{t['value']:g}{unit}"
        where = f" ({t['worst']})" if t.get("worst") else ""
        lines.append(f"| {t['target']} | {value}{where} | {_mark(t['met'])} |")
    return lines


def _failures_lines(size: dict) -> list[str]:
    found = failures(size)
    if not found:
        return []
    lines = ["### Failed queries", "", "| where | errors | first error |", "|---|---:|---|"]
    for where, count, first in found:
        lines.append(f"| {where} | {count} | {first.replace('|', '/')} |")
    return [*lines, ""]


def _size_section(size: dict) -> list[str]:
    vb = size["build"]["verbatim"]
    kinds = ", ".join(f"{n:,} {k}" for k, n in sorted(vb["passages_by_kind"].items()))
    formats = ", ".join(f"{n:,} {k}" for k, n in sorted(vb["passages_by_format"].items()))
    failed = len(vb.get("failed_files", []))
    return [
        f"## {size['label']}: {vb['passages']:,} passages from {size['files']:,} files",
        "",
        f"Passages by kind: {kinds or 'none'}; by reader: {formats or 'none'}; "
        f"files that failed to read: {failed}.",
        "",
        "### Targets",
        "",
        *_targets_table(size),
        "",
        *_failures_lines(size),
        "### Build",
        "",
        *_build_table(size),
        "",
        "### Query latency in process, ms (p50 / p95 / p99)",
        "",
        *_latency_table(size),
        "",
        "### Over HTTP (gunicorn, 2 workers, loopback), ms (p50 / p95 / p99)",
        "",
        *_http_table(size["http"]),
        "",
        *_os_http_section(size),
        *_tenfold_section(size),
    ]


def _os_http_section(size: dict) -> list[str]:
    if "http_os" not in size:
        return []
    return [
        "### Over HTTP with VERBATIM_ENGINE=opensearch (gunicorn, 2 workers, the client knowing "
        "all three nodes), ms (p50 / p95 / p99)",
        "",
        *_http_table(size["http_os"], OS_P50_MS, OS_P95_MS),
        "",
    ]


def _tenfold_section(size: dict) -> list[str]:
    if "tenfold" not in size:
        return []
    t = size["tenfold"]
    if "error" in t:
        return [
            "### Ten-fold synthetic corpus on OpenSearch: failed",
            "",
            f"```\n{t['error']}\n```",
            "",
        ]
    b = t["build"]
    lat = t["latency"]
    lines = [
        f"### Ten-fold synthetic corpus on OpenSearch: {b['passages']:,} passages",
        "",
        f"{b['copies']} copies of this size's OpenSearch index (new ids, own text hashes, dates "
        f"moved back k months), bulk-loaded in {b['load_seconds']:,.0f} s without replicas, then "
        f"{b['replicas_seconds']:,.0f} s to refresh and copy the replicas (cluster "
        f"{b['status']}); {_mb(b['index_bytes'])} MB of primaries, "
        f"{_mb(b['index_bytes_with_replicas'])} MB with replicas. The same queries as above, "
        f"through the search core in process; its cold open (reading the mapping and every "
        f"text hash, `ClusterHandle.repeated`) took {lat['open_ms'] / 1000:,.1f} s.",
        "",
        f"| class | OpenSearch core, ms (p50 / p95 / p99) | p95 ≤ {TENFOLD_P95_MS:g} ms |",
        "|---|---:|---|",
    ]
    for cls in CLASSES:
        core = lat["classes"].get(cls)
        ok = _mark(core["p95"] <= TENFOLD_P95_MS) if core and core.get("n") else "–"
        lines.append(f"| {LABELS[cls]} | {_ms(core)} | {ok} |")
    return [*lines, ""]


def growth(sizes: list[dict], engine: str, passages: int) -> dict[str, float]:
    """Per class, the core's p95 at `passages`, extrapolated from the measured sizes by a
    straight line through log(p95) over log(passages) (least squares)."""
    points: dict[str, list[tuple[float, float]]] = {}
    for size in sizes:
        n = size["build"]["verbatim"]["passages"]
        for cls, stats in _available(size["latency"].get(engine, {}).get("classes", {})).items():
            if stats["p95"] > 0 and n > 0:
                points.setdefault(cls, []).append((math.log(n), math.log(stats["p95"])))
    found = {}
    for cls, xy in points.items():
        if len(xy) < 2:
            continue
        mx = sum(x for x, _ in xy) / len(xy)
        my = sum(y for _, y in xy) / len(xy)
        sxx = sum((x - mx) ** 2 for x, _ in xy)
        slope = sum((x - mx) * (y - my) for x, y in xy) / sxx if sxx else 0.0
        found[cls] = round(math.exp(my + slope * (math.log(passages) - mx)), 1)
    return found


def _growth_section(results: dict) -> list[str]:
    sizes = results["sizes"]
    tenfold = next((s["tenfold"] for s in sizes if "latency" in s.get("tenfold", {})), None)
    if not tenfold or len(sizes) < 2:
        return []
    passages = tenfold["build"]["passages"]
    whoosh, os_guess = growth(sizes, "app", passages), growth(sizes, "os", passages)
    measured = tenfold["latency"]["classes"]
    labels = ", ".join(s["label"] for s in sizes)
    lines = [
        f"## Whoosh at ten-fold ({passages:,} passages): extrapolated, not measured",
        "",
        "A ten-fold Whoosh index was not built (its build alone would take hours on this "
        "machine). Its p95 per class is extrapolated from the sizes measured in this run "
        f"({labels}) along a straight line in log(p95) over log(passages). The same "
        "extrapolation of OpenSearch's own curve stands beside its measured ten-fold figure, "
        "as a check of the method.",
        "",
        f"| class | Whoosh core p95, extrapolated | within {WHOOSH_CORE_P95_MS:g} ms | "
        "OpenSearch p95, extrapolated | OpenSearch p95, measured |",
        "|---|---:|---|---:|---:|",
    ]
    for cls in CLASSES:
        w, o = whoosh.get(cls), os_guess.get(cls)
        m = measured.get(cls, {})
        within = "–" if w is None else _mark(w <= WHOOSH_CORE_P95_MS)
        lines.append(
            f"| {LABELS[cls]} | {w if w is not None else '–'} | {within} | "
            f"{o if o is not None else '–'} | {m.get('p95', '–')} |"
        )
    return [*lines, ""]


def markdown(results: dict) -> str:
    m, c, s = results["machine"], results["commit"], results["settings"]
    dirty = (
        f", with {c['uncommitted_changes']} uncommitted changes in the worktree"
        if c["uncommitted_changes"]
        else ""
    )
    lines = [
        f"# Verbatim benchmark, {results['started_utc']} ({results['mode']} run)",
        "",
        f"- Command: `{results['command']}` (took {results['duration_seconds'] / 60:.1f} min)",
        f"- Commit: `{c['short']}`{dirty}",
        f"- Machine: {m['nproc']} cores ({m['cpu']}), {m['memory_mb']:,} MB memory, {m['os']}; "
        f"Python {m['python']}, whoosh3 {m['whoosh']}, Flask {m['flask']}, "
        f"gunicorn {m['gunicorn']}, SQLite {m['sqlite']}; load average (1 min) "
        f"{results['load_average']['start'][0]:.2f} at the start, "
        f"{results['load_average']['end'][0]:.2f} at the end (other work on the machine slows "
        "every figure)",
        f"- Corpus: `{results['corpora']}`; {s['per_class']} distinct queries per class "
        f"(seed {s['seed']}), {s['warmup_per_class']} more per class to warm up; load "
        f"{s['load_seconds']:g} s per level.",
        *(
            []
            if results.get("complete", True)
            else ["- **Partial**: written after each size; the run did not reach its end."]
        ),
        *(
            ["- `--lean`: no parse-only run and no incremental update (Whoosh diagnostics)."]
            if results["settings"].get("lean")
            else []
        ),
        "- The search core and the pages do the whole page for every class (exact total, "
        "highlights, facets, reposts); the baselines do only what the class names. Ratios are "
        "Verbatim ÷ baseline: above 1, Verbatim is slower.",
        "",
    ]
    for size in results["sizes"]:
        lines += _size_section(size)
    lines += _growth_section(results)
    return "\n".join(lines).rstrip() + "\n"


def write(results: dict, out_dir: Path) -> list[Path]:
    """`<UTC date>-<commit>[-quick].json` and `.md`, and `latest.md` (or `latest-quick.md`)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    suffix = "-quick" if results["mode"] == "quick" else ""
    stem = f"{results['started_utc'][:10]}-{results['commit']['short']}{suffix}"
    text = markdown(results)
    paths = [out_dir / f"{stem}.json", out_dir / f"{stem}.md", out_dir / f"latest{suffix}.md"]
    paths[0].write_text(json.dumps(results, indent=2, default=str) + "\n")
    paths[1].write_text(text)
    paths[2].write_text(text)
    for size in results["sizes"]:
        if "rows" in size.get("parity", {}):
            path = out_dir / f"parity-{stem}.md"
            path.write_text(parity_markdown(results, size))
            paths.append(path)
    return paths


def parity_markdown(results: dict, size: dict) -> str:
    c = results["commit"]
    header = [
        f"# Parity of Whoosh and OpenSearch, {results['started_utc']} ({results['mode']} run)",
        "",
        f"Command: `{results['command']}` (commit `{c['short']}`), corpus `{results['corpora']}`.",
        "",
    ]
    passages = size["build"]["verbatim"]["passages"]
    return parity.markdown(size["parity"], {"label": size["label"], "passages": passages}, header)


def command_line(argv: list[str]) -> str:
    python = Path(sys.executable)
    if python.is_relative_to(PROJECT):
        python = python.relative_to(PROJECT)
    return " ".join([str(python), "-m", "bench.run", *argv])
