"""What both engines make of what they store: a search page, a passage's record, a facet's
values, the speakers with their counts. Each engine reads its own hits; the records are built
here once."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import date
from typing import Any

from indexer.speakers import default_registry
from search.engines.suggestions import SUGGEST_BELOW, speaker_suggestions
from search.params import EXPORT_CAP, NO_FILTERS, Filters, check_params
from search.views import FacetValue, PassageView, SearchPage, SpeakerCount

# The fields a search page counts its results by, and the values shown per facet (the year
# facet shows every year).
FACET_FIELDS = ("speaker", "year", "kind", "site", "language")
FACET_LIMIT = 20

# One page of results as an engine finds them: the total (one per distinct text), the page's
# passages, the facets.
Found = tuple[int, list[PassageView], dict[str, list[FacetValue]]]


def searching(
    compose: Callable[[Any, str, Filters], Any | None],
    found: Callable[[Any, Any, str, int, int, str], Found],
    suggest: Callable[[Any, str], str | None],
    known_speakers: Callable[[Any], Collection[str]],
    speakers: Callable[[Any], list[SpeakerCount]],
) -> Callable[..., SearchPage]:
    """An engine's `search(handle, text, filters, page, per_page, sort)`: the parameters checked,
    the query composed (`compose`; None: nothing to search for), a page found (`found`, given
    the composed query), and what the page suggests: a respelt query when it found few, the
    speakers nearest to a speaker filter that names nobody of `known_speakers`."""

    def search(
        handle: Any,
        text: str,
        filters: Filters = NO_FILTERS,
        page: int = 1,
        per_page: int = 10,
        sort: str = "relevance",
    ) -> SearchPage:
        check_params(page, per_page, sort, filters)
        composed = compose(handle, text, filters)
        if composed is None:
            return SearchPage(text, 0, page, per_page, [])
        total, hits, facets = found(handle, composed, text, page, per_page, sort)
        respelt = suggest(handle, text) if text.strip() and total < SUGGEST_BELOW else None
        unknown = speaker_suggestions(
            filters, lambda: known_speakers(handle), lambda: speakers(handle)
        )
        return SearchPage(text, total, page, per_page, hits, facets, respelt, unknown)

    return search


def exporting(
    compose: Callable[[Any, str, Filters], Any | None],
    exported: Callable[[Any, Any | None, str, int], list[PassageView]],
) -> Callable[..., list[PassageView]]:
    """An engine's `export(handle, text, filters, sort, cap)`: the parameters checked, the query
    composed, and the first `cap` results found whole by `exported` (given None for neither
    words nor filters: then every passage of the index, reposts too)."""

    def export(
        handle: Any,
        text: str,
        filters: Filters = NO_FILTERS,
        sort: str = "relevance",
        cap: int = EXPORT_CAP,
    ) -> list[PassageView]:
        check_params(1, 1, sort, filters)
        return exported(handle, compose(handle, text, filters), sort, cap)

    return export


def passage_view(stored: Mapping[str, Any], day: date | None, **extra: Any) -> PassageView:
    """The record of a passage's stored fields (`search.engines.fields.passage_fields`), its
    date read by the engine (`day`)."""
    return PassageView(
        id=stored["id"],
        doc_id=stored["doc_id"],
        position=stored["position"],
        doc_passages=stored["doc_passages"],
        kind=stored["kind"],
        speaker=stored["speaker_name"],
        speaker_slug=stored.get("speaker") or "",
        question=stored.get("question"),
        asker=stored.get("asker_name"),
        asker_outlet=stored.get("asker_outlet_name"),
        # Indexes built before precision was kept knew only days.
        date_precision=stored.get("date_precision") or ("day" if day else None),
        text=stored["text"],
        title=stored["title"],
        date=day,
        doc_kind=stored["doc_kind"],
        source=stored["source"],
        also_sources=stored.get("also_sources") or [],
        publisher=stored.get("publisher"),
        url=stored.get("url"),
        language=stored.get("language", "en"),
        prev_id=stored.get("prev_id"),
        next_id=stored.get("next_id"),
        role=stored.get("role"),
        **extra,
    )


def top_values(values: Iterable[FacetValue]) -> list[FacetValue]:
    """A facet's values as shown: the commonest first, then by label; at most FACET_LIMIT."""
    return sorted(values, key=lambda f: (-f.count, f.label))[:FACET_LIMIT]


def speaker_counts(counted: Iterable[tuple[str, str, int]]) -> list[SpeakerCount]:
    """Speakers from (slug, name as shown, passages), with the roles the registry knows them
    by; most passages first."""
    registry = default_registry()
    result = []
    for slug, name, passages in counted:
        if not slug:
            continue  # passages whose speaker the source does not name: no speaker record
        known = registry.lookup(name)
        result.append(SpeakerCount(name, slug, passages, known.roles if known else ()))
    return sorted(result, key=lambda s: (-s.passages, s.name))
