"""`verbatim quote`: where a quote comes from, with the words that differ."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cli.common import engine_for, filter_options, index_option, public_links
from search.params import Filters
from search.quotes.finder import MAX_LIMIT, DiffOp, find_quote
from search.quotes.render import render_diff


def diff_text(ops: tuple[DiffOp, ...]) -> str:
    """The word diff for a terminal: [-source words-] and {+quote words+}, as `git diff` does;
    a step that changes the meaning is followed by <!kind>."""
    return render_diff(
        ops,
        source=lambda words: f"[-{words}-]",
        quote=lambda words: f"{{+{words}+}}",
        elided="[…]",
        meaning=lambda step, kind: f"{step} <!{kind}>",
    )


@click.command("quote")
@click.argument("text")
@index_option
@click.option(
    "--limit",
    type=click.IntRange(1, MAX_LIMIT),
    default=10,
    show_default=True,
    help="How many passages to show.",
)
@filter_options()
@click.option("--json", "as_json", is_flag=True, help="Print the matches as JSON.")
def quote_command(
    text: str,
    index_dir: Path,
    limit: int,
    filters: Filters,
    as_json: bool,
) -> None:
    """Find the passages TEXT may be quoted from, the closest first, with a word diff.

    TEXT may be trimmed, cut with ellipses (... or …) or slightly misquoted. Each match is
    exact, close or weak; one that changes the meaning (a negation, "only", a number, a date,
    a name) says so.
    """
    matches = find_quote(engine_for(index_dir), text, limit, filters)
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
        when = p.when or "undated"
        click.echo(f"\n{m.score:.0%}  {m.tier}  {p.id}  {p.speaker}, {when}")
        click.echo(f"  {p.title}")
        if m.part == "question":
            click.echo(f"  in the question asked by {p.asker or 'an unnamed asker'}")
        click.echo(f"  “{m.sentence}”")
        click.echo(f"  diff: {diff_text(m.diff)}")
        for c in m.meaning_changes:
            said, put = c.source or "—", c.quote or "—"
            click.echo(f"  changes the meaning: {c.description} (source: “{said}”, quote: “{put}”)")
