"""Builds into the local OpenSearch cluster (`local_cluster`, conftest.py): the same passages and
fields as the Whoosh build, updates by document, a build killed midway, a cluster that is gone.

Each test builds behind an alias of its own (`verbatim-test-<pid>-<n>`) and deletes every index
it made. Counts and fields are compared with a Whoosh build of the same corpus, made alongside.
"""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from opensearchpy import helpers
from whoosh import index as whoosh_index

from indexer.build import PruneNeeded, build_index
from search.core import open_target
from search.engines.opensearch import store
from search.engines.opensearch.connection import Settings, connect
from search.engines.opensearch.mapping import document
from search.engines.opensearch.writer import OpenSearchTarget
from search.engines.whoosh import store as whoosh_store
from search.engines.whoosh.writer import WhooshTarget
from search.errors import Unavailable
from search.sentences import SPLITTER_FILE, splitter_from_json
from tests.golden_io import FIXTURE_CORPORA
from tests.test_opensearch_connection import closed_port

PROJECT = Path(__file__).parent.parent
VERBATIM = Path(sys.executable).parent / "verbatim"
_numbers = itertools.count()
# The fields both engines store (Whoosh does not store site and text_hash; neither stores the
# exact twins).
COMPARED = tuple(
    "id doc_id position doc_passages prev_id next_id kind speaker speaker_name role asker "
    "asker_name asker_outlet asker_outlet_name language text question title doc_kind "
    "date_precision source publisher url doc_speakers also_sources".split()
)


@pytest.fixture()
def alias(local_cluster) -> Iterator[str]:
    """An alias no other test or person uses; everything built behind it is deleted after."""
    name = f"verbatim-test-{os.getpid()}-{next(_numbers)}"
    yield name
    client = connect()
    client.indices.delete(index=f"{name}-*", params={"expand_wildcards": "all"})


def os_target(alias: str) -> OpenSearchTarget:
    # The cluster the contract suite uses (OPENSEARCH_URL), behind this test's own alias.
    return OpenSearchTarget(Settings.from_env({**os.environ, "OPENSEARCH_INDEX": alias}))


def quiet(paths: list[Path], target, **kwargs):
    return build_index(paths, target, workers=1, log=lambda line: None, **kwargs)


def served_passages(alias: str) -> dict[str, dict]:
    client = connect()
    hits = helpers.scan(client, index=alias, query={"query": {"match_all": {}}})
    return {hit["_id"]: hit["_source"] for hit in hits}


def whoosh_passages(index_dir: Path) -> dict[str, dict]:
    ix = whoosh_index.open_dir(str(whoosh_store.current_build(index_dir)))
    with ix.searcher() as searcher:
        return {fields["id"]: dict(fields) for fields in searcher.all_stored_fields()}


def assert_same_passages(alias: str, whoosh_dir: Path) -> None:
    """Every passage of one build is in the other, with the same fields."""
    served, stored = served_passages(alias), whoosh_passages(whoosh_dir)
    assert sorted(served) == sorted(stored)
    for passage_id, fields in stored.items():
        doc = served[passage_id]
        for name in COMPARED:
            assert doc.get(name) == fields.get(name), (passage_id, name)
        assert doc.get("former_ids", []) == (fields.get("former_ids") or "").split()
        assert doc.get("former_doc_ids", []) == (fields.get("former_doc_ids") or "").split()
        when = fields.get("date")
        assert doc.get("date") == (when.date().isoformat() if when else None)


def copy_files(source: Path, target: Path, names: list[str]) -> Path:
    for name in names:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, target / name)
    return target


WHITEHOUSE = sorted(
    str(path.relative_to(FIXTURE_CORPORA))
    for path in (FIXTURE_CORPORA / "whitehouse" / "press-briefings").rglob("*.md")
)


def test_full_build_equals_the_whoosh_build(alias, tmp_path) -> None:
    """The fixture corpora (every format) give the same passages, ids, neighbours and fields
    in both engines, and the sentence splitter is saved with the build."""
    report = quiet([FIXTURE_CORPORA], os_target(alias))
    whoosh = quiet([FIXTURE_CORPORA], WhooshTarget(tmp_path / "whoosh"))
    assert (report.documents, report.passages) == (whoosh.documents, whoosh.passages)
    assert report.passages > 600 and not report.failed
    client = connect()
    assert client.count(index=alias)["count"] == report.passages
    assert_same_passages(alias, tmp_path / "whoosh")
    served = store.served_index(client, alias)
    assert served.startswith(f"{alias}-") and served in report.index_path
    settings = client.indices.get_settings(index=served)[served]["settings"]["index"]
    assert (settings["number_of_shards"], settings["number_of_replicas"]) == ("3", "1")
    assert "refresh_interval" not in settings  # the build's -1 is undone
    splitter = store.served_side_file(client, alias, SPLITTER_FILE)
    assert splitter_from_json(splitter).tokenize("Mr. Lavrov spoke. Then he left.") == [
        "Mr. Lavrov spoke.",
        "Then he left.",
    ]
    # Nothing changed: nothing is rebuilt.
    again = quiet([FIXTURE_CORPORA], os_target(alias))
    assert again.up_to_date and store.served_index(client, alias) == served


