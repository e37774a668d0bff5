"""The evaluation's results as Markdown tables, each figure beside the target it is held to."""

from __future__ import annotations

from eval.attribution import AttributionReport, SourceScore
from eval.quotes import BASELINES, GROUPS, P95_TARGET_MS, TARGETS

_ENGINE_NAMES = {
    "quote": "verbatim quote",
    "search": "verbatim search",
    "fts5-phrase": "FTS5 phrase",
    "fts5-words": "FTS5 OR (bm25)",
}


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _source_row(name: str, s: SourceScore) -> str:
    cells = [name, str(s.lines), f"{s.located}/{s.lines}"]
    for measure in s.fields:
        n = s.counted[measure]
        cells.append(f"{pct(s.share(measure))} ({s.right[measure]}/{n})" if n else "–")
    cells.append(pct(s.share("coverage")))
    return "| " + " | ".join(cells) + " |"


_MEASURE_NAMES = {
    "pairing": "Q/A pairing",
    "person": "right person",
    "full_name": "full name",
    "outlet": "asker's outlet",
    "date": "date",
}


def attribution_markdown(report: AttributionReport, targets: dict[str, float] | None = None) -> str:
    """One row a source and one for all; with `targets`, a row of them under the figures."""
    names = [_MEASURE_NAMES.get(m, m) for m in report.fields]
    lines = [
        "| source | audited | located | " + " | ".join(names) + " | words reached |",
        "|---|---:|---:|" + "---:|" * len(names) + "---:|",
    ]
    lines += [_source_row(name, score) for name, score in report.by_source.items()]
    lines.append(_source_row("**all**", report.overall))
    if targets:
        cells = [f"≥ {targets[m]:.0%}" if m in targets else "" for m in report.fields]
        lines.append("| *target* | | | " + " | ".join(cells) + " | |")
        met = [
            f"{'✓' if (report.overall.share(m) or 0) >= t else '✗'} {_MEASURE_NAMES.get(m, m)} "
            f"{pct(report.overall.share(m))} (n={report.overall.counted[m]}), target ≥ {t:.0%}"
            for m, t in targets.items()
        ]
        lines += ["", *(f"- {line}" for line in met)]
    return "\n".join(lines)


def mismatch_markdown(report: AttributionReport) -> str:
    if not report.mismatches:
        return "No mismatches."
    rows = ["| source | passage | field | expected | actual |", "|---|---|---|---|---|"]
    for m in report.mismatches:
        cells = [m.source, f"`{m.passage_id}`", m.field, _cell(m.expected), _cell(m.actual)]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _cell(value: object) -> str:
    if isinstance(value, dict):
        value = "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value).replace("|", "\\|").replace("\n", " ")


def _triple(row: dict | None, n: int) -> str:
    if row is None:
        return "–"
    sampled = f" (n={row['n']})" if row["n"] != n else ""
    return f"{pct(row['top1'])} / {pct(row['top5'])} / {row['mrr']:.3f}{sampled}"


def quotes_markdown(scores: dict) -> str:
    engines = ["quote", *BASELINES]
    head = "| class | n | " + " | ".join(_ENGINE_NAMES[e] for e in engines) + " | target (top-1) |"
    lines = [head, "|---|---:|" + "---:|" * len(engines) + "---|"]
    classes = [*GROUPS, *sorted(c for c in scores["quote"] if c.startswith("misquote:")), "all"]
    for cls in classes:
        row = scores["quote"][cls]
        target = TARGETS.get(cls)
        cells = [f"**{cls}**" if cls in GROUPS else cls, str(row["n"])]
        cells += [_triple(scores[e].get(cls), row["n"]) for e in engines]
        cells.append(f"≥ {target:.0%}, ahead of FTS5" if target is not None else "")
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Cells: top-1 / top-5 / mean reciprocal rank (first right result in the top 10).")
    return "\n".join(lines)


def latency_markdown(scores: dict) -> str:
    lines = ["| engine | p50 ms | p95 ms | max ms | target |", "|---|---:|---:|---:|---|"]
    for engine in ("quote", *BASELINES):
        lat = scores[engine]["all"]["latency_ms"]
        target = f"p95 ≤ {P95_TARGET_MS:.0f} ms" if engine == "quote" else ""
        lines.append(
            f"| {_ENGINE_NAMES[engine]} | {lat['p50']} | {lat['p95']} | {lat['max']} | {target} |"
        )
    return "\n".join(lines)


def targets_markdown(targets: dict) -> str:
    return "\n".join(
        f"- {'✓' if t['met'] else '✗'} {name}: {t['value']}" for name, t in targets.items()
    )
