"""Where OpenSearch builds live, and how a finished one replaces the one being served.

    alias `verbatim`  →  index `verbatim-20261207t213000123456-4242`   (swapped atomically)
    index `verbatim-builds`: one record per complete build: its side files (files.json,
                             fingerprint, report.json, punkt.json) and the index it replaced

Each full build writes a new index, named `<alias>-<UTC time><microseconds>-<pid>`; an update
writes a clone of the served one. Searches go through the alias, which is moved to the new index
in one `_aliases` request only once it is complete and refreshed: a build that is killed leaves
the previous index serving. Only indexes named by that pattern are ever deleted: the build before
the served one (searches pinned to it may still be reading it), builds abandoned by a process
that is gone, and side records whose index is gone.
"""

from __future__ import annotations

import os
import re
import socket
import time

from opensearchpy import NotFoundError, OpenSearch

from indexer.build import process_alive
from search.engines.opensearch.mapping import REPLICAS
from search.errors import Unavailable

# An unfinished build of another machine is abandoned after this long (its pid means nothing).
ABANDONED_AFTER_SECONDS = 24 * 3600
_HOST = socket.gethostname()


def builds_index(alias: str) -> str:
    """The index of build records for `alias` (never a build index: no digits after the dash)."""
    return f"{alias}-builds"


def new_index_name(alias: str) -> str:
    now = time.time()
    stamp = time.strftime("%Y%m%dt%H%M%S", time.gmtime(now)) + f"{int(now % 1 * 1e6):06d}"
    return f"{alias}-{stamp}-{os.getpid()}"


def _own_pattern(alias: str) -> re.Pattern:
    return re.compile(rf"{re.escape(alias)}-\d{{8}}t\d{{12}}-\d+")


def build_meta() -> dict:
    """Who writes a build: kept in its mapping's `_meta`, read by the clean-up."""
    return {"verbatim_build": {"host": _HOST, "pid": os.getpid(), "started": int(time.time())}}


def served_index(client: OpenSearch, alias: str) -> str | None:
    """The index the alias points at; None when there is no alias yet."""
    # HEAD first: a 404 to it is not logged as a failed request.
    if not client.indices.exists_alias(name=alias):
        if client.indices.exists(index=alias):
            raise Unavailable(
                f"OPENSEARCH_INDEX {alias!r} names an index, not an alias: Verbatim builds each "
                "index anew and serves it through an alias. Choose another OPENSEARCH_INDEX, or "
                "delete that index if it is a leftover."
            )
        return None
    holders = list(client.indices.get_alias(name=alias))
    if len(holders) != 1:
        raise Unavailable(
            f"the alias {alias!r} points at {len(holders)} indexes ({', '.join(holders)}): "
            "Verbatim serves one; point it at one with the _aliases API"
        )
    return holders[0]


def ensure_builds_index(client: OpenSearch, alias: str) -> None:
    if client.indices.exists(index=builds_index(alias)):
        return
    body = {
        "settings": {"index": {"number_of_shards": 1, "number_of_replicas": REPLICAS}},
        # The side files are kept whole in _source and never searched.
        "mappings": {
            "dynamic": False,
            "properties": {"build": {"type": "keyword"}, "replaced": {"type": "keyword"}},
        },
    }
    client.indices.create(index=builds_index(alias), body=body)


def save_record(
    client: OpenSearch, alias: str, index: str, files: dict[str, str], replaced: str | None
) -> None:
    """Record a complete build: its side files, and the index it is about to replace."""
    ensure_builds_index(client, alias)
    body = {"build": index, "replaced": replaced, "files": files}
    client.index(index=builds_index(alias), id=index, body=body, refresh=True)


def record(client: OpenSearch, alias: str, index: str) -> dict | None:
    """What a complete build recorded (`files`, `replaced`); None for an index no build
    completed."""
    try:
        return client.get(index=builds_index(alias), id=index)["_source"]
    except NotFoundError:
        return None


def side_files(client: OpenSearch, alias: str, index: str) -> dict[str, str] | None:
    """The side files a complete build recorded; None for an index no build completed."""
    files = (record(client, alias, index) or {}).get("files")
    return files if isinstance(files, dict) else None


def served_side_file(client: OpenSearch, alias: str, name: str) -> str | None:
    """One side file of the served build (the sentence splitter's `punkt.json`, say)."""
    index = served_index(client, alias)
    files = side_files(client, alias, index) if index else None
    return (files or {}).get(name)


def publish(client: OpenSearch, alias: str, index: str, served: str | None) -> None:
    """Point the alias at `index` in one atomic step, then clear out old builds."""
    actions: list[dict] = [{"add": {"index": index, "alias": alias}}]
    if served:
        actions.insert(0, {"remove": {"index": served, "alias": alias}})
    client.indices.update_aliases(body={"actions": actions})
    remove_old_builds(client, alias, keep={index, served})


def _owner_gone(meta: dict) -> bool:
    build = meta.get("verbatim_build") or {}
    started = build.get("started")
    if not isinstance(started, int):
        return False  # not written by this code: leave it alone
    if build.get("host") == _HOST and isinstance(build.get("pid"), int):
        return not process_alive(build["pid"])
    return time.time() - started > ABANDONED_AFTER_SECONDS


def remove_old_builds(client: OpenSearch, alias: str, keep: set[str | None]) -> list[str]:
    """Delete this alias's build indexes that nothing serves or writes: complete ones other than
    `keep`, and unfinished ones whose process is gone. Returns the names deleted."""
    own = _own_pattern(alias)
    try:
        found = client.indices.get_mapping(index=f"{alias}-*", params={"expand_wildcards": "all"})
    except NotFoundError:
        found = {}
    try:
        aliased = set(client.indices.get_alias(index=f"{alias}-*", name=alias)) if found else set()
    except NotFoundError:
        aliased = set()
    deleted = []
    for name, info in found.items():
        if not own.fullmatch(name) or name in keep or name in aliased:
            continue
        complete = side_files(client, alias, name) is not None
        if complete or _owner_gone(info.get("mappings", {}).get("_meta") or {}):
            client.indices.delete(index=name, ignore_unavailable=True)
            deleted.append(name)
    _remove_orphan_records(client, alias, set(found) - set(deleted))
    return deleted


def _remove_orphan_records(client: OpenSearch, alias: str, existing: set[str]) -> None:
    if not client.indices.exists(index=builds_index(alias)):
        return
    client.indices.refresh(index=builds_index(alias))
    answer = client.search(
        index=builds_index(alias),
        body={"query": {"bool": {"must_not": {"terms": {"build": sorted(existing)}}}}},
        params={"size": 1000, "_source": "false"},
    )
    for hit in answer["hits"]["hits"]:
        client.delete(index=builds_index(alias), id=hit["_id"], ignore=[404])
