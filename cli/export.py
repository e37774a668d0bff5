"""`verbatim export`: the passages a search finds (or all of them) as JSON lines or CSV, for
pandas, R or a spreadsheet. Each record is the API's result for the passage, from the same
serialiser (`PassageView.as_json`)."""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import click

from cli.common import engine_for, filter_options, index_option, public_links
from search.params import SORTS, Filters

# CSV columns: keys of the API's result; lists are joined with "; ".
CSV_COLUMNS = (
    "id",
    "doc_id",
    "position",
    "kind",
    "speaker",
    "speaker_slug",
    "asker",
    "question",
    "text",
    "title",
    "date",
    "language",
    "publisher",
    "source",
    "source_url",
    "also_sources",
    "url",
    "document_url",
)
_SLUG = re.compile(r"[^\w]+")


def default_name(query: str, fmt: str) -> str:
    """A file named after the query: `verbatim-nord-stream.csv`; `verbatim-all.csv` for all."""
    words = _SLUG.sub("-", query.casefold()).strip("-")[:60].strip("-")
    return f"verbatim-{words or 'all'}.{fmt}"


def csv_row(record: dict) -> dict[str, str]:
    row = {}
    for name in CSV_COLUMNS:
        value = record[name]
        if isinstance(value, list):
            value = "; ".join(str(v) for v in value)
        row[name] = "" if value is None else value
    return row


@contextmanager
def _opened(output: str, bom: bool):
    encoding = "utf-8-sig" if bom else "utf-8"
    if output == "-":
        sys.stdout.flush()
        stream = open(sys.stdout.fileno(), "w", encoding=encoding, newline="", closefd=False)  # noqa: SIM115
        try:
            yield stream
        finally:
            stream.flush()
        return
    with open(output, "w", encoding=encoding, newline="") as stream:
        yield stream


def write_records(records: Iterable[dict], stream: IO[str], fmt: str) -> int:
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for record in records:
            writer.writerow(csv_row(record))
            count += 1
        return count
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


@click.command("export")
@click.argument("query", default="")
@index_option
@filter_options()
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv"]),
    default="jsonl",
    show_default=True,
    help="JSON lines (one passage a line) or CSV.",
)
@click.option(
    "--bom",
    is_flag=True,
    help="Begin the file with a UTF-8 byte-order mark, so a spreadsheet reads the CSV as UTF-8.",
)
@click.option(
    "--output",
    "-o",
    default=None,
    help="The file to write, or - for standard output.  [default: named after the "
    "query, e.g. verbatim-nord-stream.csv]",
)
def export_command(
    query: str,
    index_dir: Path,
    filters: Filters,
    sort: str,
    fmt: str,
    bom: bool,
    output: str | None,
) -> None:
    """Write the passages QUERY finds, with the filters, as JSON lines or CSV.

    With no QUERY and no filter, every passage in the index, each once. The records are the
    API's search results: id, doc_id, kind, speaker, asker, question, text, title, date,
    language, publisher, source and source_url, links.
    """
    target = output or default_name(query, fmt)
    engine = engine_for(index_dir)
    found = engine.export(query, filters, sort, cap=sys.maxsize)
    links = public_links(index_dir)
    with _opened(target, bom) as stream:
        count = write_records((p.as_json(links) for p in found), stream, fmt)
    if target != "-":
        click.echo(f"wrote {count} passages to {target}", err=True)
