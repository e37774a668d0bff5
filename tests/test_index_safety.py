"""An update never loses the index: removals are listed, and a large one needs --prune; a
source profile's missing extras never make a readable page unreadable."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import EXIT_PRUNE_NEEDED, main
from indexer.build import PRUNE_FREE_COUNT, PruneNeeded, build_index, summary_lines
from search.engines.whoosh.writer import WhooshTarget
from tests.conftest import write_corpus
from tests.golden_io import FIXTURE_CORPORA

DOCUMENTS = 21  # one of them is less than 5% of the index


def interview(n: int) -> str:
    return (
        f"Foreign Minister Sergey Lavrov's interview with Outlet{n}, Moscow, May {n % 28 + 1}, 2021"
        f"\n\nQuestion: Will talks number {n} go on?\n\nSergey Lavrov: Answer number {n}.\n"
    )


def corpus_of(folder: Path, count: int = DOCUMENTS) -> Path:
    return write_corpus(folder, {f"{n:03}.txt": interview(n) for n in range(count)})


def build(paths, index_dir: Path, **kwargs):
    return build_index(paths, WhooshTarget(index_dir), log=lambda line: None, workers=1, **kwargs)


def served(index_dir: Path) -> tuple[str, dict]:
    """The served build's location and manifest: what an update must leave alone if refused."""
    previous = WhooshTarget(index_dir).previous()
    assert previous is not None
    return previous.location, previous.manifest


def test_a_small_removal_goes_through_and_is_listed(tmp_path):
    corpus = corpus_of(tmp_path / "c")
    build([corpus], tmp_path / "index")
    (corpus / "007.txt").unlink()
    report = build([corpus], tmp_path / "index")
    assert [d["source"] for d in report.removed] == ["c/007.txt"]
    assert report.documents == DOCUMENTS - 1
    written = json.loads((Path(report.index_path) / "report.json").read_text())
    assert written["removed"] == report.removed
    assert any(
        line.startswith("  removed: ") and "c/007.txt" in line for line in summary_lines(report)
    )


def test_removing_more_than_a_small_share_needs_prune_and_leaves_the_index(tmp_path):
    corpus = corpus_of(tmp_path / "c")
    build([corpus], tmp_path / "index")
    before = served(tmp_path / "index")
    for name in ("001.txt", "002.txt"):  # 2 of 21: more than 5%
        (corpus / name).unlink()
    with pytest.raises(PruneNeeded) as refused:
        build([corpus], tmp_path / "index")
    assert len(refused.value.removed) == 2 and refused.value.indexed == DOCUMENTS
    assert "--prune" in str(refused.value)
    assert served(tmp_path / "index") == before
    report = build([corpus], tmp_path / "index", prune=True)
    assert sorted(d["source"] for d in report.removed) == ["c/001.txt", "c/002.txt"]
    assert report.documents == DOCUMENTS - 2


def test_more_than_the_free_count_needs_prune_whatever_the_share(tmp_path):
    corpus = corpus_of(tmp_path / "c", count=(PRUNE_FREE_COUNT + 1) * 20)
    build([corpus], tmp_path / "index")
    for path in sorted(corpus.iterdir())[: PRUNE_FREE_COUNT + 1]:  # under 5%, over the count
        path.unlink()
    with pytest.raises(PruneNeeded):
        build([corpus], tmp_path / "index")


def test_a_file_that_can_no_longer_be_read_counts_as_removed(tmp_path):
    corpus = corpus_of(tmp_path / "c", count=3)
    build([corpus], tmp_path / "index")
    (corpus / "000.txt").write_bytes(b"")
    with pytest.raises(PruneNeeded) as refused:
        build([corpus], tmp_path / "index")
    assert [d["source"] for d in refused.value.removed] == ["c/000.txt"]


def test_a_text_still_held_by_another_file_is_not_removed(tmp_path):
    corpus = corpus_of(tmp_path / "c", count=3)
    write_corpus(corpus, {"copy/000.txt": interview(0)})
    build([corpus], tmp_path / "index")
    (corpus / "000.txt").unlink()
    assert build([corpus], tmp_path / "index").removed == []


def test_a_full_rebuild_of_the_wrong_folder_is_refused_too(tmp_path):
    corpus = corpus_of(tmp_path / "c")
    build([corpus], tmp_path / "index")
    other = corpus_of(tmp_path / "other", count=1)
    with pytest.raises(PruneNeeded):
        build([other], tmp_path / "index", full=True)


def test_index_with_no_paths_and_the_wrong_corpus_exits_non_zero(tmp_path, monkeypatch):
    corpus = corpus_of(tmp_path / "c")
    runner = CliRunner()
    index = str(tmp_path / "index")
    assert runner.invoke(main, ["index", str(corpus), "--index", index]).exit_code == 0
    before = served(tmp_path / "index")
    # `verbatim index` with no paths reads $CORPUS (here: a folder with one unrelated file).
    forgotten = write_corpus(tmp_path / "forgotten", {"new.txt": interview(DOCUMENTS)})
    monkeypatch.setenv("CORPUS", str(forgotten))
    result = runner.invoke(main, ["index", "--index", index])
    assert result.exit_code == EXIT_PRUNE_NEEDED
    assert f"{DOCUMENTS} documents would be removed" in result.output
    assert "run again with --prune" in result.output and "Traceback" not in result.output
    assert served(tmp_path / "index") == before
    pruned = runner.invoke(main, ["index", "--index", index, "--prune"])
    assert pruned.exit_code == 0
    assert f"{DOCUMENTS} documents removed from the index" in pruned.output


# --- a profile's extras -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "extra"),
    [
        ("kremlin/html/56952.html", "kremlin/manifest.csv"),
        ("cmfa/html/2019-04-25_t1657875.html", "cmfa/html_index.csv"),
        ("ungd/TXT/Session 75 - 2020/USA_75_2020.txt", "ungd/Speakers_by_session.csv"),
    ],
)
def test_a_folder_laid_out_like_a_profile_without_its_extras_is_still_read(tmp_path, page, extra):
    corpus = tmp_path / "mine"
    (corpus / page).parent.mkdir(parents=True)
    shutil.copyfile(FIXTURE_CORPORA / page, corpus / page)
    report = build([corpus], tmp_path / "index")
    [file_report] = report.files
    assert file_report.status == "indexed", file_report.reason
    assert file_report.passages > 0
    [warning] = file_report.warnings
    assert Path(extra).name in warning and "read without it" in warning
    written = json.loads((Path(report.index_path) / "report.json").read_text())
    assert written["files"][0]["warnings"] == [warning]


def test_a_manifest_without_the_columns_named_is_a_warning_too(tmp_path):
    corpus = tmp_path / "mine" / "cmfa"
    (corpus / "html").mkdir(parents=True)
    page = "html/2019-04-25_t1657875.html"
    shutil.copyfile(FIXTURE_CORPORA / "cmfa" / page, corpus / page)
    (corpus / "html_index.csv").write_text("name,address\n", encoding="utf-8")
    files = build([corpus.parent], tmp_path / "index").files
    [file_report] = [f for f in files if f.path.endswith(".html")]
    assert file_report.status == "indexed"
    assert "no column" in file_report.warnings[0]


def test_a_moved_file_is_not_removed(tmp_path):
    corpus = corpus_of(tmp_path / "c", count=3)
    build([corpus], tmp_path / "index")
    (corpus / "moved").mkdir()
    (corpus / "000.txt").rename(corpus / "moved" / "000.txt")
    report = build([corpus], tmp_path / "index")
    assert report.removed == [] and report.documents == 3
