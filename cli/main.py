"""The `verbatim` command: index a corpus, search it, serve it."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

import click

from cli.common import (
    engine_for,
    filter_options,
    index_option,
    public_links,
    terminal_snippet,
)
from cli.compare import compare_command
from cli.export import export_command
from cli.fetch import fetch_command, update_command
from cli.quote import quote_command
from indexer.build import PruneNeeded, build_index, removed_lines, summary_lines
from indexer.fetch.config import SourcesError
from indexer.readers import READERS
from search.core import open_target
from search.errors import NotFound, QueryError, Unavailable
from search.params import SORTS, Filters

DEFAULT_CORPUS = "corpus"
# Exit code of a build that finished but could not read some files.
EXIT_FILES_FAILED = 3
# Exit code of an update refused because it would remove too much of the index.
EXIT_PRUNE_NEEDED = 4


# What a command can fail with that the user can fix or wait out (a bad query or date, an
# unknown id, no index yet, a sources file in error, a path that cannot be read or written):
# one line on stderr and exit code 1. Anything else is a bug, and keeps its traceback.
_USER_ERRORS = (QueryError, NotFound, Unavailable, SourcesError, OSError)


class VerbatimGroup(click.Group):
    """The one place a command's failure becomes a message and an exit code: commands raise."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PruneNeeded as exc:
            # The index is untouched; the list says what the update would have removed.
            for line in removed_lines(exc.removed, done=False):
                click.echo(line)
            click.echo(f"Error: {exc}", err=True)
            sys.exit(EXIT_PRUNE_NEEDED)
        except _USER_ERRORS as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=VerbatimGroup)
def main() -> None:
    """Verbatim: full-text search over diplomatic transcripts."""


@main.command("index")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@index_option
@click.option(
    "--format",
    "forced_format",
    type=click.Choice(sorted(READERS)),
    default=None,
    help="Read every file in this format instead of detecting it.",
)
@click.option("--full", is_flag=True, help="Parse every file again, not only the changed ones.")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Processes that parse files.  [default: one per core]",
)
@click.option("--quiet", is_flag=True, help="No line per file: only failures and the summary.")
@click.option(
    "--prune",
    is_flag=True,
    help="Allow removing more than 50 documents or 5% of the index, for files that are "
    "gone from PATHS or can no longer be read.",
)
def index_command(
    paths: tuple[Path, ...],
    index_dir: Path,
    forced_format: str | None,
    full: bool,
    workers: int | None,
    quiet: bool,
    prune: bool,
) -> None:
    """Build or update the index from PATHS (files or folders; default $CORPUS or ./corpus).

    Only files that changed since the last build are parsed again, unless --full; when nothing
    changed, nothing is done. Documents whose files are gone are removed and listed; an update
    that would remove more than 50 of them or 5% of the index is refused (exit code 4, index
    untouched) unless --prune.
    """
    roots = list(paths) or [Path(os.environ.get("CORPUS", DEFAULT_CORPUS))]
    bar = ProgressBar() if sys.stderr.isatty() else None

    def log(line: str) -> None:
        if not quiet or line.startswith("failed"):
            if bar:
                bar.clear()
            click.echo(line)

    try:
        report = build_index(
            roots,
            open_target(index_dir=index_dir),
            forced_format,
            full=full,
            workers=workers,
            log=log,
            progress=bar,
            prune=prune,
        )
    finally:
        if bar:
            bar.clear()
    for line in summary_lines(report):
        click.echo(line)
    if report.failed:
        sys.exit(EXIT_FILES_FAILED)


class ProgressBar:
    """One line on stderr, rewritten in place: files done of all, passages, both per second."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, done: int, passages: int, total: int) -> None:
        seconds = max(time.monotonic() - self.started, 1e-6)
        filled = int(30 * done / max(total, 1))
        line = (
            f"[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} files, {passages:,} passages"
            f" ({done / seconds:,.1f} files/s, {passages / seconds:,.0f} passages/s)"
        )
        click.echo(f"\r{line}\x1b[K", nl=False, err=True)
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            click.echo("\r\x1b[K", nl=False, err=True)
            self.shown = False


@main.command("speakers")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
def speakers_command(index_dir: Path, as_json: bool) -> None:
    """List the speakers in the index with their passage counts."""
    found = engine_for(index_dir).speakers()
    if as_json:
        links = public_links(index_dir)
        rows = [s.as_json(links) for s in found]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for s in found:
        click.echo(f"{s.passages:>8}  {s.name}" + (f"  ({'; '.join(s.roles)})" if s.roles else ""))


@main.command("search")
@click.argument("query")
@index_option
@filter_options()
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--page", default=1, show_default=True)
@click.option("--per-page", default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
def search_command(
    query: str,
    index_dir: Path,
    filters: Filters,
    sort: str,
    page: int,
    per_page: int,
    as_json: bool,
) -> None:
    """Search the index and print ranked passages."""
    engine = engine_for(index_dir)
    results = engine.search(query, filters, page, per_page, sort)
    if as_json:
        body = results.as_json(public_links(index_dir))
        click.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    click.echo(
        f"Searched {engine.location} ({engine.name}): "
        f"{results.total} passages (page {results.page} of {results.pages})"
    )
    if results.suggestion:
        click.echo(f"Did you mean: {results.suggestion}")
    for value, nearest in results.speaker_suggestions.items():
        hint = f"did you mean: {', '.join(nearest)}?" if nearest else "no speaker is close to it."
        click.echo(f"No speaker called “{value}”; {hint}")
    for hit in results.hits:
        when = hit.when or "undated"
        click.echo(f"\n{hit.id}  {hit.speaker}, {hit.kind}, {when}")
        click.echo(f"  {hit.title}")
        if hit.question:
            click.echo(f"  Q: {hit.question[:160]}")
        click.echo(f"  {terminal_snippet(hit.highlight, sys.stdout.isatty())}")


@main.command("serve")
@index_option
@click.option(
    "--host", default=lambda: os.environ.get("HOST", "127.0.0.1"), show_default="$HOST or 127.0.0.1"
)
@click.option(
    "--port",
    default=lambda: int(os.environ.get("PORT", "5000")),
    type=int,
    show_default="$PORT or 5000",
)
@click.option("--workers", default=2, show_default=True, help="gunicorn worker processes.")
@click.option("--debug", is_flag=True, help="Flask's development server instead of gunicorn.")
def serve_command(index_dir: Path, host: str, port: int, workers: int, debug: bool) -> None:
    """Serve the web pages and the JSON API."""
    # The app builds its links from these when no PUBLIC_URL is set (webapp/urls.py).
    os.environ.update(INDEX_DIR=str(index_dir), HOST=host, PORT=str(port))
    if debug:
        from webapp import create_app

        create_app(index_dir).run(host=host, port=port, debug=True)
        return
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or shutil.which(
        "gunicorn"
    )
    if gunicorn is None:
        raise click.ClickException("gunicorn is not installed: run `make install`")
    args = [
        gunicorn,
        "--workers",
        str(workers),
        "--bind",
        f"{host}:{port}",
        "--access-logfile",
        "-",
        "--config",
        "python:webapp.gunicorn_conf",
        "webapp:create_app()",
    ]
    os.execv(gunicorn, args)


main.add_command(quote_command)
main.add_command(compare_command)
main.add_command(export_command)
main.add_command(fetch_command)
main.add_command(update_command)
