"""Search parameters from a query string, checked once for the pages and the API alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from werkzeug.datastructures import MultiDict

from indexer.search import SORTS, IndexHandle, QueryError

MAX_QUERY_CHARS = 2000


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    speakers: list[str] = field(default_factory=list)
    kind: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1
    per_page: int = 10
    sort: str = "relevance"

    @property
    def active(self) -> bool:
        return bool(self.q.strip() or self.speakers or self.kind or self.date_from or self.date_to)

    def as_kwargs(self) -> dict:
        return {
            "text": self.q,
            "speakers": self.speakers,
            "kind": self.kind,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "page": self.page,
            "per_page": self.per_page,
            "sort": self.sort,
        }


def _int(args: MultiDict, name: str, default: int) -> int:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise QueryError(f"{name} must be a whole number, not {raw[:40]!r}") from None


def _date(args: MultiDict, name: str) -> date | None:
    raw = args.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise QueryError(f"{name} must be a date written YYYY-MM-DD, not {raw[:40]!r}") from None


def parse_search_args(args: MultiDict) -> SearchParams:
    q = args.get("q", "")
    if len(q) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is longer than {MAX_QUERY_CHARS} characters")
    if "\x00" in q:
        raise QueryError("the query contains a NUL character")
    speakers = [s.strip() for raw in args.getlist("speaker") for s in raw.split(",") if s.strip()]
    sort = args.get("sort", "relevance") or "relevance"
    if sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}")
    return SearchParams(
        q=q,
        speakers=speakers,
        kind=args.get("kind", "").strip() or None,
        date_from=_date(args, "from"),
        date_to=_date(args, "to"),
        page=_int(args, "page", 1),
        per_page=_int(args, "per_page", 10),
        sort=sort,
    )


def index_handle() -> IndexHandle:
    return current_app.extensions["verbatim.index"]
