"""Builds into an OpenSearch cluster: the `IndexTarget` that `indexer.build` writes through.

A full build fills a new index (`store.new_index_name`) with the bulk API; an update starts from
a clone of the served index (hard-linked segments on each node, as Whoosh's update starts from
hard links), deletes the changed documents by `doc_id` and adds them again. Either is refreshed,
given its replicas, and only then swapped in behind the alias (`store.publish`), so a build that
is killed or fails leaves the previous index serving. Side files (the manifest, fingerprint,
report and sentence splitter) are kept in the alias's build records (`store.save_record`).
"""

from __future__ import annotations

import contextlib
import json
import random
from collections.abc import Iterable

from opensearchpy import OpenSearch, helpers

from indexer.build import FINGERPRINT_FILE, MANIFEST_FILE, Previous
from indexer.model import Document, Passage
from indexer.redirects import OldPassage, Redirects
from search.engines.fields import document_fields
from search.engines.opensearch import store
from search.engines.opensearch.connection import Settings, answering, connect
from search.engines.opensearch.mapping import REPLICAS, document, index_body, mapping_version
from search.errors import Unavailable
from search.sentences import (
    BUILD_SAMPLE_CHARS,
    SAMPLE_PASSAGES,
    SPLITTER_FILE,
    splitter_to_json,
    train_splitter,
)

# Passages sent per bulk request, and the most bytes one may carry: a request of a few MB keeps
# every node busy without holding much in memory on either side.
BULK_PASSAGES = 1000
BULK_BYTES = 8 * 1024 * 1024
# Bulk requests write a lot at once: they may take longer than a search.
BULK_TIMEOUT = 120
# A request the cluster refused for load (429) is sent again, this many times, backing off.
BULK_RETRIES = 3
# How long a finished build waits for its replicas before being served from primaries alone.
GREEN_TIMEOUT = "120s"
# Terms per request when looking documents up by id (OpenSearch allows 65,536).
_TERMS_PER_QUERY = 10_000
# Failures listed in the error, of all those counted.
_FAILURES_SHOWN = 10


