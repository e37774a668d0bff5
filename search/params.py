"""What a search asks for — query text, filters, sort, page — checked once for every caller."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from indexer.model import slugify
from indexer.speakers import default_registry
from search.errors import QueryError
from search.views import FacetValue

MAX_PER_PAGE = 100
# Above this a year is an engine's placeholder for a missing one (Whoosh: 2**31 - 1).
MAX_YEAR = 9999
MAX_PAGE = 1000
SORTS = ("relevance", "newest", "oldest")
# The most results one export (CSV, JSON) holds: documented in the README.
EXPORT_CAP = 5000


def speaker_slug(name: str) -> str:
    """The slug of a speaker named any way the registry knows: "lavrov" → sergey-lavrov."""
    return slugify(default_registry().canonical(name))


# Query-string parameters that may be repeated (or comma-separated), and the filter each fills.
LIST_PARAMS = {
    "speaker": "speakers",
    "kind": "kinds",
    "site": "sites",
    "lang": "languages",
    "asker": "askers",
}


@dataclass(frozen=True)
class Filters:
    """Restrictions beside the query text; each tuple allows any of its values."""

    speakers: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    askers: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    # Only passages whose date is unknown (the year facet's "undated" bucket).
    undated: bool = False

    def __bool__(self) -> bool:
        return any(getattr(self, name) for name in self.__dataclass_fields__)

    def as_params(self) -> dict[str, list[str] | str]:
        """These filters as the search page's query string takes them, with nothing empty."""
        params: dict[str, list[str] | str] = {
            name: list(getattr(self, target))
            for name, target in LIST_PARAMS.items()
            if getattr(self, target)
        }
        for name, day in (("from", self.date_from), ("to", self.date_to)):
            if day:
                params[name] = day.isoformat()
        if self.undated:
            params["undated"] = "1"
        return params


NO_FILTERS = Filters()


def parse_day(raw: str, name: str, end: bool = False) -> date | None:
    """A date written YYYY-MM-DD, or a year alone: the year's first day, or its last if `end`."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        if len(raw) == 4 and raw.isdigit():
            return date(int(raw), 12, 31) if end else date(int(raw), 1, 1)
        return date.fromisoformat(raw)
    except ValueError:
        raise QueryError(
            f"{name} must be a date written YYYY-MM-DD or a year, not {raw[:40]!r}"
        ) from None


def check_params(page: int, per_page: int, sort: str, filters: Filters) -> None:
    if not 1 <= page <= MAX_PAGE:
        raise QueryError(f"page must be between 1 and {MAX_PAGE}")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise QueryError(f"per_page must be between 1 and {MAX_PER_PAGE}")
    if sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}")
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise QueryError("the 'from' date is after the 'to' date")
    if filters.undated and (filters.date_from or filters.date_to):
        raise QueryError("undated passages have no date to fall between 'from' and 'to'")


# The year facet's bucket for passages whose date is unknown: always listed after the years.
UNDATED = "undated"


def year_facet(counts: dict[int | None, int]) -> list[FacetValue]:
    """Years in order, then the undated passages (`None`, or no real year), if any match."""
    years = sorted((y, n) for y, n in counts.items() if n and y and 0 < y <= MAX_YEAR)
    undated = sum(n for y, n in counts.items() if not (y and 0 < y <= MAX_YEAR))
    values = [FacetValue(str(y), str(y), n) for y, n in years]
    if undated:
        values.append(FacetValue(UNDATED, UNDATED, undated))
    return values
