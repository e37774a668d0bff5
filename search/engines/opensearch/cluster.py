"""One OpenSearch alias as the read side sees it: the client, the concrete index a request is
pinned to, and what is read once per index (its mapping, the texts published twice, the
sentence splitter).

A web request is pinned to the concrete index the alias names when it starts, rather than to a
point in time: a full build writes a new index and swaps the alias, so a request that began on
one build keeps reading that build (total, hits and facets agree), and the concrete index
outlives the swap (builds remove stale indexes only at the next build). A point in time would
cost two more round trips on every request for what the alias swap already gives; exports,
which page through thousands of hits, do open one (`searcher.export`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from opensearchpy import OpenSearch

from search.engines.opensearch import store
from search.engines.opensearch.connection import Settings, answering, connect
from search.errors import NoIndex, Unavailable
from search.sentences import LAZY_SAMPLE_CHARS, SPLITTER_FILE, splitter_from_json, train_splitter

# The fields a user's words are matched in; each may have per-language sub-fields.
ANALYSED = ("text", "question", "title")
# Texts published more than once are read in pages of this many hashes.
_COMPOSITE_PAGE = 5000
# Passages sampled, at most, to train the sentence splitter of an index.
_SPLITTER_PASSAGES = 2000


class ClusterHandle:
    """One per process, like Whoosh's `IndexHandle`: thread-safe, pinned per request."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self.client: OpenSearch = connect(self.settings)
        self._pinned = threading.local()
        self._lock = threading.Lock()
        self._cache: dict[str, dict[str, Any]] = {}

    @property
    def location(self) -> str:
        return self.settings.location

    def resolve(self) -> str:
        """The concrete index the alias names now; `NoIndex` when there is none."""
        with answering(self.settings, "finding the index"):
            found = self.client.indices.get_alias(
                index=self.settings.index, ignore_unavailable=True
            )
        if not found:
            raise NoIndex(
                f"no index {self.settings.index!r} in OpenSearch at "
                f"{', '.join(self.settings.urls)}: build one with "
                "`VERBATIM_ENGINE=opensearch verbatim index CORPUS`"
            )
        # An alias over several indexes is not something a build leaves; the newest answers.
        return sorted(found)[-1]

    def pin(self) -> None:
        try:
            self._pinned.index = self.resolve()
        except Unavailable:
            # Pages that ask nothing of the index still answer; the first question raises.
            self._pinned.index = None

    def unpin(self) -> None:
        self._pinned.index = None

    def index(self) -> str:
        return getattr(self._pinned, "index", None) or self.resolve()

    def search(self, body: dict, doing: str = "searching", **params: Any) -> dict:
        with answering(self.settings, doing):
            return self.client.search(index=self.index(), body=body, **params)

    def search_pit(self, body: dict, doing: str) -> dict:
        """A search of the point in time `body` names (which names its index)."""
        with answering(self.settings, doing):
            return self.client.search(body=body)

    def msearch(self, bodies: list[dict], doing: str = "searching") -> list[dict]:
        if not bodies:
            return []
        index = self.index()
        lines: list[dict] = []
        for body in bodies:
            lines += [{"index": index}, body]
        with answering(self.settings, doing):
            answers = self.client.msearch(body=lines)["responses"]
        for answer in answers:
            if "error" in answer:
                reason = (
                    answer["error"].get("reason", answer["error"])
                    if isinstance(answer["error"], dict)
                    else answer["error"]
                )
                raise Unavailable(f"{doing}: OpenSearch answered {answer.get('status')}: {reason}")
        return answers

    def call(self, doing: str, method: Callable[..., Any], **params: Any) -> Any:
        """Another client call (`method`, such as `client.indices.analyze`) on the pinned index."""
        with answering(self.settings, doing):
            return method(index=self.index(), **params)

    def cached(self, key: str, compute: Callable[[], Any]) -> Any:
        """A value computed once per concrete index, such as the texts published twice."""
        index = self.index()
        with self._lock:
            if index not in self._cache:
                # A new build is served: keep the one before it for requests still pinned to it.
                for stale in list(self._cache)[:-1]:
                    del self._cache[stale]
            per_index = self._cache.setdefault(index, {})
        if key not in per_index:
            per_index[key] = compute()
        return per_index[key]

    def analysed_fields(self) -> dict[str, list[str]]:
        """Each searched field and its text sub-fields (say `text.ru`), as the mapping has them."""
        return self.cached("analysed", self._read_analysed)

    def _read_analysed(self) -> dict[str, list[str]]:
        mapping = self.call("reading the mapping", self.client.indices.get_mapping)
        properties = next(iter(mapping.values()))["mappings"].get("properties", {})
        fields = {}
        for name in ANALYSED:
            subfields = properties.get(name, {}).get("fields", {})
            fields[name] = [name] + [
                f"{name}.{sub}"
                for sub, spec in sorted(subfields.items())
                if spec.get("type") == "text"
            ]
        return fields

    def repeated(self) -> frozenset[str]:
        """Hashes of the texts indexed more than once (reposts): read once per index."""
        return self.cached("repeated", self._read_repeated)

    def _read_repeated(self) -> frozenset[str]:
        found: set[str] = set()
        after = None
        while True:
            source = {
                "composite": {
                    "size": _COMPOSITE_PAGE,
                    "sources": [{"h": {"terms": {"field": "text_hash"}}}],
                }
            }
            if after:
                source["composite"]["after"] = after
            body = {"size": 0, "aggs": {"hashes": source}}
            answer = self.search(body, "counting reposts")["aggregations"]["hashes"]
            found.update(b["key"]["h"] for b in answer["buckets"] if b["doc_count"] > 1)
            after = answer.get("after_key")
            if not after or len(answer["buckets"]) < _COMPOSITE_PAGE:
                return frozenset(found)

    def splitter(self):
        """The sentence splitter learnt from this index's texts, once per index."""
        return self.cached("splitter", self._train_splitter)

    def _train_splitter(self):
        # The splitter the build learnt and recorded (`writer.py`); else learnt now, once.
        with answering(self.settings, "reading the build's record"):
            files = store.side_files(self.client, self.settings.index, self.index()) or {}
        if SPLITTER_FILE in files:
            try:
                return splitter_from_json(files[SPLITTER_FILE])
            except (ValueError, KeyError, TypeError):
                pass  # an unreadable record is no worse than none: learn from the texts
        # The same passages on every run, from all over the index (a seeded random order).
        body = {
            "size": _SPLITTER_PASSAGES,
            "_source": ["text"],
            "query": {"function_score": {"random_score": {"seed": 0, "field": "id"}}},
        }
        hits = self.search(body, "reading a sample of texts")["hits"]["hits"]
        return train_splitter((h["_source"].get("text") or "" for h in hits), LAZY_SAMPLE_CHARS)
