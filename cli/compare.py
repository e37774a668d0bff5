"""`verbatim compare`: speakers compared on a topic, month by month, as `/api/compare` does."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cli.common import engine_for, filter_options, index_option, public_links
from search.compare import MAX_SPEAKERS, Comparison, compare
from search.params import Filters


def _percent(share: float | None) -> str:
    return f"{share * 100:.1f}%" if share is not None else "—"


def comparison_text(comparison: Comparison) -> list[str]:
    """The comparison for a terminal: totals, the months anyone spoke of it, the best passages."""
    speakers = comparison.speakers
    width = max(len(s.name) for s in speakers)
    lines = [f"“{comparison.query}”: passages on the topic, of all each speaker's passages", ""]
    for s in speakers:
        undated = f", {s.undated} undated" if s.undated else ""
        lines.append(
            f"{s.name:<{width}}  {s.matching:>6} of {s.passages:<7} {_percent(s.share):>6}{undated}"
        )
    rows = [i for i in range(len(comparison.months)) if any(s.months[i].count for s in speakers)]
    if rows:
        lines += ["", "Months in which any of them spoke of it (count/all, share):"]
        lines.append("month    " + "".join(f"  {s.name[:22]:<22}" for s in speakers))
        for i in rows:
            cells = "".join(
                f"  {f'{m.count}/{m.passages} ({_percent(m.share)})':<22}"
                for m in (s.months[i] for s in speakers)
            )
            lines.append(f"{comparison.months[i]}  {cells}")
    for s in speakers:
        lines += ["", f"{s.name}:"]
        if not s.quotes:
            lines.append("  (nothing on this topic)")
        for hit in s.quotes:
            when = hit.when or "undated"
            lines.append(f"  {hit.id}  {when}  {hit.title[:80]}")
            lines.append(f"    {' '.join(hit.text.split())[:200]}")
    return lines


@click.command("compare")
@click.argument("query")
@index_option
@click.option(
    "--speaker",
    "speakers",
    multiple=True,
    required=True,
    help=f"A speaker to compare, by slug or name (repeat, up to {MAX_SPEAKERS}).",
)
@filter_options(speaker=False)
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as /api/compare does.")
def compare_command(
    query: str, index_dir: Path, speakers: tuple[str, ...], filters: Filters, as_json: bool
) -> None:
    """How often each speaker spoke of QUERY month by month: counts, and shares of all their
    passages that month, with the passages that say it best."""
    comparison = compare(engine_for(index_dir), query, speakers, filters)
    if as_json:
        body = comparison.as_json(public_links(index_dir))
        click.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    for line in comparison_text(comparison):
        click.echo(line)