class OpenSearchTarget:
    """Builds behind the alias `settings.index`."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self.alias = self.settings.index
        self.client = connect(self.settings)
        self.version = mapping_version()

    def previous(self) -> Previous | None:
        """The served build, once builds abandoned by killed runs are cleared away."""
        with answering(self.settings, "reading the served index"):
            store.remove_old_builds(self.client, self.alias, keep=self._kept())
            served = store.served_index(self.client, self.alias)
            files = store.side_files(self.client, self.alias, served) if served else None
        if not files or MANIFEST_FILE not in files:
            return None
        try:
            manifest = json.loads(files[MANIFEST_FILE])
        except json.JSONDecodeError:
            return None
        return Previous(self._location(served), manifest, files.get(FINGERPRINT_FILE))

    def _kept(self) -> set[str | None]:
        """The served build and the one it replaced (searches may still read it)."""
        served = store.served_index(self.client, self.alias)
        record = store.record(self.client, self.alias, served) if served else None
        return {served, (record or {}).get("replaced")}

    def _location(self, index: str) -> str:
        return f"{self.settings.location} ({index})"

    def old_passages(self, doc_ids: set[str] | None) -> tuple[list[OldPassage], set[str]]:
        found: list[OldPassage] = []
        elsewhere: set[str] = set()
        with answering(self.settings, "reading the served index's passages"):
            served = store.served_index(self.client, self.alias)
            if served is None:
                return found, elsewhere
            fields = ["id", "doc_id", "source", "text", "former_ids", "former_doc_ids"]
            if doc_ids is None:
                queries = [{"match_all": {}}]
            else:
                ids = sorted(doc_ids)
                queries = [
                    {"terms": {"doc_id": ids[i : i + _TERMS_PER_QUERY]}}
                    for i in range(0, len(ids), _TERMS_PER_QUERY)
                ]
                # The ids of every other passage: only their ids are read.
                for hit in _scan(self.client, served, {"match_all": {}}, ["id", "doc_id"]):
                    if hit["doc_id"] not in doc_ids:
                        elsewhere.add(hit["id"])
            for query in queries:
                for hit in _scan(self.client, served, query, fields):
                    former = (hit.get("former_ids") or (), hit.get("former_doc_ids") or ())
                    found.append(OldPassage.stored(hit, *former))
        return found, elsewhere

    def open_build(self, incremental: bool, passages: int) -> OpenSearchBuild:
        with answering(self.settings, "starting the build"):
            served = store.served_index(self.client, self.alias)
            index = store.new_index_name(self.alias)
            build = OpenSearchBuild(self, index, served, incremental and served is not None)
            build.create()
        return build


def _scan(client: OpenSearch, index: str, query: dict, fields: list[str]) -> Iterable[dict]:
    """Every hit's `fields`, in no order, by scroll: bounded by the index's size."""
    for hit in helpers.scan(
        client, index=index, query={"query": query, "_source": fields}, size=2000, scroll="5m"
    ):
        yield hit["_source"]


class OpenSearchBuild:
    """One build index being written; nothing of it is served until `commit` returns."""

    def __init__(
        self, target: OpenSearchTarget, index: str, served: str | None, incremental: bool
    ) -> None:
        self.target, self.client, self.settings = target, target.client, target.settings
        self.alias, self.index, self.served = target.alias, index, served
        self.incremental = incremental
        self.location = target._location(index)
        self._pending: list[dict] = []
        self._sent = 0
        self._failures: list[str] = []
        self._failed = 0
        # Texts to learn sentence boundaries from: a fixed-seed sample of every passage added
        # (reservoir sampling), so the same corpus gives the same splitter.
        self._sample: list[str] = []
        self._seen = 0
        self._random = random.Random(0)

    def create(self) -> None:
        # No replicas and no refresh while writing: each passage is written once, and nothing
        # searches this index before `commit` refreshes it and adds the replicas.
        writing = {"index.number_of_replicas": 0, "index.refresh_interval": "-1"}
        if not self.incremental:
            body = index_body(store.build_meta())
            body["settings"]["index"].update({"number_of_replicas": 0, "refresh_interval": "-1"})
            self.client.indices.create(index=self.index, body=body)
            return
        # A clone needs its source write-blocked; reads go on, and no one else writes to it.
        self.client.indices.put_settings(index=self.served, body={"index.blocks.write": True})
        try:
            self.client.indices.clone(
                index=self.served,
                target=self.index,
                body={"settings": {"index.blocks.write": None, **writing}},
                params={"wait_for_active_shards": "all", "timeout": "120s"},
                request_timeout=BULK_TIMEOUT,
            )
        finally:
            self.client.indices.put_settings(index=self.served, body={"index.blocks.write": None})
        self.client.indices.put_mapping(index=self.index, body={"_meta": store.build_meta()})
        self.client.indices.refresh(index=self.index)

    def delete_documents(self, doc_ids: Iterable[str]) -> None:
        """Delete the documents' passages from the clone, by id, in bulk. (Not _delete_by_query:
        it needs the reindex module, which a cluster need not have; the local one does not.)"""
        ids = sorted(set(doc_ids))
        with answering(self.settings, "removing changed documents"):
            for i in range(0, len(ids), _TERMS_PER_QUERY):
                query = {"terms": {"doc_id": ids[i : i + _TERMS_PER_QUERY]}}
                hits = helpers.scan(
                    self.client,
                    index=self.index,
                    query={"query": query, "_source": False},
                    size=2000,
                    scroll="5m",
                )
                self._bulk({"_op_type": "delete", "_id": hit["_id"]} for hit in hits)

    def add_document(self, doc: Document, passages: list[Passage], moved: Redirects) -> None:
        for fields in document_fields(doc, passages, moved):
            self._pending.append({"_id": fields["id"], "_source": document(fields)})
            self._keep_sample(fields["text"])
        if len(self._pending) >= BULK_PASSAGES:
            self._flush()

    def _keep_sample(self, text: str) -> None:
        self._seen += 1
        if len(self._sample) < SAMPLE_PASSAGES:
            self._sample.append(text)
        else:
            slot = self._random.randrange(self._seen)
            if slot < SAMPLE_PASSAGES:
                self._sample[slot] = text

    def _flush(self) -> None:
        actions, self._pending = self._pending, []
        with answering(self.settings, "sending passages"):
            self._bulk(actions)

    def _bulk(self, actions: Iterable[dict]) -> None:
        """Send `actions` in chunks, counting and noting each one the cluster refuses."""
        for ok, item in helpers.streaming_bulk(
            self.client,
            actions,
            index=self.index,
            chunk_size=BULK_PASSAGES,
            max_chunk_bytes=BULK_BYTES,
            raise_on_error=False,
            raise_on_exception=True,
            max_retries=BULK_RETRIES,
            request_timeout=BULK_TIMEOUT,
        ):
            self._sent += 1
            if not ok:
                self._failed += 1
                if len(self._failures) < _FAILURES_SHOWN:
                    self._failures.append(_failure_line(item))

    def commit(self, side_files: dict[str, str]) -> None:
        self._flush()
        if self._failed:
            raise Unavailable(
                f"OpenSearch refused {self._failed} of the {self._sent} passages sent; the "
                f"index served is unchanged. First refusals:\n  " + "\n  ".join(self._failures)
            )
        files = dict(side_files)
        with answering(self.settings, "finishing the build"):
            files[SPLITTER_FILE] = self._splitter()
            self.client.indices.put_settings(
                index=self.index,
                body={"index.number_of_replicas": REPLICAS, "index.refresh_interval": None},
            )
            self.client.indices.refresh(index=self.index)
            self._wait_for_copies()
            store.save_record(self.client, self.alias, self.index, files, self.served)
            store.publish(self.client, self.alias, self.index, self.served)

    def _splitter(self) -> str:
        """Sentence boundaries learned from this corpus; an update keeps its build's own, as
        the Whoosh update does."""
        if self.incremental and self.served:
            kept = (store.side_files(self.client, self.alias, self.served) or {}).get(SPLITTER_FILE)
            if kept:
                return kept
        # A shuffle with a fixed seed: any first part of the sample spans the whole corpus.
        sample = list(self._sample)
        random.Random(0).shuffle(sample)
        return splitter_to_json(train_splitter(sample, BUILD_SAMPLE_CHARS))

    def _wait_for_copies(self) -> None:
        """Every primary must be active before the alias moves; replicas are waited for a
        bounded time, then left to the cluster (a one-node cluster never has them)."""
        health = self.client.cluster.health(
            index=self.index,
            # 408: not green in time; the answer still says whether every primary is active.
            params={"wait_for_status": "green", "timeout": GREEN_TIMEOUT, "ignore": 408},
            request_timeout=BULK_TIMEOUT + 30,
        )
        if health["status"] == "red":
            raise Unavailable(
                f"the new index {self.index} has shards that no node holds (cluster status red); "
                "the index served is unchanged. Check the cluster (`_cluster/allocation/explain`)."
            )

    def abandon(self) -> None:
        """Delete the unfinished index; if the cluster is gone too, the next build's clean-up
        deletes it (`store.remove_old_builds`)."""
        # The build's own error is the one to report, not a failure to clean up after it.
        with contextlib.suppress(Exception):
            self.client.indices.delete(index=self.index, ignore_unavailable=True)


def _failure_line(item: dict) -> str:
    """One refused passage: its id and the cluster's reason."""
    result = next(iter(item.values()), {}) if isinstance(item, dict) else {}
    error = result.get("error")
    if isinstance(error, dict):
        reason = f"{error.get('type', 'error')}: {error.get('reason', '')}"
        caused = error.get("caused_by")
        if isinstance(caused, dict):
            reason += f" ({caused.get('type', '')}: {caused.get('reason', '')})"
    else:
        reason = str(error or result.get("status", "refused"))
    return f"passage {result.get('_id', '?')}: {reason}"
