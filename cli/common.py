"""What every `verbatim` command shares: the index option, the engine, public links and the
one place read-side errors become a message and a non-zero exit."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from search.core import DEFAULT_INDEX_DIR, Engine, open_engine
from search.errors import NotFound, QueryError, Unavailable
from webapp.urls import Urls


def index_option(f):
    return click.option(
        "--index",
        "index_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=lambda: os.environ.get("INDEX_DIR", DEFAULT_INDEX_DIR),
        show_default="$INDEX_DIR or var/index",
        help="Folder holding the index.",
    )(f)


def engine_for(index_dir: Path) -> Engine:
    return open_engine(index_dir=index_dir)


def public_links(index_dir: Path) -> Urls:
    """Permalinks as the server would write them: from $PUBLIC_URL, else its own address."""
    from webapp import create_app
    from webapp.urls import bind

    address = f"http://{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
    return bind(create_app(index_dir), os.environ.get("PUBLIC_URL") or address)


@contextmanager
def read_errors() -> Iterator[None]:
    """A bad query, an unknown id or a missing index: one line on stderr and exit code 1."""
    try:
        yield
    except (QueryError, NotFound, Unavailable) as exc:
        raise click.ClickException(str(exc)) from None
