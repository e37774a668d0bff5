"""`verbatim quote`: where a quote comes from, with the words that differ."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cli.common import engine_for, index_option, public_links, read_errors
from search.quotes.finder import MAX_LIMIT, DiffOp, find_quote
from search.quotes.render import render_diff


def diff_text(ops: tuple[DiffOp, ...]) -> str:
    """The word diff for a terminal: [-source words-] and {+quote words+}, as `git diff` does."""
    return render_diff(ops, source=lambda words: f"[-{words}-]",
                       quote=lambda words: f"{{+{words}+}}", elided="[…]")  # fmt: skip


@click.command("quote")
@click.argument("text")
@index_option
@click.option("--limit", type=click.IntRange(1, MAX_LIMIT), default=10, show_default=True,
              help="How many passages to show.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the matches as JSON.")
def quote_command(text: str, index_dir: Path, limit: int, as_json: bool) -> None:
    """Find the passages TEXT may be quoted from, the closest first, with a word diff.

    TEXT may be trimmed, cut with ellipses (... or …) or slightly misquoted.
    """
    with read_errors():
        matches = find_quote(engine_for(index_dir), text, limit)
    if as_json:
        links = public_links(index_dir)
        body = {"query": text, "results": [m.as_json(links) for m in matches]}
        click.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    if not matches:
        click.echo("No passage comes close to this quote.")
        return
    for m in matches:
        p = m.passage
        when = p.date.isoformat() if p.date else "undated"
        click.echo(f"\n{m.score:.0%}  {p.id}  {p.speaker}, {when}")
        click.echo(f"  {p.title}")
        click.echo(f"  “{m.sentence}”")
        click.echo(f"  diff: {diff_text(m.diff)}")
