"""`verbatim fetch` and `verbatim update`: new transcripts from the publishers, then the index."""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

import click

from cli.common import index_option, options_as
from indexer.fetch.config import DEFAULT_SOURCES, SourcesFile, load_sources
from indexer.fetch.run import FetchReport, fetch

DEFAULT_CORPUS = "corpus"
# Exit code of a fetch that saved what it could but failed on some lists or pages.
EXIT_FETCH_FAILED = 5


# What `options_as` reads into a SourcesFile with `_settings`, for fetch and update alike.
_SOURCE_OPTIONS = [
    click.option(
        "--sources",
        "sources_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=DEFAULT_SOURCES,
        show_default="indexer/data/fetch_sources.toml",
        help="The sources file: publishers' feeds, sitemaps and lists.",
    ),
    click.option("--only", multiple=True, help="Only this source (by name; repeatable)."),
    click.option(
        "--contact",
        default=None,
        help="A URL or e-mail address where publishers can reach you (User-Agent).",
    ),
    click.option(
        "--delay",
        type=click.FloatRange(0),
        default=None,
        help="Seconds between two requests to one host (else the sources file's).",
    ),
    click.option(
        "--max-items",
        type=click.IntRange(1),
        default=None,
        help="Pages taken from each list (else each source's max_items).",
    ),
]
_OUT_OPTION = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where pages are saved.  [default: $CORPUS/fetched]",
)


def _settings(
    sources_path: Path,
    only: tuple[str, ...],
    contact: str | None,
    delay: float | None,
    max_items: int | None,
) -> SourcesFile:
    sources = load_sources(sources_path)
    if only:
        sources = sources.only(only)
    settings = sources.settings
    if contact:
        settings = dataclasses.replace(settings, contact=contact)
    if delay is not None:
        settings = dataclasses.replace(settings, delay=delay)
    if not settings.contact.strip():
        raise click.ClickException(
            "no contact: set `contact` under [settings] in the sources file, or pass --contact "
            "(a URL or e-mail address where publishers can reach you; it goes in the User-Agent)"
        )
    chosen = sources.sources
    if max_items is not None:
        chosen = tuple(dataclasses.replace(s, max_items=max_items) for s in chosen)
    return SourcesFile(settings, chosen)


def _run_fetch(sources: SourcesFile, out: Path | None) -> FetchReport:
    out = out or Path(os.environ.get("CORPUS", DEFAULT_CORPUS)) / "fetched"
    click.echo(f"fetching {len(sources.sources)} sources into {out}")
    report = fetch(sources, out, log=click.echo)
    for line in report.lines():
        click.echo(line)
    return report


# The sources file and the options that change it, handed to a command as one SourcesFile.
source_options = options_as("sources", _SOURCE_OPTIONS, _settings)


@click.command("fetch")
@source_options
@_OUT_OPTION
def fetch_command(sources: SourcesFile, out: Path | None) -> None:
    """Fetch new and changed transcripts from the publishers' feeds, sitemaps and lists.

    Each page is saved as fetched, beside its provenance (PAGE.fetch.json); a page the publisher
    changed keeps its older version under .versions/. Run again to resume a stopped fetch.
    Exit code 5 when some lists or pages failed (the summary says which).
    """
    report = _run_fetch(sources, out)
    if report.failed:
        sys.exit(EXIT_FETCH_FAILED)


@click.command("update")
@source_options
@_OUT_OPTION
@index_option
@click.pass_context
def update_command(
    ctx: click.Context, sources: SourcesFile, out: Path | None, index_dir: Path
) -> None:
    """Fetch, then update the index of $CORPUS (which holds the fetched pages).

    The index is updated even when some pages failed; the exit code is the index's (0, 3 or 4),
    else 5 when the fetch had failures.
    """
    from cli.main import index_command

    report = _run_fetch(sources, out)
    paths = () if out is None else (Path(os.environ.get("CORPUS", DEFAULT_CORPUS)), out)
    try:
        ctx.invoke(
            index_command, paths=tuple(dict.fromkeys(paths)), index_dir=index_dir, quiet=True
        )
    except SystemExit as exc:  # the index's own exit code (3 or 4) wins
        if exc.code:
            raise

    if report.failed:
        sys.exit(EXIT_FETCH_FAILED)
