"""The benchmark's OpenSearch side: its aliases on the cluster, their size, their removal, and the
synthetic ten-fold corpus.

Every index the benchmark writes lives behind an alias of its own, `verbatim-bench-<pid>-<size>`,
and is deleted (with its build records) when the size is done, also when the run fails: the
cluster is shared, and the largest indexes take gigabytes.

The ten-fold corpus is the full corpus's index copied ten times by the bulk API: copy 0 is the
passage as built, copies 1–9 get new ids (`<id>~<k>`, the document's too), their own text hash
(a repost of a real text stays one within its copy, and ten copies of a text are not ten
reposts of one), and dates moved k months earlier (k years for a date known only to the year,
so no copy claims a precision its source lacks). The copies are read from the built index
(`_source` holds every field but the exact twins, which `copy_to` fills again), so no file is
parsed ten times, and written as the engine's writer writes: no replicas and no refresh while
loading, then one replica each, refreshed, and the alias swapped in. A chunk the cluster
refuses is not sent again: the load fails, saying how many passages were refused.
"""

from __future__ import annotations

import hashlib
import os
import time
from datetime import date
from typing import Any

from opensearchpy import OpenSearch, helpers

from search.engines.opensearch import store
from search.engines.opensearch.connection import Settings, connect
from search.engines.opensearch.mapping import REPLICAS, index_body

# The local cluster's three nodes (`make opensearch`): a client knowing all three survives the
# loss of one.
DEFAULT_URLS = "http://127.0.0.1:9200,http://127.0.0.1:9201,http://127.0.0.1:9202"
ALIAS_PREFIX = "verbatim-bench"
COPIES = 10
BULK_PASSAGES = 1000
BULK_BYTES = 8 * 1024 * 1024
BULK_TIMEOUT = 300
# Two threads: one serialises the next chunk while the cluster writes the last.
_LOAD = {
    "thread_count": 2,
    "chunk_size": BULK_PASSAGES,
    "max_chunk_bytes": BULK_BYTES,
    "raise_on_error": False,
    "request_timeout": BULK_TIMEOUT,
}
GREEN_TIMEOUT_SECONDS = 900
_FAILURES_SHOWN = 5


class LoadError(RuntimeError):
    pass


def urls_of(value: str) -> list[str]:
    return [u.strip().rstrip("/") for u in value.split(",") if u.strip()]


def client(urls: list[str], timeout: float = BULK_TIMEOUT) -> OpenSearch:
    return connect(Settings(urls=tuple(urls), read_timeout=timeout))


def alias_for(label: str, owner: int | None = None) -> str:
    """The alias of one size's index, named after the run's process: runs never share one."""
    return f"{ALIAS_PREFIX}-{owner or os.getpid()}-{label.lower()}"


def health(urls: list[str]) -> dict[str, Any]:
    """The cluster's health; raises the client's error when no node answers."""
    return client(urls, timeout=30).cluster.health()


def drop(urls: list[str], alias: str) -> None:
    """Deletes the alias's indexes and its build records (`<alias>-*`)."""
    client(urls).indices.delete(
        index=f"{alias}-*", params={"expand_wildcards": "all", "ignore_unavailable": "true"}
    )


def index_stats(urls: list[str], alias: str) -> dict[str, Any]:
    """The served index's name, passages and bytes on disk (primaries, and with replicas)."""
    os_client = client(urls)
    index = store.served_index(os_client, alias)
    if index is None:
        raise LoadError(f"no index behind the alias {alias!r}")
    stats = os_client.indices.stats(index=index, metric="docs,store")["indices"][index]
    return {
        "index": index,
        "passages": stats["primaries"]["docs"]["count"],
        "index_bytes": stats["primaries"]["store"]["size_in_bytes"],
        "index_bytes_with_replicas": stats["total"]["store"]["size_in_bytes"],
    }


def shifted(day: date, k: int, precision: str | None) -> date:
    """`day` moved k months earlier (k years when only its year is known), on a day that
    exists."""
    if precision == "year":
        return date(day.year - k, day.month, min(day.day, 28))
    months = day.year * 12 + day.month - 1 - k
    return date(months // 12, months % 12 + 1, min(day.day, 28) if k else day.day)


def copy_of(source: dict[str, Any], k: int) -> dict[str, Any]:
    """Copy k of a passage's `_source` (copy 0: the passage itself)."""
    if k == 0:
        return source
    doc = dict(source)
    suffix = f"~{k}"
    for name in ("id", "doc_id", "prev_id", "next_id"):
        if doc.get(name):
            doc[name] = doc[name] + suffix
    # Former ids redirect to one passage; a copy has none of its own.
    doc.pop("former_ids", None)
    doc.pop("former_doc_ids", None)
    doc["text_hash"] = hashlib.sha1(f"{doc['text_hash']}{suffix}".encode()).hexdigest()[:16]
    if doc.get("date"):
        day = shifted(date.fromisoformat(doc["date"][:10]), k, doc.get("date_precision"))
        doc["date"] = day.isoformat()
        doc["day"] = day.year * 10000 + day.month * 100 + day.day
        doc["year"] = day.year
    return doc


def _action(hit: dict[str, Any], k: int) -> dict[str, Any]:
    doc = copy_of(hit["_source"], k)
    return {"_id": doc["id"], "_source": doc}


def tenfold(urls: list[str], source_alias: str, alias: str, copies: int = COPIES) -> dict:
    """Writes `copies` copies of the index behind `source_alias` into a new index behind
    `alias`; returns the seconds of loading and of making the copies (replicas) ready."""
    os_client = client(urls)
    source = store.served_index(os_client, source_alias)
    if source is None:
        raise LoadError(f"no index behind the alias {source_alias!r} to copy")
    files = store.side_files(os_client, source_alias, source) or {}
    index = store.new_index_name(alias)
    body = index_body(store.build_meta())
    body["settings"]["index"].update({"number_of_replicas": 0, "refresh_interval": "-1"})
    os_client.indices.create(index=index, body=body)
    started = time.monotonic()
    sent, failed, failures = 0, 0, []
    for k in range(copies):
        hits = helpers.scan(
            os_client, index=source, query={"query": {"match_all": {}}}, size=2000, scroll="10m"
        )
        actions = (_action(hit, k) for hit in hits)
        for ok, item in helpers.parallel_bulk(os_client, actions, index=index, **_LOAD):
            sent += 1
            failed += not ok
            if not ok and len(failures) < _FAILURES_SHOWN:
                failures.append(str(item)[:300])
    loaded = time.monotonic() - started
    if failed:
        raise LoadError(f"{failed} of {sent} copies refused; first: {failures}")
    os_client.indices.put_settings(
        index=index, body={"index.number_of_replicas": REPLICAS, "index.refresh_interval": None}
    )
    os_client.indices.refresh(index=index, request_timeout=BULK_TIMEOUT)
    answer = os_client.cluster.health(
        index=index,
        params={"wait_for_status": "green", "timeout": f"{GREEN_TIMEOUT_SECONDS}s", "ignore": 408},
        request_timeout=GREEN_TIMEOUT_SECONDS + 30,
    )
    store.save_record(os_client, alias, index, files, None)
    store.publish(os_client, alias, index, None)
    return {
        "copies": copies,
        "sent": sent,
        "load_seconds": round(loaded, 1),
        "replicas_seconds": round(time.monotonic() - started - loaded, 1),
        "status": answer["status"],
    }
