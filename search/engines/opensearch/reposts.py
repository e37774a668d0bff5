"""A text published twice is one result: the counts the cluster gives by passage, corrected.

As on Whoosh, of the matching copies of one text (the same `text_hash`) only the first counts:
in totals, facets and monthly counts alike, so a month's count is what a search for that month
finds and the facets add up to the total. The first is the earliest published (undated last),
then by document id and position; Whoosh's is the first indexed, which for one corpus is
mostly the same copy. Only texts the index holds more than once are looked at (`repeated`,
read once per index), so the correction is exact however the copies fall across shards, and
costs nothing for a search whose matches have no second copy.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from search.engines.opensearch.cluster import ClusterHandle

# The facts a copy is counted by: the facet fields, and its day for the monthly counts.
COUNTED = ("speaker", "year", "kind", "site", "language", "day")
FIRST = [{"dated": "desc"}, {"day": "asc"}, {"doc_id": "asc"}, {"position": "asc"}]
# Copies of one text looked at, at most (a press release reposted more often than this is
# counted once per this many).
MAX_COPIES = 100


def reposts_agg(handle: ClusterHandle) -> dict[str, Any]:
    """The aggregation to add to a search whose counts are to be corrected."""
    repeated = sorted(handle.repeated())
    if not repeated:
        return {}
    copies = {"top_hits": {"size": MAX_COPIES, "sort": FIRST, "_source": list(COUNTED)}}
    return {
        "reposts": {
            "terms": {
                "field": "text_hash",
                "include": repeated,
                "size": len(repeated),
                "shard_size": len(repeated),
                "min_doc_count": 2,
            },
            "aggs": {"copies": copies},
        }
    }


def month_of(day: int) -> str:
    return f"{day // 10000:04d}-{day // 100 % 100:02d}"


class Extras:
    """The second and later copies among a search's matches, by what they are counted by."""

    def __init__(self, answer: dict) -> None:
        self.total = 0
        self.by: Counter = Counter()
        buckets = answer.get("aggregations", {}).get("reposts", {}).get("buckets", [])
        for bucket in buckets:
            later = bucket["copies"]["hits"]["hits"][1:]
            self.total += bucket["doc_count"] - 1
            for hit in later:
                source = hit["_source"]
                for name in COUNTED:
                    self.by[name, source.get(name) or 0] += 1
                day = source.get("day") or 0
                self.by["month", month_of(day) if day else 0] += 1

    def less(self, field: str, value: Any, count: int) -> int:
        """`count` passages with `field` = `value`, less the later copies among them."""
        return count - self.by[field, value]
