"""The benchmark's machinery, run end to end on the seed corpus with tiny counts, so it cannot rot.

Not a measurement: the figures of an index of fifteen passages mean nothing. What is checked is
that every step runs, every class is timed by every engine, the load sees no errors, the report
carries the targets, and nothing is left behind (scratch folders, the server).
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench import corpus, opensearch, report, run
from bench.queries import CLASSES, Query
from bench.timing import percentile
from tests.conftest import OPENSEARCH_URL, SEED_CORPUS


@pytest.fixture(scope="module")
def with_cluster(request) -> bool:
    """Whether the local cluster answers: the OpenSearch part of the run needs it. Without one,
    the run measures the rest and the OpenSearch tests skip, saying why (or fail under
    VERBATIM_REQUIRE_OPENSEARCH=1, as `local_cluster` does)."""
    try:
        request.getfixturevalue("local_cluster")
    except pytest.skip.Exception:
        return False
    return True


@pytest.fixture(scope="module")
def bench_results(tmp_path_factory, with_cluster) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("bench-out")
    scratch_parent = tmp_path_factory.mktemp("bench-scratch")
    saved = tempfile.tempdir
    tempfile.tempdir = str(scratch_parent)  # so the run's scratch folder is ours to inspect
    try:
        argv = [
            "--corpora",
            str(SEED_CORPUS),
            "--sizes",
            "all",
            "--queries",
            "2",
            "--warmup",
            "0",
            "--load-seconds",
            "0.3",
            "--concurrency",
            "1,2",
            "--out",
            str(out),
        ]
        if with_cluster:
            argv += ["--opensearch", OPENSEARCH_URL, "--tenfold", "yes"]
        else:
            argv += ["--no-opensearch"]
        assert run.main(argv) == 0
    finally:
        tempfile.tempdir = saved
    return out, scratch_parent


def _results(out: Path) -> dict:
    (path,) = out.glob("*.json")
    return json.loads(path.read_text())


def test_every_class_is_timed_by_every_engine(bench_results):
    size = _results(bench_results[0])["sizes"][0]
    for engine in ("app", "bare", "fts5"):
        classes = size["latency"][engine]["classes"]
        assert set(classes) == set(CLASSES)
        for cls, stats in classes.items():
            assert (stats["n"], stats["errors"]) == (2, 0), (engine, cls, stats)


def test_opensearch_is_built_and_timed_on_the_same_passages(local_cluster, bench_results):
    size = _results(bench_results[0])["sizes"][0]
    build = size["build"]
    assert build["opensearch"]["passages"] == build["verbatim"]["passages"] > 0
    assert build["opensearch"]["index_bytes"] > 0
    classes = size["latency"]["os"]["classes"]
    assert set(classes) == set(CLASSES)
    for cls, stats in classes.items():
        assert (stats["n"], stats["errors"]) == (2, 0), (cls, stats)
    http = size["http_os"]
    assert http["engine"] == "opensearch"
    for cls, stats in http["page"].items():
        assert (stats["n"], stats["errors"]) == (2, 0), (cls, stats)
    assert all(level["requests"] > 0 and level["errors"] == 0 for level in http["load"])


def test_the_tenfold_copy_is_measured_and_deleted(local_cluster, bench_results):
    size = _results(bench_results[0])["sizes"][0]
    tenfold = size["tenfold"]
    assert tenfold["build"]["passages"] == 10 * size["build"]["opensearch"]["passages"]
    for cls, stats in tenfold["latency"]["classes"].items():
        assert (stats["n"], stats["errors"]) == (2, 0), (cls, stats)
    # Every index the run wrote (named after this process, which ran it) is gone.
    left = opensearch.client(opensearch.urls_of(OPENSEARCH_URL)).indices.get(
        index=f"{opensearch.ALIAS_PREFIX}-{os.getpid()}-*",
        params={"expand_wildcards": "all", "ignore_unavailable": "true"},
    )
    assert left == {}


def test_parity_compares_every_query_on_both_engines(local_cluster, bench_results):
    out = bench_results[0]
    size = _results(out)["sizes"][0]
    rows = size["parity"]["rows"]
    assert len(rows) == 2 * len(CLASSES)
    assert all("error" not in r and 0 <= r["overlap"] <= 1 for r in rows), rows
    assert "answers" not in size["latency"]["app"] and "answers" not in size["latency"]["os"]
    # The seed corpus is small enough for both engines to agree on every total.
    assert size["parity"]["summary"]["all"]["totals_equal"] > 0
    (path,) = out.glob("parity-*.md")
    text = path.read_text()
    assert "Mean top-10 overlap" in text and "The queries that differ most" in text


def test_the_server_answers_every_class_without_errors(bench_results):
    http = _results(bench_results[0])["sizes"][0]["http"]
    for endpoint in ("page", "api"):
        for cls, stats in http[endpoint].items():
            assert not stats["available"] or (stats["n"], stats["errors"]) == (2, 0), (cls, stats)
    assert [level["clients"] for level in http["load"]] == [1, 2]
    assert all(level["requests"] > 0 and level["errors"] == 0 for level in http["load"])
    assert len(http["memory"]["workers_rss_mb"]) == 2


def test_builds_and_the_update_are_measured(bench_results):
    size = _results(bench_results[0])["sizes"][0]
    build = size["build"]
    assert build["verbatim"]["passages"] == build["bare"]["passages"] == build["fts5"]["passages"]
    assert build["verbatim"]["passages"] > 0
    indexes = ("verbatim", "bare", "fts5")
    assert all(build[k]["seconds"] > 0 and build[k]["index_bytes"] > 0 for k in indexes)
    assert build["parse_only"]["seconds"] > 0
    assert size["incremental"]["parsed_files"] >= 1
    assert size["incremental"]["passages"] == build["verbatim"]["passages"]


def test_the_report_marks_each_target_met_or_missed(bench_results):
    out = bench_results[0]
    text = (out / "latest.md").read_text()
    for heading in ("### Targets", "### Build", "### Query latency in process", "### Over HTTP"):
        assert heading in text
    size = _results(out)["sizes"][0]
    targets = size["targets"]
    # Seven for Verbatim on Whoosh and the Whoosh core's tail; four more for OpenSearch, one at
    # ten-fold.
    assert len(targets) == (13 if "tenfold" in size else 8)
    assert all(t["met"] in (True, False) for t in targets if t["value"] is not None)
    assert text.count("| met |") + text.count("| **missed** |") >= len(targets)


def test_nothing_is_left_behind(bench_results):
    out, scratch_parent = bench_results
    assert list(scratch_parent.iterdir()) == []
    size = _results(out)["sizes"][0]
    servers = [size["http"], size.get("http_os")]
    for http in filter(None, servers):
        for pid in [http["server_pid"], *map(int, http["memory"]["workers_rss_mb"])]:
            assert not os.path.exists(f"/proc/{pid}"), f"process {pid} is still running"


def test_percentiles_interpolate_between_ranks():
    assert percentile([10.0, 20.0, 30.0, 40.0, 50.0], 0.5) == 30.0
    assert percentile([10.0, 20.0], 0.95) == pytest.approx(19.5)
    assert percentile([7.0], 0.99) == 7.0


def test_sizes_are_read_in_order_with_all_last():
    assert corpus.parse_sizes("all, 100000, 10k") == [10000, 100000, None]
    with pytest.raises(ValueError):
        corpus.parse_sizes("0")


def test_file_order_does_not_depend_on_where_the_corpus_lives(tmp_path):
    first = corpus.mirror(SEED_CORPUS, tmp_path / "a")
    second = corpus.mirror(SEED_CORPUS, tmp_path / "b" / "deeper")
    assert [p.relative_to(first) for p in corpus.stable_order(first)] == [
        p.relative_to(second) for p in corpus.stable_order(second)
    ]


def test_a_query_says_the_same_thing_to_every_engine():
    phrase = Query("phrase", ("security", "council"), phrase=True)
    assert phrase.app_text() == phrase.whoosh_text() == '"security council"'
    assert phrase.fts5_text() == '"security council"'
    pair = Query("terms", ("sanctions", "energy"))
    assert pair.fts5_text() == '"sanctions" "energy"'
    assert Query.from_json(json.loads(json.dumps(pair.to_json()))) == pair


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(0, 9),
    st.sampled_from(["day", "month", "year", None]),
)
def test_a_copy_moves_k_months_back_and_keeps_its_precision(day, k, precision):
    moved = opensearch.shifted(day, k, precision)
    if precision == "year":
        assert (moved.year, moved.month) == (day.year - k, day.month)
    else:
        assert (day.year * 12 + day.month) - (moved.year * 12 + moved.month) == k
    if k == 0:
        assert moved == day


def test_copies_have_new_ids_and_hashes_and_copy_zero_is_the_passage():
    source = {
        "id": "a-1",
        "doc_id": "a",
        "prev_id": None,
        "next_id": "a-2",
        "former_ids": ["old"],
        "text_hash": "0123456789abcdef",
        "date": "2024-03-31",
        "date_precision": "day",
        "day": 20240331,
        "year": 2024,
        "text": "Peace talks.",
    }
    assert opensearch.copy_of(source, 0) is source
    copy = opensearch.copy_of(source, 3)
    assert (copy["id"], copy["doc_id"], copy["next_id"], copy["prev_id"]) == (
        "a-1~3",
        "a~3",
        "a-2~3",
        None,
    )
    assert "former_ids" not in copy and copy["text_hash"] != source["text_hash"]
    assert (copy["date"], copy["day"], copy["year"]) == ("2023-12-28", 20231228, 2023)
    assert copy["text"] == source["text"] and source["id"] == "a-1"


def test_growth_extrapolates_a_power_law_exactly():
    def size(n: int, p95: float) -> dict:
        stats = {"available": True, "n": 5, "p95": p95}
        return {
            "build": {"verbatim": {"passages": n}},
            "latency": {"app": {"classes": {"term": stats}}},
        }

    sizes = [size(10_000, 2.0), size(100_000, 20.0), size(200_000, 40.0)]
    assert report.growth(sizes, "app", 2_000_000) == {"term": 400.0}
    assert report.growth(sizes[:1], "app", 2_000_000) == {}


def test_new_classes_say_what_analysts_type():
    phrase = Query("common_phrase", ("the", "united", "states"), phrase=True)
    assert phrase.app_text() == '"the united states"' == phrase.fts5_text()
    deep = Query("page30", ("president",), page=30)
    assert deep.url_params() == {"q": "president", "page": "30"}
