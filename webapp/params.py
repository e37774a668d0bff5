"""Search parameters from a query string, checked once for the pages and the API alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote_to_bytes

from flask import current_app
from werkzeug.datastructures import MultiDict

from search.core import Engine
from search.errors import QueryError
from search.params import LIST_PARAMS, SORTS, Filters, parse_day
from search.views import SearchPage

MAX_QUERY_CHARS = 2000


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    filters: Filters = field(default_factory=Filters)
    page: int = 1
    per_page: int = 10
    sort: str = "relevance"

    @property
    def active(self) -> bool:
        return bool(self.q.strip() or self.filters)

    def run(self, engine: Engine) -> SearchPage:
        """This search, asked of the engine."""
        return engine.search(self.q, self.filters, self.page, self.per_page, self.sort)


def shared_args(args: MultiDict, drop: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """The query string as a link should carry it: every value of every parameter, in order,
    without empty ones (`kind=&asker=`) or those named in `drop`."""
    kept: dict[str, list[str]] = {}
    for name, values in args.lists():
        values = [v for v in values if v.strip()]
        if values and name not in drop:
            kept[name] = values
    return kept


def without_blank_fields(args: MultiDict) -> dict[str, list[str]] | None:
    """The query string without a form's blank fields (`kind=&asker=`), to redirect to; None
    when it has none."""
    kept = shared_args(args)
    return kept if sum(map(len, kept.values())) < len(list(args.items(multi=True))) else None


class UnreadableAddress(QueryError):
    """The address is not UTF-8: there is no query to show again."""


def check_encoding(environ: dict) -> None:
    """A query string or path that is not UTF-8 is refused, not read with its bytes replaced
    (which would search for something nobody asked for)."""
    # The address as the client sent it, where the server keeps it (gunicorn, werkzeug do);
    # else the path, already unquoted (as Latin-1 bytes), and the query string, still quoted.
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    try:
        if raw is not None:
            unquote_to_bytes(raw.encode("latin-1")).decode("utf-8")
        else:
            environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8")
            unquote_to_bytes(environ.get("QUERY_STRING", "")).decode("utf-8")
    except UnicodeError:
        raise UnreadableAddress(
            "the address is not valid UTF-8: percent-encode text as UTF-8"
        ) from None


def _flag(args: MultiDict, name: str) -> bool:
    raw = args.get(name, "").strip().lower()
    if raw not in ("", "0", "1", "true", "false", "yes", "no"):
        raise QueryError(f"{name} must be 1 or 0, not {raw[:40]!r}")
    return raw in ("1", "true", "yes")


def whole_number(args: MultiDict, name: str, default: int) -> int:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise QueryError(f"{name} must be a whole number, not {raw[:40]!r}") from None


def _list(args: MultiDict, name: str) -> tuple[str, ...]:
    return tuple(v.strip() for raw in args.getlist(name) for v in raw.split(",") if v.strip())


def parse_search_args(args: MultiDict) -> SearchParams:
    q = args.get("q", "")
    if len(q) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is longer than {MAX_QUERY_CHARS} characters")
    if "\x00" in q:
        raise QueryError("the query contains a NUL character")
    sort = args.get("sort", "relevance") or "relevance"
    if sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}")
    filters = Filters(
        **{target: _list(args, name) for name, target in LIST_PARAMS.items()},
        date_from=parse_day(args.get("from", ""), "from"),
        date_to=parse_day(args.get("to", ""), "to", end=True),
        undated=_flag(args, "undated"),
    )
    return SearchParams(
        q=q,
        filters=filters,
        page=whole_number(args, "page", 1),
        per_page=whole_number(args, "per_page", 10),
        sort=sort,
    )


def engine() -> Engine:
    return current_app.extensions["verbatim.engine"]
