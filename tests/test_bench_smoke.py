"""The benchmark's machinery, run end to end on the seed corpus with tiny counts, so it cannot rot.

Not a measurement: the figures of an index of fifteen passages mean nothing. What is checked is
that every step runs, every class is timed by every engine, the load sees no errors, the report
carries the targets, and nothing is left behind (scratch folders, the server).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

from bench import corpus, run
from bench.queries import CLASSES, Query
from bench.timing import percentile
from tests.conftest import SEED_CORPUS


@pytest.fixture(scope="module")
def bench_results(tmp_path_factory) -> tuple[Path, Path]:
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
            "1",
            "--load-seconds",
            "0.3",
            "--concurrency",
            "1,2",
            "--out",
            str(out),
        ]
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
            if stats["available"]:
                assert (stats["n"], stats["errors"]) == (2, 0), (engine, cls, stats)
            else:
                assert cls == "quote" and engine == "app" and stats["reason"]


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
    targets = _results(out)["sizes"][0]["targets"]
    assert len(targets) == 7
    assert all(t["met"] in (True, False) for t in targets if t["value"] is not None)
    assert text.count("| met |") + text.count("| **missed** |") >= len(targets)


def test_nothing_is_left_behind(bench_results):
    out, scratch_parent = bench_results
    assert list(scratch_parent.iterdir()) == []
    http = _results(out)["sizes"][0]["http"]
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
