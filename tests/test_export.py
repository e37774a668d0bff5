"""`verbatim export`: the API's records as JSON lines or CSV, every passage once when nothing
is asked, and a CSV that reads back in pandas."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from cli.export import CSV_COLUMNS, default_name
from cli.main import main
from indexer.build import build_index
from search.engines.whoosh.writer import WhooshTarget
from tests.conftest import SEED_CORPUS
from tests.golden_io import FIXTURE_CORPORA


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    """The seed and the trimmed real pages of every reader, in English and Russian."""
    folder = tmp_path_factory.mktemp("export-index")
    build_index([SEED_CORPUS, FIXTURE_CORPORA], WhooshTarget(folder), log=lambda line: None)
    return folder


def export(index: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["export", "--index", str(index), *args])
    return result.exit_code, result.output


def indexed_ids(index: Path) -> list[str]:
    from search.engines.whoosh.searcher import IndexHandle

    return [fields["id"] for fields in IndexHandle(index).searcher().all_stored_fields()]


def test_with_nothing_asked_every_passage_is_written_once(index, tmp_path):
    out = tmp_path / "all.jsonl"
    code, output = export(index, "-o", str(out))
    assert code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(indexed_ids(index))
    assert f"wrote {len(ids)} passages" in output
    assert {r["language"] for r in records} == {"en", "ru"}


def test_records_are_the_apis_results(index, tmp_path, client):
    out = tmp_path / "lavrov.jsonl"
    export(index, "Nord Stream", "--speaker", "lavrov", "-o", str(out))
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    body = client.get("/api/search?q=Nord+Stream&speaker=lavrov").get_json()
    [api] = body["results"]
    host_free = {"url", "document_url"}  # the CLI's links name its own address
    assert {k: v for k, v in record.items() if k not in host_free | {"highlight", "score"}} == {
        k: v for k, v in api.items() if k not in host_free | {"highlight", "score"}
    }
    assert record.keys() == api.keys()


def test_csv_reads_back_in_pandas_with_a_bom_and_is_named_after_the_query(
    index, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    code, _ = export(index, "экономических OR Kurz", "--format", "csv", "--bom")
    assert code == 0
    path = tmp_path / default_name("экономических OR Kurz", "csv")
    assert path.name == "verbatim-экономических-or-kurz.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, dtype=str)
    assert tuple(frame.columns) == CSV_COLUMNS
    assert len(frame) > 0 and set(frame["language"]) == {"en", "ru"}
    assert frame["text"].str.contains("экономическ|Kurz", regex=True).any()
    jsonl = tmp_path / "same.jsonl"
    export(index, "экономических OR Kurz", "-o", str(jsonl))
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert list(frame["id"]) == [r["id"] for r in records]
    assert list(frame["text"]) == [r["text"] for r in records]
    assert list(frame["date"]) == [r["date"] or "" for r in records]


def test_every_passage_reads_back_in_pandas_whole(index, tmp_path):
    path = tmp_path / "all.csv"
    export(index, "--format", "csv", "-o", str(path))
    frame = pd.read_csv(path, keep_default_na=False, dtype=str)
    assert sorted(frame["id"]) == sorted(indexed_ids(index))
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")  # no BOM unless asked


def test_a_bad_filter_is_one_clear_message(index):
    code, output = export(index, "--from", "2021-13-45", "-o", "-")
    assert code == 1 and "Error" in output and "Traceback" not in output
