"""Parity of the two engines on the benchmark's queries: the same page asked of the search core
on Whoosh and on OpenSearch, compared.

The answers are the ones the latency runs timed (`bench.child latency` keeps a digest of each),
so parity costs no query of its own. For each query: the top 10 of each (the page's passage ids;
for the quote finder, its 10 best matches), their overlap (shared ids over the longer list; 1
when both are empty), the totals, and each facet's values and counts, value by value.
"""

from __future__ import annotations

from typing import Any

from bench.queries import CLASSES, LABELS, Query

TOP = 10


def digest(q: Query, found: Any) -> dict[str, Any]:
    """What parity compares of one answer of the search core: a page, or the quote finder's
    matches."""
    if q.cls == "quote":
        return {
            "ids": [m.passage.id for m in found[:TOP]],
            "total": None,
            "facets": {},
        }
    return {
        "ids": [h.id for h in found.hits[:TOP]],
        "total": found.total,
        "facets": {
            name: {f.value: f.count for f in values} for name, values in found.facets.items()
        },
    }


def overlap(a: list[str], b: list[str]) -> float:
    if not a and not b:
        return 1.0
    return len(set(a) & set(b)) / max(len(a), len(b))


def compare(
    queries: dict[str, list[Query]],
    whoosh: dict[str, list[dict | None]],
    cluster: dict[str, list[dict | None]],
) -> dict[str, Any]:
    """The digests the latency runs kept of each query's answer (None: it failed), compared
    query by query."""
    rows = []
    for cls in CLASSES:
        pairs = zip(queries.get(cls, []), whoosh.get(cls, []), cluster.get(cls, []), strict=False)
        for q, w, o in pairs:
            row: dict[str, Any] = {"cls": cls, "query": q.describe()}
            if w is None or o is None:
                row["error"] = "failed on " + " and ".join(
                    name for name, a in (("Whoosh", w), ("OpenSearch", o)) if a is None
                )
                rows.append(row)
                continue
            row.update(
                whoosh=w,
                opensearch=o,
                overlap=round(overlap(w["ids"], o["ids"]), 3),
                totals_equal=w["total"] == o["total"],
                facets_differ=sorted(
                    name
                    for name in set(w["facets"]) | set(o["facets"])
                    if w["facets"].get(name) != o["facets"].get(name)
                ),
            )
            rows.append(row)
    return {"rows": rows, "summary": summary(rows)}


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Mean overlap and agreement counts, overall and per class."""
    done = [r for r in rows if "error" not in r]

    def of(selected: list[dict[str, Any]]) -> dict[str, Any]:
        paged = [r for r in selected if r["whoosh"]["total"] is not None]
        return {
            "queries": len(selected),
            "mean_overlap": round(sum(r["overlap"] for r in selected) / len(selected), 3)
            if selected
            else None,
            "identical_top10": sum(r["whoosh"]["ids"] == r["opensearch"]["ids"] for r in selected),
            "totals_compared": len(paged),
            "totals_equal": sum(r["totals_equal"] for r in paged),
            "facets_equal": sum(not r["facets_differ"] for r in paged),
        }

    return {
        "all": of(done),
        "errors": len(rows) - len(done),
        "classes": {cls: of([r for r in done if r["cls"] == cls]) for cls in CLASSES},
    }


def markdown(parity: dict[str, Any], size: dict[str, Any], header: list[str]) -> str:
    rows = parity["rows"]
    s = parity["summary"]
    a = s["all"]
    lines = [
        *header,
        f"Index: {size['label']}, {size['passages']:,} passages; the same queries as the "
        "benchmark's latency runs (its seed), asked of the search core on each engine.",
        "",
        f"- Mean top-10 overlap: **{a['mean_overlap']}** over {a['queries']} queries; identical "
        f"top 10 (same ids, same order) in {a['identical_top10']}.",
        f"- Totals equal in {a['totals_equal']} of {a['totals_compared']} search pages; every "
        f"facet's values and counts equal in {a['facets_equal']} of {a['totals_compared']}.",
        f"- Queries that failed on either engine: {s['errors']}.",
        "",
        "| class | queries | mean overlap | identical top 10 | totals equal | facets equal |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for cls, c in s["classes"].items():
        if not c["queries"]:
            continue
        totals = f"{c['totals_equal']}/{c['totals_compared']}" if c["totals_compared"] else "–"
        facets = f"{c['facets_equal']}/{c['totals_compared']}" if c["totals_compared"] else "–"
        lines.append(
            f"| {LABELS[cls]} | {c['queries']} | {c['mean_overlap']:.3f} | "
            f"{c['identical_top10']} | {totals} | {facets} |"
        )
    worst = sorted((r for r in rows if "error" not in r), key=lambda r: (r["overlap"], r["query"]))
    lines += [
        "",
        "## The queries that differ most",
        "",
        "| class | query | overlap | total Whoosh / OpenSearch | facets that differ |",
        "|---|---|---:|---:|---|",
    ]
    for r in worst[:15]:
        totals = f"{r['whoosh']['total']} / {r['opensearch']['total']}"
        differ = ", ".join(r["facets_differ"]) or "–"
        query = r["query"].replace("|", "%7C")
        lines.append(
            f"| {LABELS[r['cls']]} | `{query}` | {r['overlap']:.2f} | {totals} | {differ} |"
        )
    facet_rows = [r for r in rows if "error" not in r and r["facets_differ"]]
    if facet_rows:
        lines += ["", "## Facet differences", ""]
        for r in facet_rows[:10]:
            for name in r["facets_differ"]:
                w = r["whoosh"]["facets"].get(name, {})
                o = r["opensearch"]["facets"].get(name, {})
                diff = {k: (w.get(k), o.get(k)) for k in set(w) | set(o) if w.get(k) != o.get(k)}
                shown = ", ".join(f"{k}: {a} / {b}" for k, (a, b) in sorted(diff.items())[:6])
                lines.append(f"- `{r['query']}`, {name} (Whoosh / OpenSearch): {shown}")
    errors = [r for r in rows if "error" in r]
    if errors:
        lines += ["", "## Failed queries", ""]
        lines += [f"- {LABELS[r['cls']]}: `{r['query']}`: {r['error']}" for r in errors[:10]]
    return "\n".join(lines) + "\n"
