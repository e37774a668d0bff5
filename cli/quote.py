"""`verbatim quote`: where a quote comes from, with the words that differ."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from search.engines.whoosh.searcher import IndexHandle, QueryError
from search.engines.whoosh.store import NoIndex
from search.quotes.finder import MAX_LIMIT, DiffOp, QuoteMatch, find_quote, render_diff


def _default_index_dir() -> str:
    # Imported when the option is read, not when this module is: cli.main imports this one.
    from cli.main import DEFAULT_INDEX_DIR

    return os.environ.get("INDEX_DIR", DEFAULT_INDEX_DIR)


def diff_text(ops: tuple[DiffOp, ...]) -> str:
    """The word diff for a terminal: [-source words-] and {+quote words+}, as `git diff` does."""
    return render_diff(ops, source=lambda words: f"[-{words}-]",
                       quote=lambda words: f"{{+{words}+}}", elided="[…]")  # fmt: skip


def _match_json(match: QuoteMatch) -> dict:
    p = match.passage
    return {
        "id": p.id,
        "score": match.score,
        "speaker": p.speaker,
        "date": p.date.isoformat() if p.date else None,
        "title": p.title,
        "sentence": match.sentence,
        "diff": [op.as_json() for op in match.diff],
    }


@click.command("quote")
@click.argument("text")
@click.option("--index", "index_dir", type=click.Path(file_okay=False, path_type=Path),
              default=_default_index_dir, show_default="$INDEX_DIR or var/index",
              help="Folder holding the index.")  # fmt: skip
@click.option("--limit", type=click.IntRange(1, MAX_LIMIT), default=10, show_default=True,
              help="How many passages to show.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the matches as JSON.")
def quote_command(text: str, index_dir: Path, limit: int, as_json: bool) -> None:
    """Find the passages TEXT may be quoted from, the closest first, with a word diff.

    TEXT may be trimmed, cut with ellipses (... or …) or slightly misquoted.
    """
    try:
        matches = find_quote(IndexHandle(index_dir), text, limit)
    except (QueryError, NoIndex) as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        body = {"query": text, "results": [_match_json(m) for m in matches]}
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
