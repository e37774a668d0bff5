"""The `verbatim` command: results on stdout, errors as one line and a non-zero exit. The
commands that read an index run on each engine (the contract suite, `seed_built`)."""

import json

from click.testing import CliRunner

from cli.main import EXIT_FILES_FAILED, main
from tests.conftest import seed_id, write_corpus
from tests.engines import Built


def run(*args, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def read(built: Built, *args):
    """A command reading the seed index on the engine `built` names."""
    return run(
        *args, "--index", built.index_dir, env={"VERBATIM_ENGINE": built.engine, **built.env}
    )


def test_search_prints_ranked_passages(seed_built):
    result = read(seed_built, "search", "Nord Stream")
    assert result.exit_code == 0
    assert seed_id("2021-07-22-lavrov-interfax", 1) in result.output
    assert result.output.startswith(f"Searched {seed_built.location} ({seed_built.engine}): ")


def test_search_shows_the_matching_sentence_with_the_words_marked(seed_built):
    result = read(seed_built, "search", "rolling review")
    assert "so-called *rolling* *review* at the European Medicines Agency (EMA)." in result.output
    assert "<mark" not in result.output


def test_search_as_json(seed_built):
    result = read(seed_built, "search", "speaker:zakharova", "--json")
    body = json.loads(result.output)
    assert body["total"] == 2 and {r["speaker"] for r in body["results"]} == {"Maria Zakharova"}


def test_bad_query_is_one_clear_message(seed_built):
    result = read(seed_built, "search", "date:2021-13-45")
    assert result.exit_code != 0
    assert "Error: could not read the date" in result.output
    assert "Traceback" not in result.output


def test_missing_index_is_one_clear_message(tmp_path):
    result = run("search", "Sputnik", "--index", tmp_path / "nothing")
    assert result.exit_code == 1 and "run `verbatim index` first" in result.output


def test_missing_corpus_path_is_one_clear_message(tmp_path):
    result = run("index", tmp_path / "nowhere", "--index", tmp_path / "index")
    assert result.exit_code == 1 and "no such file or folder" in result.output


def test_index_reports_each_file_and_exits_3_when_some_failed(tmp_path):
    corpus = write_corpus(tmp_path / "c", {"ok.txt": "Sergey Lavrov: Yes.\n", "empty.txt": ""})
    result = run("index", corpus, "--index", tmp_path / "index")
    assert result.exit_code == EXIT_FILES_FAILED
    assert "failed   " in result.output and "empty file" in result.output
    assert "1 files indexed, 1 files failed" in result.output


def test_speakers_lists_passage_counts(seed_built):
    result = read(seed_built, "speakers")
    assert result.exit_code == 0
    first = result.output.splitlines()[0]
    assert first.split()[:3] == ["8", "Sergey", "Lavrov"] and "(Minister of Foreign" in first
