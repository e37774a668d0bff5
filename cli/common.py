"""What every `verbatim` command shares: the index option, the engine, public links, the
search page's filter options. Failures become a message and an exit code in one place, the
`verbatim` group (cli/main.py)."""

from __future__ import annotations

import functools
import html
import inspect
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from search.core import DEFAULT_INDEX_DIR, Engine, open_engine
from search.params import LIST_PARAMS, Filters, parse_day
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
    from webapp.urls import bind, own_address

    return bind(create_app(index_dir), os.environ.get("PUBLIC_URL") or own_address())


_MARK = re.compile(r"<mark[^>]*>(.*?)</mark>", re.S)


def terminal_snippet(snippet_html: str, color: bool) -> str:
    """A result's snippet for a terminal: the matched words in reverse video on a terminal,
    between asterisks when piped (where click drops colours), the rest as plain text."""

    def mark(match: re.Match) -> str:
        word = match.group(1)
        return click.style(word, reverse=True) if color else f"*{word}*"

    return " ".join(html.unescape(_MARK.sub(mark, snippet_html)).split())


# The search page's filters as options, named as its query string names them (LIST_PARAMS).
_SPEAKER_OPTION = click.option("--speaker", multiple=True, help="Only this speaker (repeatable).")
_FILTER_OPTIONS = (
    click.option(
        "--kind", multiple=True, help="Only this kind: answer, question, paragraph, narration."
    ),
    click.option("--site", multiple=True, help="Only this publisher's site (its slug)."),
    click.option("--lang", multiple=True, help="Only this language: en, ru."),
    click.option("--asker", multiple=True, help="Only answers to this outlet or person."),
    click.option("--from", "date_from", default="", help="Earliest date, YYYY-MM-DD or a year."),
    click.option("--to", "date_to", default="", help="Latest date, YYYY-MM-DD or a year."),
)


def options_as(argument: str, options: Sequence[Callable], build: Callable) -> Callable:
    """A decorator adding `options` to a command, which receives them as one argument,
    `argument`, made by `build` from the values of those of its parameters the options fill
    (by name), so that what they mean is read in one place."""
    names = tuple(inspect.signature(build).parameters)

    def decorate(command: Callable) -> Callable:
        @functools.wraps(command)
        def with_argument(*args, **values):
            own = {name: values.pop(name) for name in names if name in values}
            return command(*args, **{argument: build(**own)}, **values)

        for option in reversed(options):
            with_argument = option(with_argument)
        return with_argument

    return decorate


def _filters(
    date_from: str,
    date_to: str,
    speaker: tuple[str, ...] = (),
    kind: tuple[str, ...] = (),
    site: tuple[str, ...] = (),
    lang: tuple[str, ...] = (),
    asker: tuple[str, ...] = (),
) -> Filters:
    """The filters the options ask for; raises QueryError for a date that cannot be read."""
    given = {"speaker": speaker, "kind": kind, "site": site, "lang": lang, "asker": asker}
    return Filters(
        **{target: given[name] for name, target in LIST_PARAMS.items()},
        date_from=parse_day(date_from, "--from"),
        date_to=parse_day(date_to, "--to", end=True),
    )


def filter_options(speaker: bool = True) -> Callable[[Callable], Callable]:
    """The search page's filters as options, handed to the command as one Filters, `filters`.
    speaker=False leaves --speaker to the command, which gives it a meaning of its own."""
    return options_as(
        "filters", (_SPEAKER_OPTION, *_FILTER_OPTIONS) if speaker else _FILTER_OPTIONS, _filters
    )
