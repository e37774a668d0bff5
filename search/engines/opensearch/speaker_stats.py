"""One speaker at a glance on OpenSearch: counts and dates by aggregations, monthly counts by a
date histogram, telling words by the cluster's `significant_text` aggregation.

As on Whoosh, reposts of one text count once (`reposts`), so a month's count here is the
number of results a search for that month finds. Telling words differ in
method: Whoosh scores a sample with Dunning's log-likelihood in Python; here the cluster scores
the speaker's passages against the whole index (JLH significance), with the same stop words left
out, so the two engines agree on the kind of word, not on the exact list.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from search.engines.opensearch.cluster import ClusterHandle
from search.engines.opensearch.reposts import Extras, reposts_agg
from search.engines.opensearch.searcher import (
    compose,
    speakers,
)
from search.engines.whoosh.speaker_stats import (
    _WORDLIKE,
    PROFILE_SAMPLE,
    STOP_WORDS,
    TOP_TERMS,
)
from search.months import months_between
from search.params import NO_FILTERS, Filters, check_params
from search.views import MonthCount, SpeakerProfile, Timeline

# Stop words are left out by the cluster (exact values: its regular expressions are capped at
# 1000 characters); numbers, codes and short words by `_WORDLIKE` here, from a few more words.
_NOT_TELLING = sorted(STOP_WORDS)
_ASKED = 3 * TOP_TERMS


def _day(number: int) -> date:
    return date(number // 10000, number // 100 % 100, number % 100)


def count_months(
    handle: ClusterHandle, text: str, filters: Filters = NO_FILTERS
) -> tuple[dict[str, int], int]:
    """The passages a search finds (one per distinct text) by month, and the undated ones."""
    check_params(1, 1, "relevance", filters)
    composed = compose(handle, text, filters)
    if composed is None:
        return {}, 0
    body = {
        "size": 0,
        "query": composed,
        "track_total_hits": True,
        "aggs": {
            "months": {
                "date_histogram": {
                    "field": "date",
                    "calendar_interval": "month",
                    "format": "yyyy-MM",
                    "min_doc_count": 1,
                }
            },
            "undated": {"filter": {"term": {"dated": 0}}},
            **reposts_agg(handle),
        },
    }
    answer = handle.search(body, "counting by month")
    aggs, extras = answer["aggregations"], Extras(answer)
    counts = {
        b["key_as_string"]: extras.less("month", b["key_as_string"], b["doc_count"])
        for b in aggs["months"]["buckets"]
    }
    counts = {month: n for month, n in counts.items() if n}
    return dict(sorted(counts.items())), extras.less("month", 0, aggs["undated"]["doc_count"])


def _telling_words(handle: ClusterHandle, slug: str, passages: int) -> list[str]:
    body = {
        "size": 0,
        "query": {"term": {"speaker": slug}},
        "aggs": {
            "sample": {
                "sampler": {"shard_size": PROFILE_SAMPLE},
                "aggs": {
                    "words": {
                        "significant_text": {
                            # The unstemmed words, read from the text the exact twin is copied from.
                            "field": "exact",
                            "source_fields": ["text"],
                            "size": _ASKED,
                            "exclude": _NOT_TELLING,
                            # A word said once or twice says nothing about a speaker of hundreds.
                            "min_doc_count": max(1, min(5, min(passages, PROFILE_SAMPLE) // 10)),
                        }
                    }
                },
            }
        },
    }
    buckets = handle.search(body, "finding telling words")["aggregations"]["sample"]["words"]
    return [b["key"] for b in buckets["buckets"] if _WORDLIKE.fullmatch(b["key"])][:TOP_TERMS]


def _profile(handle: ClusterHandle, name: str, slug: str, roles: tuple[str, ...]) -> SpeakerProfile:
    body: dict[str, Any] = {
        "size": 0,
        "track_total_hits": True,
        "query": {"term": {"speaker": slug}},
        "aggs": {
            "dated": {
                "filter": {"range": {"day": {"gte": 1}}},
                "aggs": {"first": {"min": {"field": "day"}}, "last": {"max": {"field": "day"}}},
            },
        },
    }
    answer = handle.search(body, "profiling a speaker")
    aggs = answer["aggregations"]
    dated = aggs["dated"]
    first = _day(int(dated["first"]["value"])) if dated["doc_count"] else None
    last = _day(int(dated["last"]["value"])) if dated["doc_count"] else None
    span = months_between(first, last) if first and last else []
    counts, undated = count_months(handle, "", Filters(speakers=(slug,)))
    passages = sum(counts.values()) + undated
    timeline = Timeline([MonthCount(m, counts.get(m, 0)) for m in span], undated, passages)
    every = answer["hits"]["total"]["value"]
    return SpeakerProfile(
        name,
        slug,
        roles,
        passages,
        first,
        last,
        tuple(_telling_words(handle, slug, every)),
        timeline,
    )


def speaker_profile(handle: ClusterHandle, slug: str) -> SpeakerProfile | None:
    """The speaker with this slug, profiled once per index; None if nobody has it."""
    known = {s.slug: s for s in speakers(handle)}
    if slug not in known:
        return None
    found = known[slug]
    return handle.cached(
        f"speaker-profile:{slug}", lambda: _profile(handle, found.name, slug, found.roles)
    )