def test_updates_add_change_and_remove_as_whoosh_does(alias, tmp_path) -> None:
    corpus = copy_files(FIXTURE_CORPORA, tmp_path / "corpus", WHITEHOUSE[:2])
    targets = [os_target(alias), WhooshTarget(tmp_path / "whoosh")]
    for target in targets:
        quiet([corpus], target)
    first = store.served_index(connect(), alias)

    changed = corpus / WHITEHOUSE[0]
    changed.write_text(changed.read_text().replace("Psaki", "Psaki (changed)", 3))
    copy_files(FIXTURE_CORPORA, corpus, WHITEHOUSE[2:3])
    (corpus / WHITEHOUSE[1]).unlink()
    reports = [quiet([corpus], target, prune=True) for target in targets]

    os_report, whoosh_report = reports
    assert os_report.incremental and os_report.parsed_files == 2
    assert [d["source"] for d in os_report.removed] == [d["source"] for d in whoosh_report.removed]
    assert len(os_report.removed) == 1
    assert connect().count(index=alias)["count"] == os_report.passages == whoosh_report.passages
    assert_same_passages(alias, tmp_path / "whoosh")
    # The update was written to a new index and swapped in; the one it replaced is kept for
    # searches still reading it, until the next build.
    client = connect()
    second = store.served_index(client, alias)
    assert second != first and client.indices.exists(index=first)
    quiet([corpus], targets[0], full=True)
    assert not client.indices.exists(index=first)


def test_a_removal_past_the_threshold_needs_prune(alias, tmp_path) -> None:
    """The Whoosh build's safety rule holds here too: an update that would drop more than 5% of
    the index stops, and the index is untouched."""
    corpus = copy_files(FIXTURE_CORPORA, tmp_path / "corpus", WHITEHOUSE[:2])
    quiet([corpus], os_target(alias))
    served = store.served_index(connect(), alias)
    (corpus / WHITEHOUSE[1]).unlink()
    with pytest.raises(PruneNeeded):
        quiet([corpus], os_target(alias))
    assert store.served_index(connect(), alias) == served


def _cli(alias: str, *args: str, url: str | None = None) -> subprocess.Popen:
    env = dict(os.environ, VERBATIM_ENGINE="opensearch", OPENSEARCH_INDEX=alias)
    if url:
        env["OPENSEARCH_URL"] = url
    command = [str(VERBATIM), "index", *args, "--workers", "1", "--quiet"]
    return subprocess.Popen(
        command, cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _wait_for_new_index(alias: str, served: str, process: subprocess.Popen) -> str | None:
    """The name of the build index `process` creates, once it exists; None if it finished."""
    client = connect()
    while process.poll() is None:
        names = set(client.indices.get(index=f"{alias}-*", params={"expand_wildcards": "all"}))
        new = {n for n in names if n not in (served, store.builds_index(alias))}
        if new:
            return new.pop()
        time.sleep(0.05)
    return None


def test_a_build_killed_midway_leaves_the_old_alias_serving(alias, tmp_path) -> None:
    """SIGKILL `verbatim index` once its new index exists: the alias still serves the old
    build and its count; the next build completes and deletes the abandoned index."""
    corpus = copy_files(FIXTURE_CORPORA, tmp_path / "corpus", WHITEHOUSE[:1])
    old = quiet([corpus], os_target(alias))
    client = connect()
    served = store.served_index(client, alias)

    process = _cli(alias, str(FIXTURE_CORPORA), "--full")
    try:
        abandoned = _wait_for_new_index(alias, served, process)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=120)
    assert abandoned, "the build finished before its index was seen: nothing was killed"
    assert process.returncode == -signal.SIGKILL
    assert store.served_index(client, alias) == served
    assert client.count(index=alias)["count"] == old.passages

    finished = _cli(alias, str(FIXTURE_CORPORA))
    _, err = finished.communicate(timeout=600)
    assert finished.returncode == 0, err
    assert store.served_index(client, alias) not in (served, abandoned)
    assert client.count(index=alias)["count"] > old.passages
    assert not client.indices.exists(index=abandoned)


def test_unreachable_cluster_is_one_message_and_a_non_zero_exit(tmp_path) -> None:
    """No cluster needed: the address is a closed loopback port. The bound is the wait below."""
    corpus = copy_files(FIXTURE_CORPORA, tmp_path / "corpus", WHITEHOUSE[:1])
    process = _cli(
        "verbatim-test-unreachable", str(corpus), url=f"http://127.0.0.1:{closed_port()}"
    )
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert "cannot reach OpenSearch at http://127.0.0.1:" in err and "make opensearch" in err
    assert "Traceback" not in err + out


def test_refused_passages_are_listed_and_nothing_is_swapped(alias, tmp_path, monkeypatch) -> None:
    corpus = copy_files(FIXTURE_CORPORA, tmp_path / "corpus", WHITEHOUSE[:1])
    quiet([corpus], os_target(alias))
    client = connect()
    served = store.served_index(client, alias)

    def spoiled(fields: dict) -> dict:
        # A date the mapping cannot read, in every tenth passage.
        doc = document(fields)
        if fields["position"] % 10 == 0:
            doc["date"] = "the fifth of May"
        return doc

    monkeypatch.setattr("search.engines.opensearch.writer.document", spoiled)
    with pytest.raises(Unavailable) as caught:
        quiet([corpus], os_target(alias), full=True)
    message = str(caught.value)
    assert "OpenSearch refused" in message and "index served is unchanged" in message
    assert "date" in message and "passage " in message
    assert store.served_index(client, alias) == served
    assert sorted(client.indices.get(index=f"{alias}-*")) == sorted(
        [served, store.builds_index(alias)]
    )


def test_an_index_under_the_alias_name_is_a_clear_error(alias) -> None:
    client = connect()
    client.indices.create(index=f"{alias}-plain")
    target = os_target(f"{alias}-plain")
    with pytest.raises(Unavailable, match="names an index, not an alias"):
        target.previous()


def test_open_target_chooses_opensearch(monkeypatch, alias) -> None:
    monkeypatch.setenv("VERBATIM_ENGINE", "opensearch")
    monkeypatch.setenv("OPENSEARCH_INDEX", alias)
    target = open_target()
    assert isinstance(target, OpenSearchTarget) and target.alias == alias
    assert target.previous() is None
